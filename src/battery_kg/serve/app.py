"""The HTTP side: a plain ASGI application served by uvicorn (h11 or httptools parse HTTP/1.1).

uvicorn brings chunked bodies, bad lengths (400), keep-alive with an idle timeout, the listen backlog
and graceful shutdown on SIGTERM/SIGINT; this module adds the SPARQL endpoint's routes, the request
size limit and the headers.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Iterable

from battery_kg.errors import BatteryKGError
from battery_kg.serve.protocol import CONTENT_TYPES, Refused, read_request
from battery_kg.serve.workers import WorkerPool

ROUTES = ("/", "/sparql", "/query")
ALLOW = "GET, HEAD, POST, OPTIONS"


def _page() -> bytes:
    return (importlib_resources.files("battery_kg") / "serve" / "static" / "index.html").read_bytes()


class App:
    """The ASGI application over a :class:`WorkerPool`."""

    def __init__(self, pool: WorkerPool, max_result_bytes: int, max_request_bytes: int = 1_000_000) -> None:
        self.pool = pool
        self.max_result_bytes = max_result_bytes
        self.max_request_bytes = max_request_bytes
        self.executor = ThreadPoolExecutor(max_workers=pool.size + pool.max_waiting + 2,
                                           thread_name_prefix="battery-kg-serve")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        try:
            status, body, ctype, extra = await self._handle(scope, receive)
        except Refused as exc:
            status, body, ctype = exc.status, (exc.message + "\n").encode(), "text/plain; charset=utf-8"
            extra = [(b"retry-after", str(exc.retry_after).encode())] if exc.retry_after else []
        headers = [(b"content-type", ctype.encode()), (b"content-length", str(len(body)).encode()),
                   (b"x-content-type-options", b"nosniff"), (b"vary", b"Accept")] + extra
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    async def _handle(self, scope, receive):
        method, path = scope["method"], scope["path"]
        if path not in ROUTES and path != "/update":
            raise Refused(404, "not found")
        if method == "OPTIONS":
            return 204, b"", "text/plain; charset=utf-8", [(b"allow", ALLOW.encode())]
        if method not in ("GET", "HEAD", "POST"):
            return 405, b"method not allowed\n", "text/plain; charset=utf-8", [(b"allow", ALLOW.encode())]
        if path == "/update":
            raise Refused(403, "updates are refused: this endpoint is read-only")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        body = await self._body(receive) if method == "POST" else b""
        query_string = scope.get("query_string", b"").decode("latin-1")
        if method != "POST" and path == "/" and "query=" not in query_string and "update=" not in query_string:
            return 200, _page(), "text/html; charset=utf-8", []
        request = read_request(method, query_string, headers.get("content-type"), body, headers.get("accept"))
        loop = asyncio.get_running_loop()
        client = (scope.get("client") or ("", 0))[0]
        fmt, answer = await loop.run_in_executor(self.executor, self.pool.run, request, self.max_result_bytes, client)
        return 200, answer, CONTENT_TYPES[fmt], []

    async def _body(self, receive) -> bytes:
        parts, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise Refused(400, "the client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_request_bytes:
                raise Refused(413, f"the request is larger than {self.max_request_bytes} bytes")
            parts.append(chunk)
            if not message.get("more_body"):
                return b"".join(parts)


@dataclass
class Endpoint:
    """A bound endpoint: ``url``; ``start()`` serves from a thread, ``serve_forever()`` from this one
    (stopping on SIGTERM or SIGINT); ``stop()`` shuts down and deletes a temporary store."""

    store_dir: Path
    pool: WorkerPool
    sock: socket.socket
    app: App
    verbose: bool = False
    idle_timeout: float = 5.0
    max_connections: int = 512
    _owned_dir: bool = False
    _server: object = None
    _thread: threading.Thread | None = None
    _stopped: bool = field(default=False)

    @property
    def url(self) -> str:
        host, port = self.sock.getsockname()[:2]
        return f"http://{host}:{port}/sparql"

    def _make_server(self):
        import uvicorn

        config = uvicorn.Config(
            self.app, lifespan="off", access_log=self.verbose, log_level="info" if self.verbose else "warning",
            timeout_keep_alive=self.idle_timeout, timeout_graceful_shutdown=5, server_header=False,
            http=_protocol(), loop="asyncio", limit_concurrency=self.max_connections,
        )
        self._server = uvicorn.Server(config)
        return self._server

    def serve_forever(self) -> None:
        """Serve until SIGTERM or SIGINT, then stop (the temporary store is removed).

        uvicorn catches the signal, shuts down gracefully, then raises it again for the handler that was
        in place before; the one set here turns SIGTERM into a normal return."""
        previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            self._make_server().run(sockets=[self.sock])
        except _Terminated:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.stop()

    def start(self) -> "Endpoint":
        server = self._make_server()
        self._thread = threading.Thread(target=server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self._thread.start()
        while not server.started and self._thread.is_alive():
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self.sock.close()
        self.app.executor.shutdown(wait=False, cancel_futures=True)
        self.pool.close()
        if self._owned_dir:
            shutil.rmtree(self.store_dir, ignore_errors=True)

    def __enter__(self) -> "Endpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class _Terminated(Exception):
    pass


def _terminated(signum, frame) -> None:
    raise _Terminated


def _protocol():
    """uvicorn's HTTP protocol (httptools if installed, else h11), with the idle timeout also applied to a
    connection that has not sent a request yet (uvicorn starts it only after a first response)."""
    import importlib.util

    if importlib.util.find_spec("httptools") is not None:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as base
    else:  # pragma: no cover - httptools is a dependency
        from uvicorn.protocols.http.h11_impl import H11Protocol as base

    class Protocol(base):
        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive,
                                                                self.timeout_keep_alive_handler)

    return Protocol


def build_store(target: Path, root: str | Path | None = None, paths: Iterable[str | Path] | None = None) -> Path:
    """Load the project (data and ontology) into an Oxigraph store on disk at ``target``, and copy the union
    of its graphs into the default graph: a query without ``FROM`` then sees everything, and one with
    ``FROM`` sees exactly the graphs it names (SPARQL 1.1, section 13.2), both read by Oxigraph alone."""
    from battery_kg.stores import open_store

    store = open_store(f"oxigraph:{target}", root=root, paths=paths)
    store.raw.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.close()
    del store
    return target


def make_endpoint(host: str = "127.0.0.1", port: int = 0, root: str | Path | None = None,
                  paths: Iterable[str | Path] | None = None, store_dir: str | Path | None = None,
                  timeout: float = 10.0, max_result_bytes: int = 50_000_000, workers: int = 2,
                  verbose: bool = False, memory_mb: float | None = 2048, max_waiting: int = 16,
                  idle_timeout: float = 5.0, backlog: int = 1024, queue_timeout: float | None = None) -> Endpoint:
    """Build the store (in a temporary folder unless ``store_dir`` is given), start the workers and bind
    the socket; call ``start()`` or ``serve_forever()``."""
    from battery_kg.net.sandbox import available

    walled, why = available()
    if not walled:
        raise BatteryKGError(f"serve runs queries only behind its network wall, and it cannot be put up here: {why}")
    owned = store_dir is None
    folder = Path(tempfile.mkdtemp(prefix="battery-kg-serve-")) if owned else Path(store_dir)
    try:
        build_store(folder / "store", root, paths)
        try:
            sock = _listen(host, port, backlog)
        except OSError as exc:
            raise BatteryKGError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        pool = WorkerPool(str(folder / "store"), workers, timeout,
                          int(memory_mb * 2**20) if memory_mb else None, max_waiting, queue_timeout)
    except BaseException:
        if owned:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return Endpoint(folder, pool, sock, App(pool, max_result_bytes), verbose=verbose, idle_timeout=idle_timeout,
                    _owned_dir=owned)


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket. Made with ``IPPROTO_TCP`` spelled out: asyncio turns Nagle's algorithm off
    (TCP_NODELAY) only on connections whose socket says so, and with it on, a keep-alive client waited
    ~40 ms per answer (header and body are two writes; the client delays its ACK)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


__all__ = ["App", "Endpoint", "build_store", "make_endpoint"]
