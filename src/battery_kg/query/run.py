"""Running a query: :func:`run` on a store, :func:`execute` for a notebook (by name, text parameters).

Parameters are RDF terms, never text pasted into the query: the store puts one
``VALUES ?name { term }`` per parameter at the start of the outer ``WHERE`` group.

A query with ``# engine: networkx`` selects the edges ``?subject ?property ?object`` to walk; :func:`run`
finds the paths between ``from`` and ``to`` with :mod:`battery_kg.analysis.paths` and returns them as a SELECT
result (one row per hop).
"""

from __future__ import annotations

from typing import Mapping

from rdflib import Literal
from rdflib.term import Node

from battery_kg.errors import UsageError
from battery_kg.namespaces import sparql_prologue
from battery_kg.query.catalogue import QueryFile, adhoc, find_query
from battery_kg.query.params import bind_params
from battery_kg.stores import QueryResult, Store

PATH_VARS = ("path", "length", "step", "subject", "property", "object", "forward")
"""Columns of a paths result: one row per hop."""


def run(store: Store, query: QueryFile | str, params: Mapping[str, Node] | None = None) -> QueryResult:
    """Run ``query`` (a :class:`QueryFile`, or SPARQL text) on ``store`` with parameters bound as RDF terms;
    the project prologue is put before it."""
    if isinstance(query, str):
        query = adhoc(query)
    params = dict(params or {})
    if query.engine == "networkx":
        return _run_paths(store, query, params)
    return store.query(sparql_prologue() + query.text, params)


def _run_paths(store: Store, query: QueryFile, params: dict[str, Node]) -> QueryResult:
    from battery_kg.analysis.paths import find_paths

    for needed in ("from", "to", "hops"):
        if needed not in params:
            raise UsageError(f"query {query.name} (engine networkx) needs parameter {needed}")
    hops = int(params["hops"].toPython())
    paths = find_paths(store, params["from"], params["to"], max_hops=hops, edges=sparql_prologue() + query.text)
    rows = []
    for number, path in enumerate(paths, start=1):
        for step, (s, p, o, forward) in enumerate(path, start=1):
            rows.append((Literal(number), Literal(len(path)), Literal(step), s, p, o, Literal(forward)))
    return QueryResult("select", list(PATH_VARS), rows)


def execute(query: QueryFile | str, params: Mapping[str, str] | None = None, *, project=None, root=None,
            store: Store | None = None) -> QueryResult:
    """Run a catalogue query by name (or a ``.rq`` path, or a :class:`QueryFile`) on the project's graph.

    ``params`` are text as a person types them (labels, CURIEs, years); defaults fill the rest. The
    graph is ``store`` when given, else a project already parsed (``project``), else the files of
    ``root`` (or the shipped graph), loaded into Oxigraph in memory.
    """
    from battery_kg.resources import locate
    from battery_kg.stores import open_store

    if store is None:
        store = project.store if project is not None else open_store(root=root)
    if isinstance(query, str):
        query = find_query(query, project.resources if project is not None else locate(root))
    return run(store, query, bind_params(query, params, store))


__all__ = ["PATH_VARS", "execute", "run"]
