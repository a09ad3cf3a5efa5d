"""Terms between pyoxigraph and rdflib: every store returns rdflib terms, plain literals spelt alike."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node

from battery_kg.errors import BatteryKGError


class StoreError(BatteryKGError):
    """A store cannot be opened or reached, or refused a request."""


def plain(term: Node | None) -> Node | None:
    """Drop ``xsd:string`` from literals, so that every store spells plain strings alike; write a whole
    ``xsd:decimal`` as ``16.0`` (XSD 1.0's canonical form, as the data files do), not ``16`` (Oxigraph's).

    >>> plain(Literal("16", datatype=XSD.decimal))
    rdflib.term.Literal('16.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if isinstance(term, Literal) and not term.language and term.datatype is not None:
        lexical = _plain_lexical(str(term), str(term.datatype))
        if lexical is None:
            return Literal(str(term))
        if lexical != str(term):
            return Literal(lexical, datatype=term.datatype)
    return term


_STRING, _DECIMAL = str(XSD.string), str(XSD.decimal)
_DATATYPES: dict[str, URIRef] = {}


def _plain_lexical(lexical: str, datatype: str) -> str | None:
    """The lexical form :func:`plain` keeps for a literal of ``datatype``; ``None`` for an ``xsd:string``."""
    if datatype == _STRING:
        return None
    if datatype == _DECIMAL and lexical.lstrip("+-").isdigit():
        return lexical + ".0"
    return lexical


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as an rdflib term (``None`` for the default graph or an unbound value)."""
    import pyoxigraph as ox

    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        lexical = _plain_lexical(term.value, datatype)  # as plain() spells it, one rdflib Literal built
        if lexical is None:
            return Literal(term.value)
        iri = _DATATYPES.get(datatype)
        if iri is None:
            iri = _DATATYPES[datatype] = URIRef(datatype)
        return Literal(lexical, datatype=iri)
    raise StoreError(f"unsupported term {term!r}")


def to_oxigraph(term: Node | None):
    """An rdflib term as a pyoxigraph term (``None`` is the default graph)."""
    import pyoxigraph as ox

    if term is None or term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported term {term!r}")
