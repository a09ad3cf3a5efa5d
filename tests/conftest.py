"""Fixtures shared by several test files: a real Oxigraph server on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """Base URL of an empty ``oxigraph serve`` on 127.0.0.1, started for the module and stopped after.

    In CI (``CI=true``) a missing ``oxigraph`` binary fails the test instead of skipping it.
    """
    binary = shutil.which("oxigraph")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the oxigraph binary is missing (pip install oxigraph)")
        pytest.skip("the oxigraph binary is missing (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("ox")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection it gets (and answers each with a
    SPARQL result and a Turtle triple holding the word LEAKED, so that a leak would also show)."""

    BODY = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"LEAKED-42"}}]}}'
    ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n"
              b"Content-Length: %d\r\n\r\n" % len(BODY)) + BODY


    def __init__(self, file_iri: str) -> None:
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.sock.settimeout(0.2)
        self.host = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.port = self.sock.getsockname()[1]
        self.url = f"http://{self.host}/sparql"
        self.file_iri = file_iri
        self.hits: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.hits.append(conn.recv(4096) or b"(connected, sent nothing)")
                    conn.sendall(self.ANSWER)
                except OSError:
                    self.hits.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener(tmp_path_factory):
    """A :class:`Listener` and a local Turtle file (``listener.file_iri``) that no query may read."""
    folder = tmp_path_factory.mktemp("leak")
    secret = folder / "secret.ttl"
    secret.write_text('<urn:x-leak:s> <urn:x-leak:p> "LEAKED-42" .\n', encoding="utf-8")
    item = Listener(secret.as_uri())
    yield item
    item.close()
