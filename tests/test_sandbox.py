"""The network wall (battery_kg.net.sandbox), and the pyoxigraph behaviours that serve and the query path build on.

Each claim the endpoint's design rests on is checked here against the real engine, so that a new
pyoxigraph that behaves otherwise fails a test instead of opening a hole.
"""

from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest

from battery_kg.net import sandbox
from battery_kg.errors import InputError
from battery_kg.net.sandbox import NetworkRefused, call_without_network

from conftest import Listener


@pytest.fixture()
def ear(tmp_path):
    item = Listener((tmp_path / "none.ttl").as_uri())
    yield item
    item.close()


def test_available_here():
    ok, why = sandbox.available()
    assert ok, why


def test_result_and_exception_come_back():
    assert call_without_network(lambda a, b=0: a + b, 2, b=3) == 5
    with pytest.raises(ZeroDivisionError):
        call_without_network(lambda: 1 / 0)


@pytest.mark.parametrize("family,kind", [
    (socket.AF_INET, socket.SOCK_STREAM), (socket.AF_INET, socket.SOCK_DGRAM),
    (socket.AF_INET6, socket.SOCK_STREAM), (socket.AF_PACKET, socket.SOCK_RAW),
])
def test_no_network_socket_inside(family, kind):
    with pytest.raises(NetworkRefused) as info:
        call_without_network(socket.socket, family, kind)
    assert isinstance(info.value, InputError) and info.value.exit_code == 2
    assert str(info.value) == "SERVICE is refused: queries run without network access"


def test_local_sockets_inside_and_network_outside(ear):
    left, right = call_without_network(socket.socketpair)  # AF_UNIX stays allowed
    left.close()
    right.close()
    socket.create_connection(("127.0.0.1", ear.port), timeout=5).close()  # this thread is not walled
    for _ in range(50):
        if ear.hits:
            break
        __import__("time").sleep(0.05)
    assert ear.hits  # the listener works (so the tests that expect silence can fail)


def test_oxigraph_service_is_refused_and_the_listener_hears_nothing(ear):
    store = ox.Store()

    def run(text):
        return list(store.query(text))

    with pytest.raises(NetworkRefused):
        call_without_network(run, f"SELECT * WHERE {{ SERVICE <{ear.url}> {{ ?s ?p ?o }} }}")
    assert ear.hits == []


def test_oxigraph_reads_an_update_given_to_query_as_a_syntax_error():
    """serve relies on this to try the text as an update only after query() refused it."""
    with pytest.raises(SyntaxError):
        ox.Store().query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(SyntaxError):
        ox.Store().query("LOAD <http://127.0.0.1:1/x>")


def _store():
    store = ox.Store()
    for name, s in (("urn:g1", "urn:a"), ("urn:g2", "urn:b")):
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode(name)))
    store.add(ox.Quad(ox.NamedNode("urn:c"), ox.NamedNode("urn:p"), ox.Literal("x")))
    return store


def subjects(store, text, **kwargs):
    return sorted(str(r["s"].value) for r in store.query(text, **kwargs))


def test_oxigraph_dataset_rules_serve_builds_on():
    store = _store()
    q = "SELECT ?s FROM <urn:g1> WHERE { ?s ?p ?o }"
    # FROM picks exactly that graph when no dataset is passed ...
    assert subjects(store, q) == ["urn:a"]
    # ... but use_default_graph_as_union overrides it (so serve does not pass it: it copies the union into
    # the default graph instead) ...
    assert subjects(store, q, use_default_graph_as_union=True) == ["urn:a", "urn:b", "urn:c"]
    # ... and default_graph / named_graphs (the protocol's dataset) replace the query's FROM, per the protocol.
    assert subjects(store, q, default_graph=[ox.NamedNode("urn:g2")]) == ["urn:b"]
    assert subjects(store, "SELECT ?s FROM NAMED <urn:g1> WHERE { ?s ?p ?o }") == []
    assert subjects(store, "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[ox.NamedNode("urn:g1")]) \
        == ["urn:a"]
    # a FROM naming a file reads nothing: it is just a graph name the store does not have
    assert subjects(store, "SELECT ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }") == []
