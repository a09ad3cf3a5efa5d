"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, with an offline page to run queries.

* ``GET /sparql?query=...``, ``POST`` as a form (``query=...``) or as ``application/sparql-query``;
  ``/`` without a query shows the query page (plain HTML and JavaScript shipped in the package, no CDN).
* Content negotiation: SELECT/ASK answer as SPARQL results JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE
  as Turtle, N-Triples or RDF/XML (``Accept`` header, or a ``format`` parameter).
* Updates are refused (403), and so is any query with a ``SERVICE`` clause (403), found by parsing the
  query with rdflib's SPARQL parser, not by looking for a word: neither Oxigraph's read-only server
  nor rdflib-endpoint would refuse a federated call to any address.
* The data lives in an Oxigraph store on disk, opened read-only by worker processes. Oxigraph cannot
  interrupt a running query, so a query that runs past the time limit has its worker process killed
  (and replaced): the client gets 503 and the server keeps serving. Answers larger than the size limit
  are cut off with 413, never sent truncated.
* It binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import multiprocessing
import queue
import shutil
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Iterable

from battery_kg.errors import BatteryKGError

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
}
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",
}


class Refused(BatteryKGError):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- checking a query


def check_query(text: str) -> str:
    """Parse ``text`` and return its form (``select``, ``ask``, ``construct``, ``describe``).

    Raises :class:`Refused`: 403 for an update or a ``SERVICE`` clause anywhere, 400 for bad syntax.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }")
    'select'
    >>> check_query("SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    battery_kg.serve.Refused: federated queries (SERVICE) are refused by this endpoint
    >>> check_query("# SERVICE in a comment is fine\\nASK { ?s ?p 'SERVICE' }")
    'ask'
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except Exception as exc:
        try:
            parseUpdate(text)
        except Exception:
            raise Refused(400, f"not a valid SPARQL query: {exc}") from None
        raise Refused(403, "updates are refused: this endpoint is read-only") from None
    if _has_service(tree):
        raise Refused(403, "federated queries (SERVICE) are refused by this endpoint")
    name = tree[1].name  # SelectQuery, AskQuery, ConstructQuery, DescribeQuery
    return name.replace("Query", "").lower()


def _has_service(node) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                return True
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(list(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
    return False


def negotiate(form: str, accept: str | None, fmt: str | None) -> str:
    """The result format for a query of ``form``, from a ``format`` parameter or the Accept header.

    >>> negotiate("select", "text/csv, */*;q=0.1", None)
    'csv'
    >>> negotiate("construct", None, None)
    'turtle'
    """
    table = GRAPH_TYPES if form in ("construct", "describe") else SELECT_TYPES
    names = set(table.values())
    if fmt:
        if fmt in names:
            return fmt
        by_type = table.get(fmt)
        if by_type:
            return by_type
        raise Refused(406, f"format {fmt!r} is not offered for {form.upper()}; offered: {', '.join(sorted(names))}")
    default = "turtle" if table is GRAPH_TYPES else "json"
    if not accept:
        return default
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *options = [x.strip() for x in part.split(";")]
        q = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    q = float(option[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, position, media.lower()))
    for _q, _pos, media in sorted(ranked):
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise Refused(406, f"none of the accepted types is offered for {form.upper()}")


# ---------------------------------------------------------------- workers


class _Limited:
    """A write target that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise OverflowError
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _worker_main(conn, path: str) -> None:  # pragma: no cover - runs in a child process
    import pyoxigraph as ox

    store = ox.Store.read_only(path)
    results_formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                       "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
    graph_formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                     "rdfxml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS}
    while True:
        try:
            text, fmt, limit = conn.recv()
        except EOFError:
            return
        try:
            result = store.query(text, use_default_graph_as_union=True)
            out = _Limited(limit)
            if isinstance(result, ox.QueryTriples):
                result.serialize(out, graph_formats[fmt])
            else:
                result.serialize(out, results_formats[fmt])
            conn.send(("ok", b"".join(out.parts)))
        except OverflowError:
            conn.send(("error", 413, f"the answer is larger than the limit of {limit} bytes; add a LIMIT"))
        except (SyntaxError, OSError, ValueError, TypeError) as exc:
            conn.send(("error", 400, f"query failed: {exc}"))


