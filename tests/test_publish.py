"""publish round-trips on a real Oxigraph server, which the test starts and stops."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.release.publish import PublishError, publish
from battery_kg.stores import EndpointStore, open_store

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


# ---------------------------------------------------------------- URLs, redirects and secrets (issue 11)


@pytest.mark.parametrize("url,words", [
    ("not-a-url", "not a URL"),
    ("file:///etc/passwd", "only http and https"),
    ("ftp://127.0.0.1/store", "only http and https"),
    ("http://bob:secret@127.0.0.1:7/store", "user name or password in the URL is refused"),
    ("http://bob:secret@127.0.0.1/store", "user name or password in the URL is refused"),
    ("http://127.0.0.1:99999/store", "not a valid URL"),
])
def test_bad_urls_are_one_line_exit_2_before_anything_is_sent(url, words):
    for args in (["publish", "--endpoint", url], ["query", "gigafactories", "--endpoint", url]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert words in result.output and "secret" not in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output


class _Redirect(BaseHTTPRequestHandler):
    target = ""
    seen: list = []

    def log_message(self, *args):
        pass

    def _any(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).seen.append((self.command, self.headers.get("Authorization")))
        self.send_response(302)
        self.send_header("Location", type(self).target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = _any


@pytest.fixture()
def redirecting(listener):
    _Redirect.target = listener.url.replace("/sparql", "/elsewhere")
    _Redirect.seen = []
    listener.hits.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_redirect_is_an_error_naming_its_target_and_credentials_stay_home(redirecting, listener, monkeypatch):
    monkeypatch.setenv("BATTERY_KG_USER", "bob")
    monkeypatch.setenv("BATTERY_KG_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("BATTERY_KG_AUTH", "basic")  # credentials on the first request: they must not follow
    result = CliRunner().invoke(main, ["publish", "--endpoint", redirecting + "/store"])
    assert result.exit_code == 2
    assert "redirect to " + listener.url.replace("/sparql", "/elsewhere") in result.output
    assert "written: 0 graph(s)" in result.output and "not written: 7" in result.output
    assert "s3cret" not in result.output and "published" not in result.output
    assert len(_Redirect.seen) == 1 and _Redirect.seen[0][1].startswith("Basic ")  # one try, to the origin
    assert listener.hits == []  # never followed: the other host got nothing, credentials least of all


def test_query_endpoint_through_a_redirect_says_so(redirecting, listener, monkeypatch):
    monkeypatch.setenv("BATTERY_KG_TOKEN", "t0ken")
    result = CliRunner().invoke(main, ["query", "-e", "ASK {}", "--endpoint", redirecting + "/sparql"])
    assert result.exit_code == 2 and "redirect to" in result.output and "t0ken" not in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, KeyError)
    assert listener.hits == []


def test_credentials_only_to_the_origin():
    from battery_kg.net.http_client import HTTPError, Session

    with Session("http://127.0.0.1:1/store", environ={"BATTERY_KG_TOKEN": "x"}) as session:
        with pytest.raises(HTTPError, match="not on"):
            session.request("http://127.0.0.1:2/store")
