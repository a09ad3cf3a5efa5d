"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, with an offline page to run queries.

* ``GET /sparql?query=...``, ``POST`` as a form or as ``application/sparql-query``; ``/`` without a
  query shows the query page (plain HTML and JavaScript shipped in the package, no CDN).
* One reader of the query: Oxigraph, in worker processes (:mod:`~battery_kg.serve.workers`) that
  cannot open a network socket; updates are refused (403) and so is ``SERVICE`` (403).
* ``default-graph-uri``/``named-graph-uri`` and ``FROM``/``FROM NAMED`` select graphs of the store, per
  SPARQL 1.1; nothing is ever fetched.
* Limits: time per query (parsing included), memory per worker, size of requests and answers, and a
  bounded queue answering 503 with ``Retry-After`` when full.
* HTTP by uvicorn (:mod:`~battery_kg.serve.app`). It binds to 127.0.0.1 unless told otherwise.
"""

from battery_kg.serve.app import Endpoint, build_store, make_endpoint
from battery_kg.serve.protocol import Refused, negotiate, read_request

__all__ = ["Endpoint", "Refused", "build_store", "make_endpoint", "negotiate", "read_request"]