class _Worker:
    def __init__(self, ctx, path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, path), daemon=True)
        self.process.start()
        child.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Processes that each hold the store read-only; a query that overruns kills its worker."""

    def __init__(self, path: str, size: int = 2, timeout: float = 10.0) -> None:
        self.path = path
        self.timeout = timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(max(1, size)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.path)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def run(self, text: str, fmt: str, limit: int) -> bytes:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Refused(503, "the endpoint is busy; try again") from None
        try:
            worker.conn.send((text, fmt, limit))
            if not worker.conn.poll(self.timeout):
                raise TimeoutError
            answer = worker.conn.recv()
        except (TimeoutError, EOFError, OSError) as exc:
            self._replace(worker)
            if isinstance(exc, TimeoutError):
                raise Refused(503, f"the query ran longer than the time limit of {self.timeout:g} s and was stopped") \
                    from None
            raise Refused(500, "the query worker failed; it has been restarted") from None
        self._idle.put(worker)
        if answer[0] == "ok":
            return answer[1]
        raise Refused(answer[1], answer[2])

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.remove(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()


# ---------------------------------------------------------------- HTTP


def _page() -> bytes:
    return (importlib_resources.files("battery_kg") / "serve_static" / "index.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    server: "_HTTPServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet unless asked
        if self.server.endpoint.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path not in ("/", "/sparql", "/query"):
            return self._send(404, b"not found\n", "text/plain; charset=utf-8")
        if "update" in params:
            return self._refuse(Refused(403, "updates are refused: this endpoint is read-only"))
        if "query" not in params:
            if url.path == "/":
                return self._send(200, _page(), "text/html; charset=utf-8")
            return self._refuse(Refused(400, "missing query parameter"))
        self._answer(params["query"][0], params)

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.server.endpoint.max_request_bytes:
            return self._refuse(Refused(413, "request too large"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if ctype == "application/sparql-update" or url.path == "/update":
            return self._refuse(Refused(403, "updates are refused: this endpoint is read-only"))
        if ctype == "application/sparql-query":
            text = body
        elif ctype == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(body))
            if "update" in params:
                return self._refuse(Refused(403, "updates are refused: this endpoint is read-only"))
            if "query" not in params:
                return self._refuse(Refused(400, "missing query parameter"))
            text = params["query"][0]
        else:
            return self._refuse(Refused(415, f"unsupported content type {ctype!r}"))
        self._answer(text, params)

    def _answer(self, text: str, params: dict) -> None:
        endpoint = self.server.endpoint
        try:
            # default-graph-uri / named-graph-uri are ignored: the dataset is always the whole graph,
            # with the union of its graphs as the default graph.
            form = check_query(text)
            fmt = negotiate(form, self.headers.get("Accept"), (params.get("format") or [None])[0])
            body = endpoint.pool.run(text, fmt, endpoint.max_result_bytes)
        except Refused as exc:
            return self._refuse(exc)
        self._send(200, body, CONTENT_TYPES[fmt])

    def _refuse(self, exc: Refused) -> None:
        self._send(exc.status, (exc.message + "\n").encode(), "text/plain; charset=utf-8")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    endpoint: "Endpoint"


@dataclass
class Endpoint:
    """A running endpoint: ``url``, and ``stop()`` to shut it down and delete its temporary store."""

    store_dir: Path
    pool: WorkerPool
    httpd: _HTTPServer
    max_result_bytes: int
    max_request_bytes: int = 1_000_000
    verbose: bool = False
    _owned_dir: bool = False
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> "Endpoint":
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.pool.close()
        if self._owned_dir:
            shutil.rmtree(self.store_dir, ignore_errors=True)

    def __enter__(self) -> "Endpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def build_store(target: Path, root: str | Path | None = None, paths: Iterable[str | Path] | None = None) -> Path:
    """Load the project (data and ontology) into an Oxigraph store on disk at ``target``."""
    from battery_kg.store import open_store

    store = open_store(f"oxigraph:{target}", root=root, paths=paths)
    store.close()
    del store
    return target


def make_endpoint(host: str = "127.0.0.1", port: int = 0, root: str | Path | None = None,
                  paths: Iterable[str | Path] | None = None, store_dir: str | Path | None = None,
                  timeout: float = 10.0, max_result_bytes: int = 50_000_000, workers: int = 2,
                  verbose: bool = False) -> Endpoint:
    """Build the store (unless ``store_dir`` already holds one) and bind the server; call ``start()``."""
    owned = store_dir is None
    folder = Path(tempfile.mkdtemp(prefix="battery-kg-serve-")) if owned else Path(store_dir)
    try:
        build_store(folder / "store", root, paths)
        pool = WorkerPool(str(folder / "store"), workers, timeout)
        try:
            httpd = _HTTPServer((host, port), _Handler)
        except OSError as exc:
            pool.close()
            raise BatteryKGError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    except BaseException:
        if owned:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    endpoint = Endpoint(folder, pool, httpd, max_result_bytes, verbose=verbose, _owned_dir=owned)
    httpd.endpoint = endpoint
    return endpoint


__all__ = ["Endpoint", "Refused", "check_query", "make_endpoint", "negotiate"]

