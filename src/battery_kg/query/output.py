"""How a query's answer is written: a table for people (labels for IRIs), the W3C SPARQL results
formats for programs (csv, tsv, json, xml), Turtle or JSON-LD for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rdflib import Variable
from rdflib.query import Result
from rdflib.term import Literal, Node, URIRef

from battery_kg.errors import UsageError
from battery_kg.labels import curie, labels
from battery_kg.namespaces import bind_prefixes
from battery_kg.stores import QueryResult

TABLE_FORMATS = ("table",)
RESULT_FORMATS = ("csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "json-ld")
FORMATS = TABLE_FORMATS + RESULT_FORMATS + GRAPH_FORMATS
"""Output formats: a table for people, W3C SPARQL results formats, RDF for CONSTRUCT/DESCRIBE."""

EXTENSIONS = {
    ".txt": "table", ".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml",
    ".srx": "xml", ".ttl": "turtle", ".jsonld": "json-ld",
}
"""Format guessed from the extension of ``-o FILE``."""

def format_name(fmt: str | None, output: str | Path | None) -> str:
    """The output format: ``fmt`` when given, else guessed from ``output``'s extension, else table."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}", hint="expected one of " + ", ".join(FORMATS))
        return fmt
    if output is not None:
        return EXTENSIONS.get(Path(output).suffix.lower(), "table")
    return "table"


def serialize(result: QueryResult, fmt: str, label: Callable[[Node], str] | None = curie) -> bytes:
    """``result`` in ``fmt``: a table (labels for IRIs), a W3C SPARQL results format, or RDF.

    SELECT and ASK results in JSON, XML and CSV are written by rdflib's serializers; TSV (which rdflib
    does not write) by pyoxigraph, from the JSON. CONSTRUCT and DESCRIBE give Turtle (also for
    ``table``) or JSON-LD (also for ``json``).
    """
    if result.kind == "graph":
        graph = bind_prefixes(result.graph)
        if fmt in ("table", "turtle"):
            return graph.serialize(format="turtle").encode("utf-8")
        if fmt in ("json", "json-ld"):
            return graph.serialize(format="json-ld").encode("utf-8")
        raise UsageError(f"a CONSTRUCT query gives a graph: format {fmt!r} is for SELECT or ASK results",
                         hint="use turtle or json-ld")
    form = result.kind.upper()
    if fmt in GRAPH_FORMATS:
        raise UsageError(f"a {form} query gives results, not a graph: format {fmt!r} is for CONSTRUCT or DESCRIBE",
                         hint="use table, csv, tsv, json or xml")
    if fmt == "table":
        return format_table(result, label or curie).encode("utf-8")
    if result.kind == "ask" and fmt in ("csv", "tsv"):
        raise UsageError(f"the SPARQL {fmt.upper()} results format has no form for ASK results", hint="use json or xml")
    rdflib_result = _rdflib_result(result)
    if fmt == "tsv":
        import pyoxigraph

        parsed = pyoxigraph.parse_query_results(rdflib_result.serialize(format="json"),
                                                format=pyoxigraph.QueryResultsFormat.JSON)
        return parsed.serialize(format=pyoxigraph.QueryResultsFormat.TSV)
    data = rdflib_result.serialize(format=fmt)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _rdflib_result(answer: QueryResult) -> Result:
    """The answer in the shape rdflib's result serializers write (they are used for writing only)."""
    if answer.kind == "ask":
        result = Result("ASK")
        result.askAnswer = bool(answer.boolean)
        return result
    result = Result("SELECT")
    result.vars = [Variable(v) for v in answer.vars]
    result.bindings = [{Variable(v): t for v, t in zip(answer.vars, row) if t is not None} for row in answer.rows]
    return result


def cell(node: Node | None, label: Callable[[Node], str] = curie) -> str:
    """How one value shows in a table: nothing for unbound, a label for an IRI, the text of a literal.

    >>> cell(None), cell(Literal(True)), cell(URIRef("https://w3id.org/battery-kg/id/x"))
    ('', 'true', 'bkr:x')
    """
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    return label(node)


def format_table(result: QueryResult, label: Callable[[Node], str] = curie) -> str:
    """A plain-text table for people: a header, a rule, one line per row, and the row count.

    >>> from rdflib import Literal
    >>> print(format_table(QueryResult("select", ["n", "name"], [(Literal(1), Literal("one"))])), end="")
    n  name
    -  ----
    1  one
    (1 row)
    """
    if result.kind == "ask":
        return ("true" if result.boolean else "false") + "\n"
    names = list(result.vars)
    rows = [[cell(value, label) for value in row] for row in result.rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def labeller(store, result: QueryResult) -> Callable[[Node], str]:
    """Labels, read from ``store`` in one go, for the IRIs of ``result``, for :func:`format_table`."""
    found = labels(store, {v for row in result.rows for v in row if isinstance(v, URIRef)})
    return lambda node: found.get(node) or curie(node)


__all__ = ["EXTENSIONS", "FORMATS", "cell", "format_name", "format_table", "labeller", "serialize"]
