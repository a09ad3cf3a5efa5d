"""``lint`` and ``mutate``: checks of the vocabulary, the ontology and the shapes themselves."""

from __future__ import annotations

from pathlib import Path

import click

from battery_kg.atomic import atomic_write_text
from battery_kg.checks.ci_formats import render_ci
from battery_kg.checks.consistency import meta_shacl_findings, owl_rl_findings
from battery_kg.checks.lint import has_errors, lint as run_lint
from battery_kg.load import load_project
from battery_kg.checks.mutate import KINDS, run as run_mutations
from battery_kg.checks.report import render
from battery_kg.checks.validate import Finding, Report

from .options import root_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "junit"]), default="text",
              show_default=True, help="Report format, as for validate.")
@click.option("--consistency", is_flag=True,
              help="Also compute the OWL 2 RL closure (owlrl) of ontology and data and report inconsistencies, "
              "and check the shapes against the W3C SHACL-for-SHACL shapes (a few seconds more).")
@root_option
def lint(paths: tuple[Path, ...], fmt: str, consistency: bool, root: Path | None) -> None:
    """Check the vocabulary: declared terms, labels and definitions, IRIs, datatypes, prefixes.

    Every class and property the data uses must be declared in the ontology (or be a standard
    RDF/RDFS/SKOS term); every declared term needs a label and a definition; no blank nodes; bkr:
    IRIs follow the project's pattern; literals carry the datatype the ontology gives the property;
    no unused prefixes; no node typed with two disjoint classes. Exit 0 if there is no error (warnings
    allowed), 1 if there is one, 2 on a usage or input error.
    """
    project = load_project(paths or None, root=root)
    findings = run_lint(project)
    if consistency:
        findings += owl_rl_findings(project) + meta_shacl_findings(project.shapes)
    findings = sorted(set(findings), key=Finding.sort_key)
    report = Report(conforms=not has_errors(findings), findings=findings)
    click.echo(render_ci(report, fmt) if fmt in ("github", "junit") else render(report, fmt), nl=False)
    raise SystemExit(0 if report.conforms else 1)


@click.command()
@click.option("--kind", "kinds", type=click.Choice(KINDS), multiple=True,
              help="Only mutants of this kind (repeatable). Default: every kind.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="text: a table by kind and the mutants that survived; json: every mutant; markdown: the table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the result to FILE (atomically) instead of stdout.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=100.0, show_default=True,
              help="Exit 1 when fewer than this percentage of mutants are caught.")
@root_option
def mutate(kinds: tuple[str, ...], fmt: str, output: Path | None, min_score: float, root: Path | None) -> None:
    """Break the graph in every systematic way, one change at a time, and count what validation catches.

    Kinds: drop a required property, change a literal's datatype, turn an IRI into text, make a number
    negative, move a year backwards, remove a source, add a second value where one is allowed (a
    second operator), point a property at a node of the wrong class. One mutant per kind and shape.
    Exit 0 when the score reaches --min-score, 1 when it does not.
    """
    project = load_project(root=root)
    result = run_mutations(project, kinds or None)
    text = {"text": result.as_text, "json": result.as_json, "markdown": result.as_markdown}[fmt]()
    if output is not None:
        atomic_write_text(output, text, parents=False)
    else:
        click.echo(text, nl=False)
    raise SystemExit(0 if result.score * 100 >= min_score else 1)


COMMANDS = [lint, mutate]
