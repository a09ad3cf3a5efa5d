"""The SPARQL 1.1 Protocol, as far as a read-only endpoint needs it: reading a request into a query and
its dataset, and choosing the answer's format (content negotiation).

Nothing here reads the query text: what the query is (a query or an update, SELECT or CONSTRUCT, with
or without ``FROM``) is decided by the engine that runs it (see :mod:`battery_kg.serve.workers`).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from battery_kg.errors import BatteryKGError

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "text/n3": "n3",
    "application/n3": "n3",
    "text/rdf+n3": "n3",
    "application/turtle": "turtle",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "n3": "text/n3; charset=utf-8",
}
# short names a ``format`` parameter may use (SPARQLWrapper sends json, xml, turtle, n3, rdf, csv, tsv)
FORMAT_NAMES = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples", "ntriples": "ntriples",
    "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "nquads": "nquads", "json-ld": "jsonld",
    "jsonld": "jsonld",
}
GRAPH_DEFAULT_FOR = {"json": "jsonld", "xml": "rdfxml", "csv": "turtle", "tsv": "turtle"}


class Refused(BatteryKGError):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Request:
    """A query request: the text, the protocol's dataset (``None``: the query's own, or the whole store),
    the Accept header and the ``format`` parameter."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    accept: str | None = None
    format: str | None = None


def read_request(method: str, query_string: str, content_type: str | None, body: bytes,
                 accept: str | None) -> Request:
    """The query request carried by an HTTP request, per the SPARQL 1.1 Protocol (section 2.1).

    >>> read_request("GET", "query=ASK%7B%7D&default-graph-uri=urn%3Ag", None, b"", None)
    Request(query='ASK{}', default_graphs=('urn:g',), named_graphs=(), accept=None, format=None)
    >>> read_request("POST", "", "application/sparql-query", b"ASK {}", "text/csv").query
    'ASK {}'
    """
    params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    ctype = (content_type or "").split(";")[0].strip().lower()
    if method == "POST":
        if ctype == "application/sparql-update":
            raise Refused(403, "updates are refused: this endpoint is read-only")
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(_text(body), keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            if "query" in params:
                raise Refused(400, "a query given both as the body and as a query parameter")
            params["query"] = [_text(body)]
        else:
            raise Refused(415, f"unsupported content type {ctype!r}: send application/sparql-query or a form")
    if "update" in params:
        raise Refused(403, "updates are refused: this endpoint is read-only")
    queries = params.get("query") or []
    if len(queries) != 1:
        raise Refused(400, "missing query parameter" if not queries else "more than one query parameter")
    if not queries[0].strip():
        raise Refused(400, "the query is empty")
    default = params.get("default-graph-uri")
    named = params.get("named-graph-uri")
    dataset = default is not None or named is not None
    return Request(
        queries[0],
        tuple(default or ()) if dataset else None,
        tuple(named or ()) if dataset else None,
        accept,
        (params.get("format") or [None])[0],
    )


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"the request body is not UTF-8 (byte {exc.start})") from None


def _ranked(accept: str) -> list[tuple[float, int, str]]:
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *options = [x.strip() for x in part.split(";")]
        if not media:
            continue
        q = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        # a more specific range wins over a wider one at the same q (RFC 9110, 12.5.1)
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranked.append((q, specificity, position, media.lower()))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [(q, pos, media) for q, _s, pos, media in ranked]


def negotiate(kind: str, accept: str | None, fmt: str | None) -> str:
    """The answer's format for a result of ``kind`` (``select``, ``ask`` or ``graph``).

    The Accept header decides, with its q-values (``q=0`` means "not this"); the ``format`` parameter
    is used only when the Accept header names nothing that can be served (SPARQLWrapper sends both),
    or when there is no Accept header at all.

    >>> negotiate("select", "text/csv, */*;q=0.1", None)
    'csv'
    >>> negotiate("graph", None, None)
    'turtle'
    >>> negotiate("graph", "application/rdf+xml", "json")  # an Accept that can be served wins over format
    'rdfxml'
    >>> negotiate("select", "text/csv;q=0, application/sparql-results+xml", None)
    'xml'
    """
    table = GRAPH_TYPES if kind == "graph" else SELECT_TYPES
    default = "turtle" if kind == "graph" else "json"
    if accept and accept.strip():
        ranked = _ranked(accept)
        refused = {media for q, _pos, media in ranked if q <= 0}
        for q, _pos, media in ranked:
            if q <= 0:
                continue
            if media in table and table[media] not in refused:
                return table[media]
            if media.endswith("/*"):
                # a range: the default format if it is in the range and not refused, else the first one that is
                names = [default] + [n for n in table.values() if n != default]
                for name in names:
                    served_as = _first_media(name)
                    if served_as not in refused and _within(served_as, media):
                        return name
    if fmt:
        name = FORMAT_NAMES.get(fmt.lower()) or table.get(fmt.lower())
        if kind == "graph" and name in GRAPH_DEFAULT_FOR:
            name = GRAPH_DEFAULT_FOR[name]
        if name in set(table.values()):
            return name
        if not accept:
            raise Refused(406, f"format {fmt!r} is not offered for this query; "
                               f"offered: {', '.join(sorted(set(table.values())))}")
    if not accept or not accept.strip():
        return default
    raise Refused(406, "none of the accepted types is offered for this query; offered: "
                       + ", ".join(sorted(set(table))))


def _within(media: str, pattern: str) -> bool:
    return pattern == "*/*" or media.startswith(pattern[:-1])


def _first_media(name: str) -> str:
    return CONTENT_TYPES[name].split(";")[0]


__all__ = ["CONTENT_TYPES", "Refused", "Request", "negotiate", "read_request"]
