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

import pytest
from pathlib import Path

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
