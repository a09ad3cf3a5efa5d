"""``validate``, ``build`` and ``stats``: the core commands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from battery_kg.release.build import build as build_release
from battery_kg.errors import UsageError
from battery_kg.load import load_project
from battery_kg.checks.report import FORMATS as REPORT_FORMATS
from battery_kg.checks.report import render
from battery_kg.stats import summarise
from battery_kg.checks.validate import validate as run_validation
from battery_kg.checks.ci_formats import FORMATS as CI_FORMATS
from battery_kg.checks.ci_formats import guess_format, render_ci
from battery_kg.checks.incremental import validate_changed
from battery_kg.checks.lint import with_lint
from battery_kg.atomic import atomic_write_text

from .options import endpoint_option, engine_option, root_option, store_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS + CI_FORMATS), default=None,
              help="Report format: text for people (file:line first), json or turtle (the SHACL report) for programs, "
              "github (Actions annotations) or junit (XML) for CI. Default: guessed from -o, else text.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--changed", metavar="REV", is_flag=False, flag_value="HEAD", default=None,
              help="Check only the nodes of data files changed since the git revision REV (default HEAD), "
              "and the nodes their shapes reach; says on stderr how many nodes it checked.")
@click.option("--no-lint", is_flag=True, help="Skip the vocabulary lint (battery-kg lint).")
@engine_option
@root_option
def validate(paths: tuple[Path, ...], fmt: str | None, output: Path | None, changed: str | None, no_lint: bool,
             engine: str, root: Path | None) -> None:
    """Check the data against the SHACL shapes and the vocabulary lint.

    PATHS are data files or folders (default: the project's graph/). Exit 0 if the data
    conforms, 1 if it does not (or a lint error is found), 2 on a usage or input error.
    """
    if changed is not None and engine != "pyshacl":
        raise UsageError("--changed runs pySHACL on the changed nodes only; it takes no --engine")
    project = load_project(paths or None, root=root)
    fmt = fmt or guess_format(output)
    if changed is not None:
        run = validate_changed(project, changed)
        click.echo(run.summary(), err=True)
        report = run.report if no_lint else with_lint(project, run.report, run.changed_files, run.checked)
    else:
        report = run_validation(project, engine=engine)
        report = report if no_lint else with_lint(project, report)
    text = render_ci(report, fmt, project) if fmt in CI_FORMATS else render(report, fmt)
    if output is not None:
        atomic_write_text(output, text, parents=False)
    else:
        click.echo(text, nl=False)
    raise SystemExit(0 if report.conforms else 1)


@click.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder to write the artefacts into.")
@click.option("--no-visuals", is_flag=True, help="Skip the explorer, chart, GraphML and ontology docs.")
@root_option
def build(outdir: Path, no_visuals: bool, root: Path | None) -> None:
    """Validate (shapes and lint, as validate does), then write the graph as TriG, N-Quads, Turtle,
    N-Triples and JSON-LD, with the pictures.

    Nothing is written if the data does not conform (exit 1). The release is written into a new
    folder beside the output folder and swapped in whole, so an interrupted build leaves the previous
    release complete; an existing folder that is not a release is refused (exit 2). The same input
    gives byte-identical files.
    """
    project = load_project(root=root)
    result = build_release(project, outdir, visuals=not no_visuals)
    if not result.ok:
        click.echo(render(result.report, "text"), nl=False, err=True)
        click.echo("battery-kg: not built: the data does not conform", err=True)
        raise SystemExit(1)
    assert result.summary is not None
    click.echo(result.summary.as_text(), nl=False)
    click.echo(f"\nwrote {len(result.written)} files to {outdir}/", err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@store_option
@endpoint_option
@root_option
def stats(fmt: str, store: str | None, endpoint: str | None, root: Path | None) -> None:
    """Print entities by class and facts by source."""
    from battery_kg.stores import open_store

    with open_store(store, endpoint, root) as source:
        summary = summarise(source)
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(summary.as_text(), nl=False)


COMMANDS = [validate, build, stats]
