"""A remote SPARQL 1.1 Protocol endpoint (``--endpoint URL``) read with plain HTTP, and the HTTP helpers
that ``publish`` shares: credentials from the environment, URLs redacted in messages."""

from __future__ import annotations

import base64
import json
import os
import urllib.parse
from typing import Iterator, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from battery_kg.namespaces import bind_prefixes
from battery_kg.stores.base import Quad, QueryResult, Store
from battery_kg.stores.terms import StoreError, plain



def auth_header() -> str | None:
    """The Authorization header from the environment: ``BATTERY_KG_TOKEN`` (bearer) or
    ``BATTERY_KG_USER`` + ``BATTERY_KG_PASSWORD`` (basic). Never from the command line."""
    token = os.environ.get("BATTERY_KG_TOKEN")
    if token:
        return f"Bearer {token}"
    user = os.environ.get("BATTERY_KG_USER")
    if user is not None:
        secret = f"{user}:{os.environ.get('BATTERY_KG_PASSWORD', '')}".encode()
        return "Basic " + base64.b64encode(secret).decode("ascii")
    return None


def redact(url: str) -> str:
    """A URL as it may be shown or logged: without user info, query string or fragment.

    >>> redact("http://bob:secret@host:7878/store?token=x")
    'http://host:7878/store'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def http_request(url: str, method: str = "GET", data: bytes | None = None, headers: Mapping[str, str] | None = None,
                 timeout: float = 60.0) -> tuple[int, bytes, str]:
    """One HTTP request by :mod:`battery_kg.net.http_client` (checked URL, no redirects, the environment's
    credentials to that origin only); returns (status, body, content type)."""
    from battery_kg.net.http_client import HTTPError, request

    try:
        return request(url, method, data, headers, timeout)
    except HTTPError as exc:
        raise StoreError(exc.message) from None


def _json_term(value: Mapping | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if value.get("xml:lang"):
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    return plain(Literal(value["value"], datatype=URIRef(datatype) if datatype else None))


class EndpointStore(Store):
    """A remote SPARQL 1.1 Protocol endpoint (``--endpoint URL``), read with plain HTTP.

    The query's default graph is made the union of the endpoint's named graphs (``default-graph-uri``
    for each), as in the other stores; pass ``union=False`` for servers that already do so.
    """

    name = "endpoint"

    def __init__(self, url: str, union: bool = True, timeout: float = 120.0) -> None:
        from battery_kg.net.http_client import check_url

        self.url = check_url(url)
        self.union = union
        self.timeout = timeout
        self._graphs: list[str] | None = None

    def _post(self, sparql: str, accept: str, dataset: bool) -> tuple[bytes, str]:
        fields = [("query", sparql)]
        if dataset and self.union:
            graphs = self._named_graphs()
            fields += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        body = urllib.parse.urlencode(fields).encode()
        status, data, ctype = http_request(
            self.url, "POST", body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, self.timeout,
        )
        if status >= 400:
            raise StoreError(f"{redact(self.url)} answered {status}: {data[:300].decode('utf-8', 'replace').strip()}")
        return data, ctype

    def _named_graphs(self) -> list[str]:
        if self._graphs is None:
            data, _ = self._post("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", "application/sparql-results+json", False)
            self._graphs = sorted(b["g"]["value"] for b in json.loads(data)["results"]["bindings"] if "g" in b)
        return self._graphs

    def _query(self, sparql: str) -> QueryResult:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        data, ctype = self._post(sparql, accept, True)
        if "json" in ctype:
            doc = json.loads(data)
            if "boolean" in doc:
                return QueryResult("ask", boolean=bool(doc["boolean"]))
            names = doc["head"].get("vars", [])
            rows = [tuple(_json_term(b.get(n)) for n in names) for b in doc["results"]["bindings"]]
            return QueryResult("select", names, rows)
        graph = bind_prefixes(Graph())
        fmt = "turtle" if "turtle" in ctype else "xml" if "xml" in ctype else "nt"
        graph.parse(data=data, format=fmt)
        return QueryResult("graph", graph=graph)

    def quads(self) -> Iterator[Quad]:
        named = self._post("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json",
                           False)[0]
        seen: set = set()
        for b in json.loads(named)["results"]["bindings"]:
            quad = (_json_term(b["s"]), _json_term(b["p"]), _json_term(b["o"]), _json_term(b["g"]))
            seen.add(quad[:3])
            yield quad
        default = self._post("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+json", False)[0]
        for b in json.loads(default)["results"]["bindings"]:
            triple = (_json_term(b["s"]), _json_term(b["p"]), _json_term(b["o"]))
            if triple not in seen:  # servers whose default graph is already the union
                yield (*triple, None)
