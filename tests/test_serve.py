"""serve: a read-only SPARQL endpoint that refuses updates and SERVICE and stops runaway queries."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from battery_kg.serve import make_endpoint

pytestmark = pytest.mark.slow
GIGAFACTORIES = "SELECT ?s WHERE { ?s a <https://w3id.org/battery-kg/def#Gigafactory> } ORDER BY ?s"


@pytest.fixture(scope="module")
def endpoint():
    ep = make_endpoint(timeout=2, max_result_bytes=200_000).start()
    assert ep.httpd.server_address[0] == "127.0.0.1"
    yield ep
    ep.stop()


def call(ep, query=None, method="GET", accept="application/sparql-results+json", data=None, ctype=None):
    url = ep.url
    if method == "GET":
        url += "?" + urllib.parse.urlencode({"query": query})
    headers = {"Accept": accept}
    if ctype:
        headers["Content-Type"] = ctype
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def test_sparqlwrapper(endpoint):
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(GIGAFACTORIES)
    client.setReturnFormat(JSON)
    rows = [b["s"]["value"] for b in client.query().convert()["results"]["bindings"]]
    assert "https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory" in rows and len(rows) == 18


def test_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint.url))
    rows = [r[0] for r in graph.query(GIGAFACTORIES)]
    assert URIRef("https://w3id.org/battery-kg/id/prologium-dunkirk-gigafactory") in rows and len(rows) == 18


@pytest.mark.parametrize("accept,expected", [
    ("text/csv", "text/csv"), ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values"), ("*/*", "application/sparql-results+json"),
])
def test_content_negotiation(endpoint, accept, expected):
    status, ctype, _ = call(endpoint, "ASK { ?s ?p ?o }", accept=accept)
    assert status == 200 and ctype.startswith(expected)


def test_construct_as_turtle_by_post(endpoint):
    status, ctype, body = call(endpoint, method="POST", accept="text/turtle",
                               data=b"CONSTRUCT WHERE { ?s a <https://w3id.org/battery-kg/def#Gigafactory> }",
                               ctype="application/sparql-query")
    assert status == 200 and ctype.startswith("text/turtle")
    # 18 gigafactories: the seed articles' 3 and the 15 of the European pages
    assert len(Graph().parse(data=body, format="turtle")) == 18


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x>\nDROP ALL",
])
def test_updates_refused(endpoint, query):
    assert call(endpoint, query)[0] == 403
    form = urllib.parse.urlencode({"update": query}).encode()
    assert call(endpoint, method="POST", data=form, ctype="application/x-www-form-urlencoded")[0] == 403
    assert call(endpoint, method="POST", data=query.encode(), ctype="application/sparql-update")[0] == 403


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { ?a ?b ?c OPTIONAL { service   silent <http://example.org/> { ?s ?p ?o } } }",
])
def test_service_refused(endpoint, query):
    status, _, body = call(endpoint, query)
    assert status == 403 and b"SERVICE" in body


def test_runaway_query_stopped_and_server_recovers(endpoint):
    status, _, body = call(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert status == 503 and b"time limit" in body
    assert call(endpoint, "ASK { ?s ?p ?o }")[0] == 200


def test_large_answer_refused(endpoint):
    status, _, body = call(endpoint, "SELECT * WHERE { ?s ?p ?o . ?x a ?t }")
    assert status == 413 and b"LIMIT" in body


def test_query_page_is_offline(endpoint):
    with urllib.request.urlopen(endpoint.url[: -len("sparql")], timeout=10) as r:
        page = r.read().decode()
    assert "<textarea" in page and "http://" not in page.replace("http://www.w3.org", "").replace(
        "https://w3id.org", "") and "<script src" not in page


def test_bad_syntax_is_400(endpoint):
    assert call(endpoint, "SELECT WHERE {")[0] == 400
