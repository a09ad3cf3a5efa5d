"""The class hierarchy (``rdfs:subClassOf``, closed transitively), read from an rdflib graph: the one place
it is walked in Python. (On a store, the same closure is the SPARQL path ``rdf:type/rdfs:subClassOf*``.)

>>> from rdflib import Graph, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> g = Graph(); a, b, c, x = (URIRef(f"urn:{n}") for n in "abcx")
>>> _ = g.add((a, RDFS.subClassOf, b)); _ = g.add((b, RDFS.subClassOf, c)); _ = g.add((x, RDF.type, a))
>>> sorted(superclasses(g, a)), sorted(subclasses(g, c)), sorted(types(g, x))
([rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b'), rdflib.term.URIRef('urn:c')], [rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b'), rdflib.term.URIRef('urn:c')], [rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b'), rdflib.term.URIRef('urn:c')])
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node


def superclasses(schema: Graph, cls: Node) -> set[Node]:
    """``cls`` and every class above it."""
    return set(schema.transitive_objects(cls, RDFS.subClassOf))


def subclasses(schema: Graph, cls: Node) -> set[Node]:
    """``cls`` and every class below it."""
    return set(schema.transitive_subjects(RDFS.subClassOf, cls))


def types(data: Graph, node: Node, schema: Graph | None = None) -> set[Node]:
    """Every class of ``node``: its ``rdf:type`` values and their superclasses (read in ``schema``, else ``data``)."""
    out: set[Node] = set()
    for cls in data.objects(node, RDF.type):
        out |= superclasses(schema if schema is not None else data, cls)
    return out


def instances(data: Graph, cls: Node, schema: Graph | None = None) -> set[Node]:
    """Every node typed with ``cls`` or a class below it (the hierarchy read in ``schema``, else ``data``)."""
    out: set[Node] = set()
    for sub in subclasses(schema if schema is not None else data, cls):
        out.update(data.subjects(RDF.type, sub))
    return out


__all__ = ["instances", "subclasses", "superclasses", "types"]
