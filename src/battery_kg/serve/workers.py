"""Query worker processes: each holds the store read-only and runs one query at a time, walled off.

* **Read by the engine only.** A worker hands the query text to Oxigraph as it came; Oxigraph's own
  parser decides what it is. A text Oxigraph does not read as a query is tried as an update on an
  empty in-memory store (never the data): if Oxigraph reads it as one, the answer is 403, otherwise 400.
* **No network.** Each worker puts the seccomp wall (:mod:`battery_kg.net.sandbox`) on its query thread
  once the store is open: whatever Oxigraph reads as ``SERVICE`` fails there and is answered 403.
  ``FROM``/``FROM NAMED`` name graphs of the store (Oxigraph never fetches them).
* **Time.** The parent waits ``timeout`` seconds for the answer, parsing included; past it the worker
  is killed and replaced (503).
* **Memory.** Each worker runs under ``RLIMIT_AS``; a query that needs more makes the worker fail,
  and it is replaced (503).
* **Queue.** At most ``max_waiting`` requests wait for a worker; more get 503 with ``Retry-After`` at
  once, and a request that waited ``timeout`` seconds without a worker gets the same. A freed worker
  goes to the waiting request whose client (address) has the fewest queries running.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

from battery_kg.serve.protocol import Refused, Request, negotiate


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


def answer(store, request: Request, limit: int) -> tuple[str, bytes]:
    """Run ``request`` on the pyoxigraph ``store`` (behind the wall already); (format name, body) or Refused."""
    import pyoxigraph as ox

    from battery_kg.net.sandbox import tried_network

    kwargs = {}
    if request.default_graphs is not None:
        try:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs or ()]
        except ValueError as exc:
            raise Refused(400, f"default-graph-uri or named-graph-uri is not an IRI: {exc}") from None
    else:
        # The store's default graph holds the union of its graphs (see build_store), so a query
        # without FROM sees everything and a query with FROM sees exactly the graphs it names.
        pass
    try:
        result = store.query(request.query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            kind = "ask"
        elif isinstance(result, ox.QueryTriples):
            kind = "graph"
        else:
            kind = "select"
        fmt = negotiate(kind, request.accept, request.format)
        out = _Limited(limit)
        if kind == "select":
            result.serialize(out, ox.QueryResultsFormat.JSON)
            data = b"".join(out.parts)
            if _DECIMAL in data:
                data = _decimals_as_written(data)
            if fmt == "json":
                return fmt, data
            out = _Limited(limit)
            ox.parse_query_results(data, ox.QueryResultsFormat.JSON).serialize(out, _FORMATS[fmt])
        else:
            result.serialize(out, _FORMATS[fmt])
        return fmt, b"".join(out.parts)
    except Refused:
        raise
    except OverflowError:
        raise Refused(413, f"the answer is larger than the limit of {limit} bytes; add a LIMIT") from None
    except SyntaxError as exc:
        if _is_update(request.query):
            raise Refused(403, "updates are refused: this endpoint is read-only") from None
        raise Refused(400, f"not a valid SPARQL query: {exc}") from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - the engine's evaluation errors
        if tried_network(exc):
            raise Refused(403, "SERVICE is refused: this endpoint runs queries without network access") from None
        raise Refused(400, f"query failed: {_one_line(exc)}") from None


_DECIMAL = b"http://www.w3.org/2001/XMLSchema#decimal"


def _decimals_as_written(data: bytes) -> bytes:
    """SPARQL results JSON with each whole ``xsd:decimal`` spelled ``50.0``, as the data files, rdflib and
    the command line write it, where Oxigraph writes its canonical ``50`` (a TSV reader then sees
    ``"50"^^xsd:decimal``, not a number).

    >>> _decimals_as_written(b'{"head":{"vars":["v"]},"results":{"bindings":[{"v":{"type":"literal",'
    ...   b'"value":"50","datatype":"http://www.w3.org/2001/XMLSchema#decimal"}}]}}')[-73:]
    b'"value":"50.0","datatype":"http://www.w3.org/2001/XMLSchema#decimal"}}]}}'
    """
    import json

    doc = json.loads(data)
    for binding in doc.get("results", {}).get("bindings", []):
        for term in binding.values():
            value = term.get("value", "")
            if term.get("datatype") == _DECIMAL.decode() and value.lstrip("+-").isdigit():
                term["value"] = value + ".0"
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _is_update(text: str) -> bool:
    """Whether Oxigraph reads ``text`` as an update: tried on an empty in-memory store, behind the wall."""
    import pyoxigraph as ox

    try:
        ox.Store().update(text)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 - it parsed as an update and failed to run (LOAD, DROP of nothing)
        return True
    return True


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


_FORMATS: dict = {}


def _fill_formats() -> None:
    import pyoxigraph as ox

    _FORMATS.update({
        "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
        "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
        "rdfxml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
        "n3": ox.RdfFormat.N3,
    })


def _worker_main(conn, path: str, memory_bytes: int | None) -> None:  # pragma: no cover - a child process
    import resource

    import pyoxigraph as ox

    from battery_kg.net.sandbox import wall_current_thread

    store = ox.Store.read_only(path)
    _fill_formats()
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    wall_current_thread()
    conn.send(("ready",))
    # from here on, the engine's own report of a failed allocation would only clutter the server's log:
    # the parent answers 503 and says why
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    while True:
        try:
            request, limit = conn.recv()
        except (EOFError, OSError):
            return
        try:
            fmt, body = answer(store, request, limit)
            conn.send(("ok", fmt, body))
        except Refused as exc:
            conn.send(("error", exc.status, exc.message))
        except MemoryError:
            conn.send(("memory",))
            return  # a fresh worker replaces this one


class _Worker:
    def __init__(self, ctx, path: str, memory_bytes: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, path, memory_bytes), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        try:
            if not self.conn.poll(timeout):
                raise RuntimeError("a query worker did not start in time")
            message = self.conn.recv()
        except (EOFError, OSError):
            raise RuntimeError(f"a query worker stopped while starting (exit code {self.process.exitcode})") \
                from None
        if message[0] != "ready":  # pragma: no cover
            raise RuntimeError(f"a query worker failed to start: {message}")
        self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _Waiter:
    def __init__(self, client: str, seq: int) -> None:
        self.client = client
        self.seq = seq
        self.event = threading.Event()
        self.worker: _Worker | None = None


class WorkerPool:
    """Worker processes over one read-only store; see the module docstring for the limits.

    A freed worker goes to the waiting request whose client has the fewest queries in the endpoint
    (running or waiting; first come first served among equals), so a client that sends many queries at
    once waits behind the others. ``queue_timeout`` (default: ``timeout``) bounds the wait for a worker.
    """

    def __init__(self, path: str, size: int = 2, timeout: float = 10.0, memory_bytes: int | None = 2 << 30,
                 max_waiting: int = 16, queue_timeout: float | None = None) -> None:
        self.path = path
        self.size = max(1, size)
        self.timeout = timeout
        self.queue_timeout = timeout if queue_timeout is None else queue_timeout
        self.memory_bytes = memory_bytes
        self.max_waiting = max_waiting
        self._ctx = multiprocessing.get_context("spawn")
        self._free: list[_Worker] = []
        self._waiters: list[_Waiter] = []
        self._inside: dict[str, int] = {}  # queries in the endpoint per client (waiting or running)
        self._seq = 0
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self.replaced = 0
        started = [self._spawn() for _ in range(self.size)]
        for worker in started:
            worker.wait_ready(120)
            self._give(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.path, self.memory_bytes)
        with self._lock:
            self._all.append(worker)
        return worker

    def _give(self, worker: _Worker) -> None:
        """Hand a free worker to the fairest waiter, or keep it free."""
        with self._lock:
            if not self._waiters:
                self._free.append(worker)
                return
            waiter = min(self._waiters, key=lambda w: (self._inside.get(w.client, 0), w.seq))
            self._waiters.remove(waiter)
            waiter.worker = worker
        waiter.event.set()

    def _acquire(self, client: str) -> _Worker:
        with self._lock:
            if self._free and not self._waiters:
                self._inside[client] = self._inside.get(client, 0) + 1
                return self._free.pop()
            if len(self._waiters) >= self.max_waiting:
                raise Refused(503, "the endpoint is busy: too many queries waiting; try again shortly", retry_after=2)
            self._inside[client] = self._inside.get(client, 0) + 1  # in the endpoint: waiting, then running
            self._seq += 1
            waiter = _Waiter(client, self._seq)
            self._waiters.append(waiter)
            free = self._free.pop() if self._free else None
        if free is not None:  # waiters were queued ahead: the free worker goes to the fairest of them
            self._give(free)
        waiter.event.wait(self.queue_timeout)
        with self._lock:
            timed_out = waiter.worker is None
            if timed_out:
                self._waiters.remove(waiter)
        if timed_out:
            self._done(client)
            raise Refused(503, "the endpoint is busy; try again shortly", retry_after=2)
        return waiter.worker

    def _done(self, client: str) -> None:
        with self._lock:
            left = self._inside.get(client, 1) - 1
            if left > 0:
                self._inside[client] = left
            else:
                self._inside.pop(client, None)

    def run(self, request: Request, limit: int, client: str = "") -> tuple[str, bytes]:
        """(format name, body) for ``request``, or :class:`Refused` with the status to answer."""
        worker = self._acquire(client)
        try:
            worker.conn.send((request, limit))
            if not worker.conn.poll(self.timeout):
                raise TimeoutError
            message = worker.conn.recv()
        except (TimeoutError, EOFError, OSError) as exc:
            self._done(client)
            self._replace(worker)
            if isinstance(exc, TimeoutError):
                raise Refused(503, f"the query ran longer than the time limit of {self.timeout:g} s and was "
                                   "stopped", retry_after=1) from None
            raise Refused(503, self._memory_words(), retry_after=1) from None
        self._done(client)
        if message[0] == "memory":
            self._replace(worker)
            raise Refused(503, self._memory_words(), retry_after=1)
        self._give(worker)
        if message[0] == "ok":
            return message[1], message[2]
        raise Refused(message[1], message[2])

    def _memory_words(self) -> str:
        cap = f"{self.memory_bytes / 2**20:.0f} MB" if self.memory_bytes else "the machine's memory"
        return f"the query needed more memory than its cap ({cap}) and was stopped; add a LIMIT or narrow it"

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        self.replaced += 1
        fresh = self._spawn()
        threading.Thread(target=self._ready, args=(fresh,), daemon=True).start()

    def _ready(self, worker: _Worker) -> None:
        try:
            worker.wait_ready(120)
        except (RuntimeError, EOFError, OSError):  # pragma: no cover - a worker that cannot start
            return
        self._give(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()


__all__ = ["WorkerPool", "answer"]
