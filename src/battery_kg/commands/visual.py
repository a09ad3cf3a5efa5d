"""Commands that show the graph or analyse it as a network: export, plot, impact, path, rank."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from battery_kg.commands.options import endpoint_option, root_option, store_option
from battery_kg.errors import UsageError


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "yed", "gexf", "cytoscape", "json", "dot", "html"]),
              default=None, help="Output format; default: guessed from the extension of -o FILE "
              "(yed: GraphML with yEd's drawing, for files named *.yed.graphml).")
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
@store_option
@endpoint_option
@root_option
def export_command(fmt, output, statements, provenance, ontology, classes, properties, store, endpoint, root):
    """Write the graph for graph tools: GraphML (Gephi, igraph, Cytoscape; yEd with --format yed),
    GEXF, Cytoscape.js JSON, node-link JSON (D3), DOT (Graphviz) or the HTML explorer. Nodes carry
    positions (a layered layout by kind), a size from their capacity and a colour by class; sites
    carry their capacity per year as numbers (capacity_2030 = 50.0, in GWh)."""
    from battery_kg.pictures.export import guess_format, render, write
    from battery_kg.pictures.project_nx import Options, project_store
    from battery_kg.query.resolve import parse_iri

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

    if fmt == "html":  # the explorer reads the plants itself: no rdflib parse, no projection
        shaping = [name for name, used in (("--class", classes), ("--property", properties), ("--ontology", ontology),
                                           ("--statements", statements != "nodes"),
                                           ("--provenance", provenance != "attributes")) if used]
        if shaping:
            raise UsageError(f"{', '.join(shaping)}: only for the graph exports; the html explorer always shows "
                             "the plants' map and network", hint="use the explorer's own filters, or another --format")
        _export_explorer(output, store, endpoint, root)
        return
    options = Options(statements=statements, provenance=provenance, ontology=ontology,
                      classes=iris(classes, "class"), properties=iris(properties, "property"))
    from battery_kg.stores import open_store

    # graph formats read through a store's SPARQL engine (by default the project in an in-memory Oxigraph)
    graph = project_store(open_store(store, endpoint, root), options)
    if output is None:
        sys.stdout.buffer.write(render(graph, fmt))
        sys.stdout.flush()
    else:
        write(graph, output, fmt)
        click.echo(f"wrote {output} ({fmt}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", err=True)


def _export_explorer(output, store, endpoint, root) -> None:
    """The explorer page (map and network of the plants) to ``output`` or standard output."""
    from battery_kg.atomic import atomic_write_text
    from battery_kg.pictures.explorer import explorer_html
    from battery_kg.pictures.plants import plant_set, plant_set_from_files

    if store or endpoint:
        from battery_kg.stores import open_store

        plants = plant_set(None, store=open_store(store, endpoint, root))
    else:
        plants = plant_set_from_files(root=root)
    page = explorer_html(plants=plants)
    if output is None:
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        atomic_write_text(output, page)
        click.echo(f"wrote {output} (html: map and network of {len(plants.plants)} plants)", err=True)


def _store(store, endpoint, root):
    from battery_kg.stores import open_store

    return open_store(store, endpoint, root=root)


def _namer(store):
    from battery_kg.labels import labels

    return lambda node: labels(store, [node])[node]


@click.command("impact")
@click.argument("entity")
@store_option
@endpoint_option
@root_option
def impact_command(entity, store, endpoint, root):
    """Which sites, products and customers are affected if ENTITY fails (a site, an energy source,
    a grid connection, a transport mode, a place...), and along which relations.

    ENTITY is a label, a CURIE (bkr:prologium-dunkirk-grid-connection, bkv:nuclear) or an IRI.
    """
    from battery_kg.analysis.network import describe_impact, impact
    from battery_kg.query.resolve import resolve_entity

    with _store(store, endpoint, root) as graph:
        node = resolve_entity(graph, entity)
        click.echo(describe_impact(impact(graph, node), _namer(graph)))


@click.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--max-hops", type=click.IntRange(1, 8), default=4, show_default=True, help="Longest path shown.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many paths at most.")
@store_option
@endpoint_option
@root_option
def path_command(source, target, max_hops, limit, store, endpoint, root):
    """How two entities are related: the paths between them, shortest first, one per line.

    SOURCE and TARGET are labels, CURIEs or IRIs.
    """
    from battery_kg.analysis.paths import describe_path, find_paths
    from battery_kg.query.resolve import resolve_entity

    with _store(store, endpoint, root) as graph:
        name = _namer(graph)
        a, b = resolve_entity(graph, source), resolve_entity(graph, target)
        paths = find_paths(graph, a, b, max_hops=max_hops, limit=limit)
        if not paths:
            click.echo(f"no path of at most {max_hops} hops between {name(a)} and {name(b)}")
            return
        for path in paths:
            click.echo(describe_path(path, name))


@click.command("rank")
@click.option("--measure", type=click.Choice(["reach", "betweenness"]), default="reach", show_default=True,
              help="reach: how many entities depend on it; betweenness: betweenness centrality.")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True, help="How many entities to list.")
@store_option
@endpoint_option
@root_option
def rank_command(measure, limit, store, endpoint, root):
    """List entities by how much of the supply chain depends on them (a named centrality measure)."""
    from battery_kg.analysis.network import MEASURES, rank
    from battery_kg.labels import curie

    with _store(store, endpoint, root) as graph:
        click.echo(f"measure: {MEASURES[measure]}")
        for r in rank(graph, measure, limit):
            score = f"{int(r.score)}" if measure == "reach" else f"{r.score:.4f}"
            click.echo(f"{score:>8}  {r.label}  ({curie(r.node)})")


@click.group("plot")
def plot_group():
    """Charts drawn from the graph."""


@plot_group.command("capacity")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Chart file to write: .svg or .png.")
@click.option("--by", type=click.Choice(["auto", "plant", "country", "status"]), default="auto", show_default=True,
              help="plant: one line per plant; country / status: stacked bars by year; auto: plants up to "
              "a dozen, else the largest plants with the rest summed, by country and by status.")
@store_option
@endpoint_option
@root_option
def plot_capacity_command(output, by, store, endpoint, root):
    """Capacity of the cell plants by year, as the sources state it: reached figures solid, planned
    dashed, figures with no year apart (joined to nothing), each with its precision and sources."""
    from battery_kg.pictures.plot import write_capacity

    if output.suffix.lower() not in (".svg", ".png"):
        raise UsageError(f"cannot write a chart to {str(output)!r}", hint="expected a .svg or .png file")
    from battery_kg.pictures.plants import plant_set

    with _store(store, endpoint, root) as graph:
        write_capacity(None, output, by=by, plants=plant_set(None, store=graph))
    click.echo(f"wrote {output}", err=True)


COMMANDS = [export_command, impact_command, path_command, rank_command, plot_group]
