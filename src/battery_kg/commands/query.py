"""``battery-kg queries`` (the catalogue) and ``battery-kg query`` (run one): thin layers over
:mod:`battery_kg.query`."""

from __future__ import annotations

from pathlib import Path

import click

from battery_kg.atomic import atomic_write_bytes
from battery_kg.commands.options import endpoint_option, root_option, store_option
from battery_kg.errors import InputError, UsageError


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param expects NAME=VALUE, got {item!r}")
        if name.strip() in params:
            raise UsageError(f"parameter {name.strip()} given twice")
        params[name.strip()] = value
    return params


@click.command("queries")
@root_option
def queries_command(root: Path | None) -> None:
    """List the query catalogue: name, title and parameters of each query in queries/."""
    from battery_kg.query import catalogue
    from battery_kg.resources import locate

    for q in catalogue(locate(root)):
        params = "; ".join(p.describe() for p in q.params) or "no parameters"
        engine = "  [networkx]" if q.engine != "sparql" else ""
        click.echo(f"{q.name}  {q.title}{engine}\n    parameters: {params}")


@click.command("query")
@click.argument("query", required=False)
@click.option("-e", "--expression", help="Run this SPARQL text instead of a catalogue query (no PREFIX lines needed).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (repeatable). Entities by label, CURIE or IRI; years as 2030.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "json-ld"]),
              default=None, help="Output format. Default: from -o's extension, else table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of stdout.")
@store_option
@endpoint_option
@root_option
def query_command(query: str | None, expression: str | None, params: tuple[str, ...], fmt: str | None,
                  output: Path | None, store: str | None, endpoint: str | None, root: Path | None) -> None:
    """Run QUERY (a catalogue name or a .rq file) or -e SPARQL over the graph.

    People get a table with labels; programs get the W3C SPARQL results formats (csv, tsv, json,
    xml); CONSTRUCT and DESCRIBE give turtle or json-ld.
    """
    from battery_kg.query import adhoc, bind_params, find_query, format_name, labeller, run, serialize
    from battery_kg.resources import locate
    from battery_kg.stores import open_store

    if (query is None) == (expression is None):
        raise UsageError("give either a query name or .rq file, or -e 'SPARQL'", hint="battery-kg queries lists the names")
    values = _params(params)
    remote = open_store(store, endpoint, root) if endpoint else None  # a bad URL or option is said first
    if expression is not None:
        if values:
            raise UsageError("-e takes no --param: an ad-hoc query has no declared parameters")
        qf = adhoc(expression)
    else:
        qf = find_query(query, locate(root))
    fmt = format_name(fmt, output)
    with remote if remote is not None else open_store(store, None, root) as source:
        result = run(source, qf, bind_params(qf, values, source))
        data = serialize(result, fmt, labeller(source, result) if fmt == "table" else None)
    if output is None:
        stdout = click.get_binary_stream("stdout")
        stdout.write(data)  # bytes as serialised: CSV keeps the CRLF line ends its specification requires
        stdout.flush()
    else:
        try:
            atomic_write_bytes(output, data, parents=False)
        except OSError as exc:
            raise InputError(f"cannot write: {exc.strerror}", path=output) from None


COMMANDS = [queries_command, query_command]
