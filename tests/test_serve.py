"""serve: the SPARQL 1.1 Protocol as written, HTTP by uvicorn, and limits that hold under abuse.

Real server on 127.0.0.1, real clients (SPARQLWrapper with its defaults, rdflib's SPARQLStore, raw
sockets for what clients would not send). Abuse tests are bounded: each sends a fixed number of requests.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from battery_kg.serve import make_endpoint

pytestmark = pytest.mark.slow
BKG = "https://w3id.org/battery-kg/def#"
GIGAFACTORIES = f"SELECT ?s WHERE {{ ?s a <{BKG}Gigafactory> }} ORDER BY ?s"
# The three gigafactories of the sources (graph/organisations/verkor.trig and prologium.trig), by hand.
THREE = {"https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory",
         "https://w3id.org/battery-kg/id/prologium-dunkirk-gigafactory",
         "https://w3id.org/battery-kg/id/prologium-taiwan-gigafactory"}
ONTOLOGY = "https://w3id.org/battery-kg/def"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def endpoint(seed_root):
    """The seed project served: its answers are written by hand from the two seed articles."""
    ep = make_endpoint(root=seed_root, timeout=2, max_result_bytes=200_000, idle_timeout=1).start()
    assert ep.url.startswith("http://127.0.0.1:")
    yield ep
    ep.stop()


def call(ep, query=None, method="GET", accept="application/sparql-results+json", data=None, ctype=None,
         extra=None):
    url = ep.url
    if method in ("GET", "HEAD") and (query is not None or extra):
        url += "?" + urllib.parse.urlencode({**({"query": query} if query is not None else {}), **(extra or {})},
                                           doseq=True)
    headers = {"Accept": accept} if accept else {}
    if ctype:
        headers["Content-Type"] = ctype
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def rows(body: bytes, var: str = "s") -> list[str]:
    return [b[var]["value"] for b in json.loads(body)["results"]["bindings"] if var in b]


# ---------------------------------------------------------------- clients


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
@pytest.mark.parametrize("form", ["SELECT", "ASK"])
def test_sparqlwrapper_results(endpoint, form, fmt):
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(GIGAFACTORIES if form == "SELECT" else f"ASK {{ ?s a <{BKG}Gigafactory> }}")
    client.setReturnFormat(fmt)
    answer = client.query().convert()
    if fmt == JSON:
        assert set(rows(json.dumps(answer).encode())) == THREE if form == "SELECT" else answer["boolean"] is True
    elif fmt == XML:
        text = answer.toxml()
        assert all(iri in text for iri in THREE) if form == "SELECT" else "<boolean>true</boolean>" in text
    else:
        text = answer.decode() if isinstance(answer, bytes) else answer
        assert all(iri in text for iri in THREE) if form == "SELECT" else "true" in text


@pytest.mark.parametrize("fmt", [None, XML, RDFXML, TURTLE, N3, JSONLD])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_sparqlwrapper_graphs(endpoint, form, fmt):
    """SPARQLWrapper's default for CONSTRUCT/DESCRIBE (XML) got 406 before: format=xml overrode an Accept
    that could be served."""
    client = SPARQLWrapper(endpoint.url)
    if form == "CONSTRUCT":
        client.setQuery(f"CONSTRUCT {{ ?s a <{BKG}Gigafactory> }} WHERE {{ ?s a <{BKG}Gigafactory> }}")
    else:
        client.setQuery("DESCRIBE <https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory>")
    if fmt is not None:
        client.setReturnFormat(fmt)
    answer = client.query().convert()
    if isinstance(answer, Graph):
        graph = answer
    else:
        text = answer.decode() if isinstance(answer, bytes) else answer
        graph = Graph().parse(data=text, format={TURTLE: "turtle", N3: "n3", JSONLD: "json-ld"}[fmt])
    subjects = {str(s) for s in graph.subjects()}
    if form == "CONSTRUCT":
        assert subjects == THREE and len(graph) == 3
    else:
        assert subjects == {"https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory"} and len(graph) > 3


def test_rdflib_sparqlstore(endpoint):
    graph = Graph(store=SPARQLStore(endpoint.url))
    assert {str(r[0]) for r in graph.query(GIGAFACTORIES)} == THREE


def test_curl(endpoint):
    out = subprocess.run(["curl", "-s", "-G", "--data-urlencode", f"query={GIGAFACTORIES}", "-H",
                          "Accept: text/csv", endpoint.url], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.splitlines()[0].strip() == "s"
    assert {line.strip() for line in out.stdout.splitlines()[1:]} == THREE


# ---------------------------------------------------------------- content negotiation


@pytest.mark.parametrize("accept,expected", [
    ("text/csv", "text/csv"), ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/tab-separated-values", "text/tab-separated-values"), ("*/*", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ("text/tab-separated-values;q=0.2, text/csv;q=0.1", "text/tab-separated-values"),
])
def test_content_negotiation(endpoint, accept, expected):
    status, ctype, _ = call(endpoint, GIGAFACTORIES, accept=accept)
    assert status == 200 and ctype.startswith(expected)


def test_format_parameter_only_when_accept_cannot_be_served(endpoint):
    # an Accept that can be served wins over format
    assert call(endpoint, GIGAFACTORIES, accept="text/csv", extra={"format": "json"})[1].startswith("text/csv")
    # an Accept that cannot: format decides
    assert call(endpoint, GIGAFACTORIES, accept="image/png", extra={"format": "tsv"})[1].startswith(
        "text/tab-separated-values")
    # no Accept at all: format decides
    assert call(endpoint, GIGAFACTORIES, accept=None, extra={"format": "xml"})[1].startswith(
        "application/sparql-results+xml")


def test_decimals_spelled_as_the_cli_writes_them(endpoint):
    """capacity-roadmap of the ProLogium Dunkirk gigafactory: 0.8, 4.0, 12.0, 48.0 GWh in the source
    (graph/organisations/prologium.trig), written 48.0, not "48"^^xsd:decimal."""
    query = ("SELECT ?v WHERE { ?st <" + BKG + "site> <https://w3id.org/battery-kg/id/prologium-dunkirk-gigafactory> ; "
             "<" + BKG + "value> ?v } ORDER BY ?v")
    status, _, body = call(endpoint, query, accept="text/tab-separated-values")
    assert status == 200
    assert "48.0" in body.decode().split() and "12.0" in body.decode().split() and "decimal" not in body.decode()
    status, _, body = call(endpoint, query, accept="text/csv")
    assert "48.0" in body.decode().split()


def test_nothing_acceptable_is_406(endpoint):
    assert call(endpoint, GIGAFACTORIES, accept="image/png")[0] == 406
    assert call(endpoint, GIGAFACTORIES, accept="application/sparql-results+json;q=0")[0] == 406


def test_construct_as_turtle_by_post(endpoint):
    status, ctype, body = call(endpoint, method="POST", accept="text/turtle",
                               data=f"CONSTRUCT WHERE {{ ?s a <{BKG}Gigafactory> }}".encode(),
                               ctype="application/sparql-query")
    assert status == 200 and ctype.startswith("text/turtle")
    assert len(Graph().parse(data=body, format="turtle")) == 3


# ---------------------------------------------------------------- the dataset: FROM and the protocol


def count(endpoint, query, **extra) -> int:
    status, _, body = call(endpoint, query, extra=extra)
    assert status == 200, body
    return int(rows(body, "n")[0])


def test_from_selects_graphs_per_sparql_11(endpoint):
    everything = count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    ontology = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}")
    assert 0 < ontology < everything
    # FROM: exactly that graph as the default graph (it was ignored before: same answer as without)
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}") == ontology
    # FROM NAMED only: the default graph is empty, the named graph is there
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}") == 0
    assert count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{ONTOLOGY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") \
        == ontology
    # a graph the store does not have is empty
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) FROM <urn:x-none> WHERE { ?s ?p ?o }") == 0


def test_protocol_dataset_overrides_from(endpoint):
    ontology = count(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}")
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert count(endpoint, q, **{"default-graph-uri": ONTOLOGY}) == ontology
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) FROM <urn:x-none> WHERE { ?s ?p ?o }",
                 **{"default-graph-uri": ONTOLOGY}) == ontology
    assert count(endpoint, q, **{"named-graph-uri": ONTOLOGY}) == 0  # only named graphs: empty default graph
    graphs = call(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                  extra={"named-graph-uri": ONTOLOGY})[2]
    assert rows(graphs, "g") == [ONTOLOGY]


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX x: <urn:x>\nDROP ALL",
    "delete where { ?s ?p ?o }",
])
def test_updates_refused(endpoint, query):
    assert call(endpoint, query)[0] == 403
    form = urllib.parse.urlencode({"update": query}).encode()
    assert call(endpoint, method="POST", data=form, ctype="application/x-www-form-urlencoded")[0] == 403
    assert call(endpoint, method="POST", data=query.encode(), ctype="application/sparql-update")[0] == 403
    assert call(endpoint, method="POST", data=query.encode(), ctype="application/sparql-query")[0] == 403
    assert count(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { <urn:a> ?p ?o }") == 0


def test_service_refused(endpoint):
    status, _, body = call(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body


@pytest.mark.parametrize("query,status", [("SELECT WHERE {", 400), (" ", 400), ("", 400)])
def test_bad_or_empty_query_is_400(endpoint, query, status):
    code, _, body = call(endpoint, query)
    assert code == status and b"update" not in body


def test_unknown_path_404_and_page_offline(endpoint):
    assert call(endpoint)[0] == 400  # /sparql without a query
    base = endpoint.url[: -len("sparql")]
    assert call(type("E", (), {"url": base + "../../etc/passwd"}))[0] == 404
    with urllib.request.urlopen(base, timeout=10) as r:
        page = r.read().decode()
    assert "<textarea" in page and "<script src" not in page


# ---------------------------------------------------------------- HTTP (uvicorn)


def raw(endpoint, data: bytes, wait: float = 5.0) -> bytes:
    host, port = endpoint.sock.getsockname()[:2]
    with socket.create_connection((host, port), timeout=wait) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except socket.timeout:
            pass
    return out


def test_head_and_options(endpoint):
    status, ctype, body = call(endpoint, "ASK {}", method="HEAD")
    assert status == 200 and ctype.startswith("application/sparql-results+json") and body == b""
    status, _, _ = call(endpoint, method="OPTIONS")
    assert status == 204


def test_chunked_body(endpoint):
    body = b"ASK { ?s a <" + BKG.encode() + b"Gigafactory> }"
    half = len(body) // 2
    chunks = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (half, body[:half], len(body) - half, body[half:])
    answer = raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Accept: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n"
                           b"Connection: close\r\n\r\n" + chunks)
    assert answer.startswith(b"HTTP/1.1 200") and b'"boolean":true' in answer


@pytest.mark.parametrize("length", [b"abc", b"-1"])
def test_bad_content_length_is_400_and_server_goes_on(endpoint, length):
    answer = raw(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                           b"Content-Length: " + length + b"\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 400")
    assert call(endpoint, "ASK {}")[0] == 200


def test_idle_connection_is_closed(endpoint):
    host, port = endpoint.sock.getsockname()[:2]
    with socket.create_connection((host, port), timeout=10) as s:
        started = time.monotonic()
        assert s.recv(1) == b""  # closed by the server after its idle timeout (1 s here)
        assert time.monotonic() - started < 5


def test_request_too_large_is_413(endpoint):
    body = b"ASK {} #" + b"x" * 1_100_000
    assert call(endpoint, method="POST", data=body, ctype="application/sparql-query")[0] == 413


# ---------------------------------------------------------------- limits under abuse


def test_runaway_query_stopped_and_server_recovers(endpoint):
    started = time.monotonic()
    status, _, body = call(endpoint, SLOW)
    assert status == 503 and b"time limit" in body and time.monotonic() - started < 10
    assert call(endpoint, "ASK { ?s ?p ?o }")[0] == 200


def test_parsing_counts_toward_the_time_limit(endpoint):
    ors = " || ".join(f"?o = {i}" for i in range(4000))
    started = time.monotonic()
    status, _, _ = call(endpoint, method="POST", data=f"SELECT * WHERE {{ ?s ?p ?o FILTER({ors}) }}".encode(),
                        ctype="application/sparql-query")
    assert status in (200, 503) and time.monotonic() - started < 2 + 5


def test_large_answer_refused(endpoint):
    status, _, body = call(endpoint, "SELECT * WHERE { ?s ?p ?o . ?x a ?t }")
    assert status == 413 and b"LIMIT" in body


def test_memory_cap_replaces_the_worker():
    # 1 GB: a worker at rest reserves ~400 MB of address space (more with glibc's per-thread arenas on a busy
    # machine: 512 MB let it fail to start once); the query below needs ~2.9 GB
    with make_endpoint(timeout=20, memory_mb=1024, workers=1) as ep:
        status, _, body = call(ep, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1")
        assert status == 503 and b"memory" in body
        assert ep.pool.replaced == 1
        for _ in range(50):  # the fresh worker comes up
            if call(ep, "ASK { ?s ?p ?o }")[0] == 200:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the endpoint did not recover")


def test_bounded_queue_answers_503_with_retry_after():
    """One worker, one waiting place: two slow queries fill them, the third is told to retry at once."""
    with make_endpoint(timeout=3, workers=1, max_waiting=1) as ep:
        slow = [threading.Thread(target=call, args=(ep, SLOW)) for _ in range(2)]
        for t in slow:
            t.start()
            time.sleep(0.3)
        url = ep.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url, timeout=10)
        assert info.value.code == 503 and info.value.headers["Retry-After"]
        assert b"too many queries waiting" in info.value.read()  # refused at once, not after waiting
        for t in slow:
            t.join(20)
        assert call(ep, "ASK {}")[0] == 200


def _from(source: str, url: str, timeout: float = 30) -> tuple[int, float]:
    """GET ``url`` from the loopback address ``source``; (status, time of the answer)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    conn.request("GET", parts.path + "?" + parts.query, headers={"Accept": "application/sparql-results+json"})
    status = conn.getresponse().status
    conn.close()
    return status, time.monotonic()


