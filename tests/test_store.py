"""Every store (rdflib, Oxigraph, a SPARQL endpoint) gives the same answers to the query catalogue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal

from battery_kg.load import load_project
from battery_kg.namespaces import sparql_prologue
from battery_kg.query import bind_params, catalogue, with_values
from battery_kg.store import EndpointStore, OxigraphStore, RdflibStore, open_store, parse_store_spec

PROJECT = load_project()
QUERIES = [q for q in catalogue(PROJECT.resources) if q.engine == "sparql"]


def canon(term):
    """Compare literals by value (Oxigraph writes 16.0 as 16), other terms as they are."""
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)))
        return ("literal", str(term.datatype), str(value))
    return ("term", term.n3() if term is not None else "")


def answers(store, text):
    result = store.query(text)
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return sorted(tuple(canon(t) for t in triple) for triple in result.graph)
    return result.vars, sorted(tuple(canon(t) for t in row) for row in result.rows)


@pytest.fixture(scope="module")
def stores():
    from battery_kg.serve import make_endpoint

    endpoint = make_endpoint(timeout=20).start()
    try:
        yield {
            "rdflib": RdflibStore.from_project(PROJECT),
            "oxigraph": OxigraphStore.from_project(PROJECT),
            "oxigraph-files": open_store("oxigraph"),
            "endpoint": EndpointStore(endpoint.url, union=False),
        }
    finally:
        endpoint.stop()


def test_catalogue_is_not_empty():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_same_answers_on_every_store(stores, query):
    params = bind_params(query, {}, PROJECT.merged()) if all(p.default is not None for p in query.params) else None
    if params is None:
        pytest.skip(f"{query.name} has a parameter without a default")
    text = sparql_prologue() + with_values(query.text, params)
    expected = answers(stores["rdflib"], text)
    for name in ("oxigraph", "oxigraph-files", "endpoint"):
        assert answers(stores[name], text) == expected, name


def test_stats_and_export_agree(stores):
    expected = stores["rdflib"].stats()
    assert expected["triples"] == len(PROJECT.data)
    for name in ("oxigraph", "oxigraph-files", "endpoint"):
        assert stores[name].stats() == expected, name
    quads = {tuple(canon(t) for t in q) for q in stores["rdflib"].quads()}
    assert {tuple(canon(t) for t in q) for q in stores["oxigraph"].quads()} == quads


def test_persistent_oxigraph_is_reused(tmp_path):
    first = open_store(f"oxigraph:{tmp_path / 'kg'}")
    n = len(first)
    first.close()
    del first
    again = open_store(f"oxigraph:{tmp_path / 'kg'}")
    assert len(again) == n > 0


def test_bad_store_spec():
    from battery_kg.errors import UsageError

    with pytest.raises(UsageError):
        parse_store_spec("sqlite")
