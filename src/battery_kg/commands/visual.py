"""Commands that show the graph or analyse it as a network: export, plot, impact, path, rank."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from battery_kg.commands.options import root_option
from battery_kg.errors import UsageError


def _load(root):
    from battery_kg.load import load_project

    return load_project(root=root)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "cytoscape", "json", "dot", "html"]),
              default=None, help="Output format; default: guessed from the extension of -o FILE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (atomically). Default: standard output.")
@click.option("--statements", type=click.Choice(["nodes", "fold"]), default="nodes", show_default=True,
              help="Keep qualified statements (capacity, jobs, funding...) as nodes, or fold them into "
              "their site or organisation as attributes.")
@click.option("--provenance", type=click.Choice(["attributes", "nodes", "none"]), default="attributes",
              show_default=True, help="Sources as node and edge attributes, as nodes of their own, or left out.")
@click.option("--ontology/--no-ontology", default=False, show_default=True,
              help="Keep the SKOS concepts the data uses (status, technology...) as nodes.")
@click.option("--class", "classes", multiple=True, metavar="CURIE",
              help="Keep only entities of this class or its subclasses (repeatable), e.g. bkg:Site.")
@click.option("--property", "properties", multiple=True, metavar="CURIE",
              help="Keep only edges of this property (repeatable), e.g. bkg:operatedBy.")
@root_option
def export_command(fmt, output, statements, provenance, ontology, classes, properties, root):
    """Write the graph for graph tools: GraphML (Gephi, yEd, Cytoscape), GEXF, Cytoscape.js JSON,
    node-link JSON (D3), DOT (Graphviz) or the HTML explorer."""
    from battery_kg.export import guess_format, render, write
    from battery_kg.project_nx import Options, project
    from battery_kg.resolve import parse_iri

    if fmt is None:
        if output is None:
            raise UsageError("give --format, or -o FILE with a known extension")
        fmt = guess_format(output)

    def iris(values, what):
        out = set()
        for v in values:
            iri = parse_iri(v)
            if iri is None:
                raise UsageError(f"expected a {what} as a CURIE or IRI, got {v!r}")
            out.add(iri)
        return frozenset(out) if out else None

    options = Options(statements=statements, provenance=provenance, ontology=ontology,
                      classes=iris(classes, "class"), properties=iris(properties, "property"))
    loaded = _load(root)
    graph = project(loaded, options)
    if output is None:
        sys.stdout.buffer.write(render(graph, fmt, loaded))
        sys.stdout.flush()
    else:
        write(graph, output, fmt, loaded)
        click.echo(f"wrote {output} ({fmt}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", err=True)


COMMANDS = [export_command]