def test_a_client_with_many_queries_waits_behind_the_others():
    """One worker. Client A (127.0.0.1) sends three slow queries, client B (127.0.0.2) one ASK after them:
    when A's first query is stopped, the worker goes to B (one query in the endpoint) before A's second
    (A has two)."""
    with make_endpoint(timeout=2, workers=1, max_waiting=4, queue_timeout=60) as ep:
        slow = ep.url + "?" + urllib.parse.urlencode({"query": SLOW})
        ask = ep.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        done: dict = {}
        threads = [threading.Thread(target=lambda i=i: done.__setitem__(f"a{i}", _from("127.0.0.1", slow)))
                   for i in range(3)]
        for t in threads:
            t.start()
            time.sleep(0.2)
        b = threading.Thread(target=lambda: done.__setitem__("b", _from("127.0.0.2", ask)))
        b.start()
        for t in threads + [b]:
            t.join(30)
        assert done["b"][0] == 200 and [done[f"a{i}"][0] for i in range(3)] == [503, 503, 503]
        a_times = sorted(t for status, t in (done["a0"], done["a1"], done["a2"]))
        # B was answered right after A's first query was stopped, before A's second ended
        assert a_times[0] <= done["b"][1] < a_times[1]


def test_sigterm_removes_the_temporary_store(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-m", "battery_kg", "serve", "--port", "0"], env=env,
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = process.stderr.readline()
        assert "SPARQL endpoint at http://127.0.0.1:" in line, line
        url = line.split(" at ")[1].split()[0]
        assert urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=10).status == 200
        assert any(p.name.startswith("battery-kg-serve-") for p in tmp_path.iterdir())
        process.send_signal(signal.SIGTERM)
        assert process.wait(20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert [p.name for p in Path(tmp_path).iterdir() if p.name.startswith("battery-kg-serve-")] == []


def test_keep_alive_serves_several_requests_on_one_connection(endpoint):
    host, port = endpoint.sock.getsockname()[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    for _ in range(3):
        conn.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        assert response.status == 200 and response.read() == b'{"head":{},"boolean":true}'
    conn.close()
