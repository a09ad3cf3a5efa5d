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
