"""Every store (Oxigraph in memory, on disk, a SPARQL endpoint) gives the same answers to the query catalogue;
one dataset semantics (FROM picks graphs of the store); a store on disk knows the files it holds."""

from __future__ import annotations

import shutil

import pytest

from battery_kg.load import load_project
from battery_kg.namespaces import sparql_prologue
from battery_kg.query import bind_params, catalogue, with_values
from battery_kg.errors import UsageError
from battery_kg.stores import EndpointStore, OxigraphStore, StoreError, open_store, parse_store_spec
from battery_kg.stores.oxigraph import MANIFEST

from conftest import answers, canon

PROJECT = load_project()
QUERIES = [q for q in catalogue(PROJECT.resources) if q.engine == "sparql"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    from battery_kg.serve import make_endpoint

    endpoint = make_endpoint(timeout=20).start()
    try:
        yield {
            "parsed": OxigraphStore.from_project(PROJECT),
            "folder": open_store(f"oxigraph:{tmp_path_factory.mktemp('kg') / 'store'}"),
            "oxigraph-files": open_store("oxigraph"),
            "endpoint": EndpointStore(endpoint.url, union=False),
        }
    finally:
        endpoint.stop()


def test_catalogue_is_not_empty():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_same_answers_on_every_store(stores, query):
    params = bind_params(query, {}, stores["parsed"]) if all(p.default is not None for p in query.params) else None
    if params is None:
        pytest.skip(f"{query.name} has a parameter without a default")
    text = sparql_prologue() + with_values(query.text, params)
    expected = answers(stores["parsed"], text)
    for name in ("folder", "oxigraph-files", "endpoint"):
        assert answers(stores[name], text) == expected, name


def test_stats_and_export_agree(stores):
    expected = stores["parsed"].stats()
    assert expected["triples"] == len(PROJECT.data)
    assert expected["ontology_triples"] == len(PROJECT.ontology)
    for name in ("folder", "oxigraph-files", "endpoint"):
        assert stores[name].stats() == expected, name
    quads = sorted(tuple(canon(t) for t in q) for q in stores["parsed"].quads())  # blank nodes compared as one
    assert sorted(tuple(canon(t) for t in q) for q in stores["oxigraph-files"].quads()) == quads


# ---- one dataset semantics: FROM and FROM NAMED pick graphs of the store, never a file or a URL

SOURCE = "https://w3id.org/battery-kg/id/graph-prologium-dunkirk-article"
COUNT = "SELECT (COUNT(*) AS ?n) %s WHERE { %s }"


def count(store, dataset: str, pattern: str = "?s ?p ?o") -> int:
    return int(store.query(COUNT % (dataset, pattern)).rows[0][0])


def test_from_picks_a_graph_of_the_store(stores):
    store = stores["oxigraph-files"]
    per_graph = store.counts()
    assert SOURCE in per_graph  # the graph named here is one of the project's sources
    assert count(store, f"FROM <{SOURCE}>") == per_graph[SOURCE]
    assert count(store, f"FROM NAMED <{SOURCE}>", "GRAPH ?g { ?s ?p ?o }") == per_graph[SOURCE]
    assert count(store, f"FROM NAMED <{SOURCE}>") == 0  # FROM NAMED alone: an empty default graph
    # Without FROM the default graph is every graph; Oxigraph matches a triple once per graph stating it.
    assert count(store, "") == len(store)


def test_from_never_reads_a_file_or_a_url(stores, tmp_path):
    data = tmp_path / "other.ttl"
    data.write_text("<urn:x> <urn:p> <urn:o> .\n")
    store = stores["oxigraph-files"]
    assert count(store, f"FROM <{data.as_uri()}>") == 0
    assert count(store, "FROM <http://127.0.0.1:9/data.ttl>") == 0


def test_a_word_from_in_a_string_or_iri_keeps_the_union(stores):
    store = stores["oxigraph-files"]
    assert count(store, "", "?s ?p ?o FILTER(STR(?p) != 'FROM <urn:x>')") == count(store, "") > 0


# ---- a store on disk knows the files it was loaded from


def project_copy(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PROJECT.resources.graph, root / "graph")
    (root / "ontology").symlink_to(PROJECT.resources.ontology)
    (root / "queries").symlink_to(PROJECT.resources.queries)
    return root


def test_store_on_disk_is_reused_while_the_files_are_unchanged(tmp_path):
    root, folder = project_copy(tmp_path), tmp_path / "kg"
    first = open_store(f"oxigraph:{folder}", root=root)
    n = len(first)
    first.raw.add(__import__("pyoxigraph").Quad(*(__import__("pyoxigraph").NamedNode("urn:marker"),) * 3))
    first.close()
    del first
    again = open_store(f"oxigraph:{folder}", root=root)
    assert len(again) == n + 1  # not reloaded: the marker added by hand is still there
    again.close()


def test_store_on_disk_reloads_when_a_file_changed(tmp_path, capsys):
    root, folder = project_copy(tmp_path), tmp_path / "kg"
    first = open_store(f"oxigraph:{folder}", root=root)
    n = len(first)
    first.close()
    del first
    changed = sorted((root / "graph").rglob("*.trig"))[0]
    changed.write_text(changed.read_text() + "\n<urn:new> <urn:p> <urn:o> .\n")
    again = open_store(f"oxigraph:{folder}", root=root)
    assert len(again) == n + 1
    assert f"{changed.resolve()} changed" in capsys.readouterr().err
    assert again.query("ASK { <urn:new> <urn:p> <urn:o> }").boolean


def test_store_on_disk_without_a_manifest_is_refused(tmp_path):
    root, folder = project_copy(tmp_path), tmp_path / "kg"
    open_store(f"oxigraph:{folder}", root=root).close()
    (folder / MANIFEST).unlink()
    with pytest.raises(StoreError, match="battery-kg did not load"):
        open_store(f"oxigraph:{folder}", root=root)


def test_bad_store_spec():
    for spec in ("sqlite", "rdflib", "oxigraph:"):
        with pytest.raises(UsageError):
            parse_store_spec(spec)


# ---- SERVICE never leaves the process (battery_kg.net.sandbox)


def test_service_never_leaves_the_process(stores):
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(3)
    port = listener.getsockname()[1]
    called = []

    def accept():
        try:
            conn, _ = listener.accept()
            called.append(True)
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    try:
        stores["oxigraph-files"].query(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    except Exception:  # refused: what is wanted, as long as nothing was sent
        pass
    thread.join()
    listener.close()
    assert called == []
