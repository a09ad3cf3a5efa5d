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

>>> from battery_kg import load_project
>>> from battery_kg.namespaces import BKR
>>> project = load_project()
>>> paths = find_paths(project.data, BKR["verkor"], BKR["bourbourg"], max_hops=2)
>>> print(describe_path(paths[0], project.label))
Verkor <-[operated by]- Verkor gigafactory, Bourbourg -[located in]-> Bourbourg
"""

from __future__ import annotations

from itertools import product
from typing import Callable, Iterable

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from battery_kg.namespaces import BKG, BKR

Hop = tuple[URIRef, URIRef, URIRef, bool]
"""One step of a path: the triple (subject, predicate, object) and whether it is walked forward."""

NOT_WALKED_CLASSES = frozenset({BKG.FactGraph, BKG.SourceDocument, BKG.NewsArticle, BKG.EditorialNote})
"""Nodes of these classes are not walked through: provenance, not relations between entities."""

EXCLUDED_PREDICATES = frozenset({RDF.type})


def is_walkable(graph: Graph, node: Node) -> bool:
    """True for an IRI of the data namespace that is not a fact graph or a source document."""
    if not isinstance(node, URIRef) or not str(node).startswith(str(BKR)):
        return False
    return not any(t in NOT_WALKED_CLASSES for t in graph.objects(node, RDF.type))


def walkable_edges(graph: Graph, ends: Iterable[URIRef] = ()) -> list[tuple[URIRef, URIRef, URIRef]]:
    """Sorted triples linking two walkable nodes (or a walkable node and one of ``ends``)."""
    ends = set(ends)
    ok: dict[Node, bool] = {}

    def good(node: Node) -> bool:
        if node in ends:
            return True
        if node not in ok:
            ok[node] = is_walkable(graph, node)
        return ok[node]

    edges = {
        (s, p, o)
        for s, p, o in graph
        if isinstance(s, URIRef) and isinstance(o, URIRef) and p not in EXCLUDED_PREDICATES and s != o and good(s) and good(o)
    }
    return sorted(edges)  # type: ignore[arg-type]


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


def find_paths(graph: Graph, source: URIRef, target: URIRef, max_hops: int = 4, limit: int = 50) -> list[list[Hop]]:
    """Simple paths from ``source`` to ``target`` of at most ``max_hops`` hops, shortest first.

    ``graph`` is the data (``project.data`` or ``project.merged()``; ontology triples are ignored
    because ontology terms are not walked). At most ``limit`` paths are returned. A path never visits
    a node twice; two triples linking the same two nodes give two paths.

    >>> from rdflib import Graph
    >>> from battery_kg.namespaces import BKG, BKR
    >>> data = Graph()
    >>> for s, p, o in [("a", "operatedBy", "c"), ("a", "locatedIn", "t"), ("b", "locatedIn", "t"), ("b", "operatedBy", "d")]:
    ...     _ = data.add((BKR[s], BKG[p], BKR[o]))
    >>> [len(p) for p in find_paths(data, BKR["c"], BKR["d"], max_hops=4)]
    [4]
    >>> find_paths(data, BKR["c"], BKR["d"], max_hops=3), find_paths(data, BKR["c"], BKR["c"])
    ([], [])
    """
    edges = walkable_edges(graph, ends=(source, target))
    return paths_in(edge_graph(edges), source, target, max_hops=max_hops, limit=limit)


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


__all__ = ["Hop", "describe_path", "edge_graph", "find_paths", "is_walkable", "paths_in", "walkable_edges"]
