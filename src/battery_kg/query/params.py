"""Query parameters: declared in a query file's header, given as text, bound as RDF terms.

Kinds: ``entity`` (optionally ``entity of class CURIE``), ``xsd:gYear``, ``xsd:integer``,
``xsd:positiveInteger``, ``xsd:string``. An entity is resolved in the store (label, CURIE or IRI,
see :mod:`battery_kg.query.resolve`); the other kinds are checked by their lexical form. A query without
parameters reads nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from battery_kg.errors import UsageError
from battery_kg.labels import curie
from battery_kg.query.resolve import resolve_entity

_KINDS = {
    "xsd:gYear": XSD.gYear,
    "xsd:integer": XSD.integer,
    "xsd:positiveInteger": XSD.positiveInteger,
    "xsd:string": XSD.string,
}
_KIND_WORDS = {
    XSD.gYear: "a year (xsd:gYear, four digits such as 2030)",
    XSD.integer: "an integer (xsd:integer, such as 4)",
    XSD.positiveInteger: "a positive integer (xsd:positiveInteger, such as 4)",
    XSD.string: "a string",
}
@dataclass(frozen=True)
class Param:
    """A declared parameter: a name (the query variable), a kind, an optional default."""

    name: str
    kind: str
    """``entity`` or a datatype CURIE such as ``xsd:gYear``."""
    of_class: URIRef | None = None
    default: str | None = None
    doc: str = ""

    @property
    def datatype(self) -> URIRef | None:
        return _KINDS.get(self.kind)

    def describe(self) -> str:
        """``name (kind) default VALUE``, as in the header.

        >>> Param("year", "xsd:gYear", default="2030").describe()
        'year (xsd:gYear) default 2030'
        """
        kind = self.kind + (f" of class {curie(self.of_class)}" if self.of_class is not None else "")
        return f"{self.name} ({kind})" + (f" default {self.default}" if self.default is not None else "")

    def convert(self, text: str, source=None) -> Node:
        """The RDF term for ``text``; entities are resolved in ``source`` (a store, or an rdflib Graph).

        >>> Param("year", "xsd:gYear").convert("2030")
        rdflib.term.Literal('2030', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
        >>> Param("year", "xsd:gYear").convert("soon")
        Traceback (most recent call last):
        ...
        battery_kg.errors.UsageError: parameter year: expected a year (xsd:gYear, four digits such as 2030), got 'soon'
        """
        if self.kind == "entity":
            kind = _class_label(source, self.of_class) if self.of_class is not None else "entity"
            try:
                return resolve_entity(source, text, kind=kind, of_class=self.of_class)
            except UsageError as exc:
                raise UsageError(f"parameter {self.name}: {exc.message}", hint=exc.hint) from None
        datatype = self.datatype
        value = text.strip()
        ok = {
            XSD.gYear: re.fullmatch(r"-?\d{4,}", value),
            XSD.integer: re.fullmatch(r"[+-]?\d+", value),
            XSD.positiveInteger: re.fullmatch(r"\+?0*[1-9]\d*", value),
            XSD.string: True,
        }[datatype]
        if not ok:
            raise UsageError(f"parameter {self.name}: expected {_KIND_WORDS[datatype]}, got {text!r}")
        if datatype in (XSD.integer, XSD.positiveInteger):
            return Literal(int(value), datatype=datatype)
        return Literal(value if datatype != XSD.string else text, datatype=datatype if datatype != XSD.string else None)


def _class_label(source, cls: URIRef) -> str:
    """How a message names a class: its label in ``source`` (a store or an rdflib Graph)."""
    from battery_kg.labels import label_of, labels
    from battery_kg.stores import Store

    return labels(source, [cls])[cls] if isinstance(source, Store) else label_of(cls, source)


def bind_params(query, values: Mapping[str, str] | None, source=None) -> dict[str, Node]:
    """Turn ``name -> text`` (plus defaults) into ``name -> RDF term``, checking each against its kind.

    ``query`` is a :class:`~battery_kg.query.catalogue.QueryFile`; entities (labels, CURIEs, IRIs)
    are resolved in ``source``, the store the query will run on (or an rdflib Graph with data and
    ontology).
    """
    values = dict(values or {})
    for name in values:
        query.param(name)  # raises for an unknown name
    bound: dict[str, Node] = {}
    for param in query.params:
        text = values.get(param.name, param.default)
        if text is None:
            raise UsageError(f"query {query.name} needs parameter {param.name}", hint=f"--param {param.describe()}")
        bound[param.name] = param.convert(text, source)
    return bound




__all__ = ["Param", "bind_params"]
