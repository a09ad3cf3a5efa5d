"""``validate``, ``build`` and ``stats``: the core commands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from battery_kg.build import build as build_release
from battery_kg.load import load_project
from battery_kg.report import FORMATS as REPORT_FORMATS
from battery_kg.report import render
from battery_kg.stats import summarise
from battery_kg.validate import validate as run_validation

from .options import root_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="Report format: text for people (file:line first), json or turtle (the SHACL report) for programs.")
@root_option
def validate(paths: tuple[Path, ...], fmt: str, root: Path | None) -> None:
    """Check the data against the SHACL shapes.

    PATHS are data files or folders (default: the project's graph/). Exit 0 if the data
    conforms, 1 if it does not, 2 on a usage or input error.
    """
    project = load_project(paths or None, root=root)
    report = run_validation(project)
    click.echo(render(report, fmt), nl=False)
    raise SystemExit(0 if report.conforms else 1)


@click.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Folder to write the artefacts into.")
@click.option("--no-visuals", is_flag=True, help="Skip the explorer, chart, GraphML and ontology docs.")
@root_option
def build(outdir: Path, no_visuals: bool, root: Path | None) -> None:
    """Validate, then write the graph as TriG, N-Quads, Turtle, N-Triples and JSON-LD.

    Nothing is written if the data does not conform (exit 1). The same input gives
    byte-identical files; every file is written atomically.
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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@root_option
def stats(fmt: str, root: Path | None) -> None:
    """Print entities by class and facts by source."""
    summary = summarise(load_project(root=root))
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(summary.as_text(), nl=False)


COMMANDS = [validate, build, stats]
