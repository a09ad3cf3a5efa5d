"""Turn what a person types (a label, a CURIE or an IRI) into the IRI of one entity of the graph.

Accepted spellings, tried in this order:

* a full IRI, bare (``https://w3id.org/battery-kg/id/verkor``) or in angle brackets;
* a CURIE with one of the project prefixes (``bkr:verkor``, see :mod:`battery_kg.namespaces`);
* a label: an ``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel`` in any language, matched
  exactly but without regard to case or surrounding spaces.

The IRI must occur in the store (as subject or object; the ontology counts). Anything else, and a label that names two
entities or more, raises :class:`~battery_kg.errors.UsageError` saying what was expected and what
matched.

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDFS
>>> g = Graph(); verkor = URIRef("https://w3id.org/battery-kg/id/verkor")
>>> _ = g.add((verkor, RDFS.label, Literal("Verkor", lang="en")))
>>> resolve_entity(g, " verkor ")
rdflib.term.URIRef('https://w3id.org/battery-kg/id/verkor')
>>> resolve_entity(g, "bkr:verkor") == resolve_entity(g, "<https://w3id.org/battery-kg/id/verkor>")
True
>>> resolve_entity(g, "Atlantis", kind="company")
Traceback (most recent call last):
...
battery_kg.errors.UsageError: expected a company (a label, a CURIE such as bkr:verkor, or an IRI), got 'Atlantis': no entity has that label
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from battery_kg.errors import UsageError
from battery_kg.labels import curie
from battery_kg.namespaces import PREFIXES

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
"""Properties whose values name an entity, for lookup by label."""

_CURIE_RE = re.compile(r"^([A-Za-z][\w.-]*):(\S*)$")
_IRI_SCHEMES = ("http://", "https://", "urn:", "file:")

_OCCURS = "ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }"
_TYPES = "SELECT DISTINCT ?type WHERE { ?node a ?type FILTER(isIRI(?type)) }"
_CLASSES = "SELECT DISTINCT ?class WHERE { ?node a/<%s>* ?class FILTER(isIRI(?class)) }" % RDFS.subClassOf
_BY_LABEL = ("SELECT DISTINCT ?node ?label WHERE { VALUES ?p { %s } ?node ?p ?label "
             "FILTER(isIRI(?node) && isLiteral(?label) && CONTAINS(LCASE(STR(?label)), ?wanted)) }"
             % " ".join(p.n3() for p in LABEL_PROPERTIES))


def _as_store(source):
    """A :class:`~battery_kg.stores.Store` for ``source`` (a store, or an rdflib Graph copied into Oxigraph)."""
    from battery_kg.stores import OxigraphStore, Store

    if isinstance(source, Store):
        return source
    store = OxigraphStore()
    store.add_graph(source)
    return store


def _expected(kind: str) -> str:
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"expected {article} {kind} (a label, a CURIE such as bkr:verkor, or an IRI)"


def _values(store, text: str, node: URIRef) -> list:
    return [row[0] for row in store.query(text, {"node": node}).rows]


def parse_iri(text: str) -> URIRef | None:
    """The IRI ``text`` spells (``<...>``, a bare absolute IRI or a project CURIE), else None.

    >>> parse_iri("bkr:verkor")
    rdflib.term.URIRef('https://w3id.org/battery-kg/id/verkor')
    >>> parse_iri("<urn:x>"), parse_iri("Verkor"), parse_iri("Dunkirk: a town")
    (rdflib.term.URIRef('urn:x'), None, None)
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">") and len(text) > 2:
        return URIRef(text[1:-1])
    if text.startswith(_IRI_SCHEMES) and not any(c.isspace() for c in text):
        return URIRef(text)
    match = _CURIE_RE.match(text)
    if match and match.group(1) in PREFIXES:
        return URIRef(PREFIXES[match.group(1)] + match.group(2))
    return None


def candidates_by_label(source, text: str) -> list[URIRef]:
    """IRIs of every entity with a label equal to ``text`` (ignoring case and surrounding spaces), sorted."""
    wanted = text.strip().casefold()
    rows = _as_store(source).query(_BY_LABEL, {"wanted": Literal(text.strip().lower())}).rows
    return sorted({node for node, label in rows if str(label).strip().casefold() == wanted})


def resolve_entity(source, text: str, *, kind: str = "entity", of_class: URIRef | None = None) -> URIRef:
    """The IRI of the one entity ``text`` names in ``source`` (a store, or an rdflib Graph).

    ``kind`` is how error messages call what was expected ("company", "site", "place").
    ``of_class``, when given, keeps only entities of that class or of a subclass of it (the subclass
    hierarchy is read from ``source``: a store holds the ontology; a Graph must hold it too).

    Raises :class:`UsageError` when ``text`` names no entity, an IRI that does not occur in the graph,
    an entity of another class, or (for a label) two entities or more.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDF, RDFS
    >>> from battery_kg.namespaces import BKG
    >>> g = Graph(); dunkirk = URIRef("https://w3id.org/battery-kg/id/dunkirk")
    >>> _ = g.add((dunkirk, RDF.type, BKG.Town)); _ = g.add((BKG.Town, RDFS.subClassOf, BKG.Place))
    >>> _ = g.add((dunkirk, RDFS.label, Literal("Dunkirk", lang="en")))
    >>> _ = g.add((dunkirk, RDFS.label, Literal("Dunkerque", lang="fr")))
    >>> resolve_entity(g, "dunkerque", kind="place", of_class=BKG.Place)
    rdflib.term.URIRef('https://w3id.org/battery-kg/id/dunkirk')
    >>> resolve_entity(g, "bkr:dunkirk", kind="company", of_class=BKG.Organisation)
    Traceback (most recent call last):
    ...
    battery_kg.errors.UsageError: expected a company (a label, a CURIE such as bkr:verkor, or an IRI), got 'bkr:dunkirk': bkr:dunkirk (Dunkirk) is a bkg:Town, not a bkg:Organisation
    """
    from battery_kg.labels import labels

    store = _as_store(source)
    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"{_expected(kind)}, got an empty value")
    expected = f"{_expected(kind)}, got {text!r}"

    def describe(node: URIRef) -> str:
        name = labels(store, [node])[node]
        shown = curie(node)
        return shown if name == shown else f"{shown} ({name})"

    def check_class(node: URIRef) -> bool:
        return of_class is None or of_class in _values(store, _CLASSES, node)

    def types(node: URIRef) -> str:
        return ", ".join(sorted(curie(t) for t in _values(store, _TYPES, node))) or "(no rdf:type)"

    iri = parse_iri(text)
    if iri is not None:
        if not store.query(_OCCURS, {"node": iri}).boolean:
            raise UsageError(f"{expected}: {curie(iri)} does not occur in the graph")
        if not check_class(iri):
            raise UsageError(f"{expected}: {describe(iri)} is a {types(iri)}, not a {curie(of_class)}")
        return iri

    found = candidates_by_label(store, text)
    if not found:
        raise UsageError(f"{expected}: no entity has that label")
    fitting = [node for node in found if check_class(node)]
    if not fitting:
        listed = "; ".join(
f"{describe(n)}, a {types(n)}" for n in found
        )
        raise UsageError(f"{expected}: the label names {listed}; expected a {curie(of_class)}")
    if len(fitting) > 1:
        listed = "; ".join(describe(n) for n in fitting)
        raise UsageError(f"{expected}: the label names {len(fitting)} entities: {listed}", hint="use a CURIE or an IRI")
    return fitting[0]


__all__ = ["LABEL_PROPERTIES", "candidates_by_label", "parse_iri", "resolve_entity"]
