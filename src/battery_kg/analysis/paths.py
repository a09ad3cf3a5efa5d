"""How are two entities related? Simple paths between them, found with networkx.

SPARQL 1.1 property paths test whether a path exists but cannot return the path itself, so
"every path of up to N hops between A and B" is answered here, over the same graph the queries use.

The graph walked is undirected; its nodes are the **entities** of the data, and its edges are the
triples that link two of them:

* a node is walkable when it is an IRI of the data namespace (``bkr:``) that is not a fact graph or
  a source document (``bkg:FactGraph``, ``bkg:SourceDocument`` and its subclasses): provenance is
  answered by the provenance queries, not by walking through the catalogue;
* ontology terms (``bkg:``), SKOS concepts (``bkv:``, e.g. a status or a precision), units and
  other outside IRIs are not walked through, since every statement shares them (all plans are
  ``bkv:planned``) and paths through them say nothing. They may still be the *start or end* of a
  path: the paths from ``bkr:verkor`` to ``bkv:lithium-ion`` are found;
* ``rdf:type`` and every triple whose object is a literal are left out.

Each path is a list of hops ``(subject, predicate, object, forward)`` in walking order: the triple as
the data states it, and ``forward`` True when the walk goes from its subject to its object. Paths
come shortest first, then in a fixed order (by the IRIs walked), so the output is deterministic.

>>> from battery_kg.labels import labels
>>> from battery_kg.namespaces import BKR
>>> from battery_kg.stores import open_store
>>> store = open_store()
>>> paths = find_paths(store, BKR["verkor"], BKR["bourbourg"], max_hops=2)
>>> print(describe_path(paths[0], lambda node: labels(store, [node])[node]))
Verkor <-[operated by]- Verkor gigafactory, Bourbourg -[located in]-> Bourbourg
"""

from __future__ import annotations

from itertools import product
from typing import Callable, Iterable

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node


Hop = tuple[URIRef, URIRef, URIRef, bool]
"""One step of a path: the triple (subject, predicate, object) and whether it is walked forward."""


def edge_graph(edges: Iterable[tuple[URIRef, URIRef, URIRef]]) -> nx.Graph:
    """An undirected networkx graph; each edge keeps the set of triples that link its two nodes."""
    g = nx.Graph()
    for s, p, o in edges:
        if g.has_edge(s, o):
            g[s][o]["triples"].add((s, p, o))
        else:
            g.add_edge(s, o, triples={(s, p, o)})
    return g


def paths_in(g: nx.Graph, source: URIRef, target: URIRef, max_hops: int = 4, limit: int = 50) -> list[list[Hop]]:
    """Simple paths of at most ``max_hops`` hops in a graph made by :func:`edge_graph`."""
    if max_hops < 1 or limit < 1 or source == target or source not in g or target not in g:
        return []
    found: list[list[Hop]] = []
    for nodes in nx.all_simple_paths(g, source, target, cutoff=max_hops):
        choices = []
        for a, b in zip(nodes, nodes[1:]):
            choices.append(sorted((s, p, o, s == a) for s, p, o in g[a][b]["triples"]))
        found.extend(list(combo) for combo in product(*choices))

    def key(path: list[Hop]):
        return (len(path), [(str(s if not fwd else o), str(p), not fwd) for s, p, o, fwd in path])

    found.sort(key=key)
    return found[:limit]


def find_paths(store, source: URIRef, target: URIRef, max_hops: int = 4, limit: int = 50) -> list[list[Hop]]:
    """Simple paths from ``source`` to ``target`` of at most ``max_hops`` hops, shortest first.

    The edges are read from ``store`` (a :class:`~battery_kg.stores.Store`) by ``walkable-edges.rq``:
    triples between data entities; ontology terms are not walked. At most ``limit`` paths are returned.
    A path never visits a node twice; two triples linking the same two nodes give two paths.

    >>> from rdflib import Graph
    >>> from battery_kg.namespaces import BKG, BKR
    >>> from battery_kg.stores import OxigraphStore
    >>> data = Graph()
    >>> for s, p, o in [("a", "operatedBy", "c"), ("a", "locatedIn", "t"), ("b", "locatedIn", "t"), ("b", "operatedBy", "d")]:
    ...     _ = data.add((BKR[s], BKG[p], BKR[o]))
    >>> store = OxigraphStore(); store.add_graph(data)
    >>> [len(p) for p in find_paths(store, BKR["c"], BKR["d"], max_hops=4)]
    [4]
    >>> find_paths(store, BKR["c"], BKR["d"], max_hops=3), find_paths(store, BKR["c"], BKR["c"])
    ([], [])
    """
    from battery_kg.package_queries import package_query

    rows = store.query(package_query("analysis/queries", "walkable-edges"), {"from": source, "to": target}).rows
    return paths_in(edge_graph((s, p, o) for s, p, o in rows), source, target, max_hops=max_hops, limit=limit)


def describe_path(path: list[Hop], label_fn: Callable[[Node], str]) -> str:
    """One line for a path: ``A -[p]-> B`` for a hop walked forward, ``A <-[p]- B`` backward.

    >>> from rdflib import URIRef
    >>> a, p, b = URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")
    >>> describe_path([(b, p, a, False)], str)
    'urn:a <-[urn:p]- urn:b'
    >>> describe_path([], str)
    ''
    """
    if not path:
        return ""
    s, _p, o, fwd = path[0]
    parts = [label_fn(s if fwd else o)]
    for s, p, o, fwd in path:
        if fwd:
            parts.append(f"-[{label_fn(p)}]-> {label_fn(o)}")
        else:
            parts.append(f"<-[{label_fn(p)}]- {label_fn(s)}")
    return " ".join(parts)


__all__ = ["Hop", "describe_path", "edge_graph", "find_paths", "paths_in"]
