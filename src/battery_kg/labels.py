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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from battery_kg.namespaces import PREFIXES

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


def curie(node: Node) -> str:
    """``prefix:local`` for a project prefix, else the IRI in full."""
    text = str(node)
    best = ""
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{text[len(PREFIXES[best]):]}"
    return text


def label_of(node: Node, *graphs: Graph, lang: str = "en") -> str:
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
