"""Human labels for nodes: English first, then any language, then a CURIE, then the IRI.

>>> from rdflib import Graph, URIRef, Literal
>>> from rdflib.namespace import RDFS
>>> g = Graph(); x = URIRef("https://w3id.org/battery-kg/id/x")
>>> _ = g.add((x, RDFS.label, Literal("Ex", lang="fr"))); _ = g.add((x, RDFS.label, Literal("X", lang="en")))
>>> label_of(x, g)
'X'
>>> label_of(URIRef("https://w3id.org/battery-kg/id/nothing"), g)
'bkr:nothing'
"""

from __future__ import annotations

from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from battery_kg.namespaces import PREFIXES

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


def curie(node: Node) -> str:
    """``prefix:local`` for a project prefix, else the IRI in full.

    Every namespace of :data:`PREFIXES` ends with ``/`` or ``#``, so the one an IRI belongs to ends where
    its last ``/`` or ``#`` is, or before: the prefix is looked up once per such head (an export at a
    million triples asks for a few hundred thousand CURIEs, from a few dozen heads).
    """
    text = str(node)
    cut = max(text.rfind("/"), text.rfind("#")) + 1
    head = text[:cut]
    found = _HEADS.get(head)
    if found is None:
        found = _HEADS[head] = _prefix_of(head)
    if found:
        return f"{found}:{text[len(PREFIXES[found]):]}"
    return text


_HEADS: dict[str, str] = {}


def _prefix_of(head: str) -> str:
    """The prefix of the longest namespace that ``head`` starts with, or ``""``."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if head.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return best


def label_of(node: Node, *graphs: Graph, lang: str = "en") -> str:
    """A label for ``node`` from rdflib graphs (for code that holds parsed graphs; a store has :func:`labels`)."""
    if isinstance(node, Literal):
        return str(node)
    fallback = None
    for graph in graphs:
        for prop in LABEL_PROPERTIES:
            for value in graph.objects(node, prop):
                if isinstance(value, Literal):
                    if value.language == lang:
                        return str(value)
                    if fallback is None or (value.language is None):
                        fallback = str(value)
    if fallback is not None:
        return fallback
    return curie(node) if isinstance(node, URIRef) else str(node)


_LABELS = ("SELECT ?node ?p ?label WHERE { VALUES ?p { %s } ?node ?p ?label FILTER(isLiteral(?label)) }"
           % " ".join(p.n3() for p in LABEL_PROPERTIES))


def labels(store, nodes: Iterable[Node], lang: str = "en", chunk: int = 500) -> dict[Node, str]:
    """A label for each node, read from ``store`` (data and ontology) with one query per ``chunk`` nodes.

    The choice, the same for every store: a label in ``lang``, else one without a language, else any;
    ``rdfs:label`` before ``skos:prefLabel``, then the smallest text. Nodes without one get their CURIE.

    >>> from battery_kg.stores import OxigraphStore
    >>> g = Graph(); x = URIRef("https://w3id.org/battery-kg/id/x")
    >>> _ = g.add((x, SKOS.prefLabel, Literal("Ex", lang="fr"))); _ = g.add((x, SKOS.prefLabel, Literal("X")))
    >>> store = OxigraphStore(); store.add_graph(g)
    >>> labels(store, [x, Literal(3), URIRef("urn:y")])
    {rdflib.term.URIRef('https://w3id.org/battery-kg/id/x'): 'X', rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')): '3', rdflib.term.URIRef('urn:y'): 'urn:y'}
    """
    wanted = list(dict.fromkeys(nodes))
    iris = [n for n in wanted if isinstance(n, URIRef)]
    best: dict[Node, tuple] = {}
    for start in range(0, len(iris), chunk):
        values = " ".join(n.n3() for n in iris[start:start + chunk])
        text = _LABELS.replace("WHERE {", "WHERE { VALUES ?node { %s }" % values, 1)
        for node, prop, label in store.query(text).rows:
            rank = (0 if label.language == lang else 1 if label.language is None else 2,
                    LABEL_PROPERTIES.index(prop), str(label))
            if node not in best or rank < best[node]:
                best[node] = rank
    out: dict[Node, str] = {}
    for node in wanted:
        if node in best:
            out[node] = best[node][2]
        elif isinstance(node, URIRef):
            out[node] = curie(node)
        else:
            out[node] = str(node)
    return out
