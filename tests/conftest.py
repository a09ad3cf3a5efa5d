"""Fixtures shared by several test files: a real Oxigraph server on loopback, and the seed project.

The seed project is the graph as the two seed articles made it (their files, the gazetteer of their
places and the source catalogue), in a root of its own: tests whose hand-written answers describe
those facts run on it, so that the graph can grow without changing what they prove.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from decimal import Decimal

import pytest
from pathlib import Path
from rdflib import BNode, Literal

ROOT = Path(__file__).resolve().parents[1]
SEED_GRAPH_FILES = ("sources.trig", "places.trig", "organisations/verkor.trig", "organisations/prologium.trig",
                    "organisations/alpine.trig", "organisations/rte.trig")


def make_seed_root(folder: Path) -> Path:
    """A project root in ``folder`` with the shipped ontology and queries and only the seed graph files."""
    for name in SEED_GRAPH_FILES:
        target = folder / "graph" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "graph" / name, target)
    (folder / "ontology").symlink_to(ROOT / "ontology")
    (folder / "queries").symlink_to(ROOT / "queries")
    return folder


@pytest.fixture(scope="session")
def seed_root(tmp_path_factory) -> Path:
    """Root of the seed project (see the module docstring)."""
    return make_seed_root(tmp_path_factory.mktemp("seed"))


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


def canon(term):
    """A term as compared across stores: literals by value (Oxigraph writes 16.0 as 16, Virtuoso numbers its own
    way), blank nodes as one, other terms as they are."""
    if isinstance(term, BNode):
        return ("bnode", "")
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)))
        return ("literal", str(term.datatype), str(value))
    return ("term", term.n3() if term is not None else "")


def answers(store, text):
    """A query's answer on ``store``, in a form that compares equal across stores."""
    result = store.query(text)
    if result.kind == "ask":
        return result.boolean
    if result.kind == "graph":
        return sorted(tuple(canon(t) for t in triple) for triple in result.graph)
    return result.vars, sorted(tuple(canon(t) for t in row) for row in result.rows)
