"""publish round-trips on a real Oxigraph server, which the test starts and stops."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.publish import PublishError, publish
from battery_kg.store import EndpointStore, open_store

from conftest import free_port

pytestmark = pytest.mark.slow


def test_round_trip_keeps_graph_counts_and_is_idempotent(oxigraph_server):
    local = open_store("oxigraph")
    result = CliRunner().invoke(main, ["publish", "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    remote = EndpointStore(oxigraph_server + "/query")
    first = remote.counts()
    assert first == local.counts()
    assert len(first) >= 7  # six sources and the ontology
    publish(local, oxigraph_server + "/store")  # again, adding: nothing changes
    publish(local, oxigraph_server + "/store", replace=True)
    assert EndpointStore(oxigraph_server + "/query").counts() == first


def test_one_graph(oxigraph_server):
    local = open_store("oxigraph")
    report = publish(local, oxigraph_server + "/store", graph="urn:x-battery-kg:all", replace=True)
    remote = EndpointStore(oxigraph_server + "/query").counts()
    # One graph holds each distinct triple once: a fact stated by two sources counts once here.
    distinct = len({(q.subject, q.predicate, q.object) for q in local._store})
    assert distinct < len(local)
    assert remote["urn:x-battery-kg:all"] == report.triples == distinct


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def log_message(self, *args):
        pass

    def _any(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.command, self.path, self.headers.get("Authorization")))
        status = 204 if len(type(self).seen) <= 2 else 403
        self.send_response(status)
        self.send_header("Content-Length", "9" if status == 403 else "0")
        self.end_headers()
        if status == 403:
            self.wfile.write(b"forbidden")

    do_POST = do_PUT = _any


def test_auth_header_sent_and_refusal_exits_2(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/store"
    monkeypatch.setenv("BATTERY_KG_TOKEN", "s3cret")
    try:
        result = CliRunner().invoke(main, ["publish", "--endpoint", url])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2
    assert "HTTP 403" in result.output and "written: 2 graph(s)" in result.output and "not written: 72" in result.output  # 74 - 2
    assert "s3cret" not in result.output
    assert all(auth == "Bearer s3cret" for _, _, auth in _Recorder.seen)


def test_unreachable_server_is_reported():
    with pytest.raises(PublishError) as info:
        publish(open_store("oxigraph"), f"http://127.0.0.1:{free_port()}/store", timeout=2)
    assert info.value.written == [] and len(info.value.not_written) == 74  # 73 fact graphs + the ontology
