"""Turn what a person types (a label, a CURIE or an IRI) into the IRI of one entity of the graph.

Accepted spellings, tried in this order:

* a full IRI, bare (``https://w3id.org/battery-kg/id/verkor``) or in angle brackets;
* a CURIE with one of the project prefixes (``bkr:verkor``, see :mod:`battery_kg.namespaces`);
* a label: an ``rdfs:label``, ``skos:prefLabel`` or ``skos:altLabel`` in any language, matched
  exactly but without regard to case or surrounding spaces.

The IRI must occur in the graph (as subject or object). Anything else, and a label that names two
entities or more, raises :class:`~battery_kg.errors.UsageError` saying what was expected and what
matched.

>>> from battery_kg import load_project
>>> g = load_project().merged()
>>> resolve_entity(g, "ProLogium")
rdflib.term.URIRef('https://w3id.org/battery-kg/id/prologium')
>>> resolve_entity(g, "bkr:verkor") == resolve_entity(g, "<https://w3id.org/battery-kg/id/verkor>")
True
>>> resolve_entity(g, "Atlantis", kind="company")
Traceback (most recent call last):
...
battery_kg.errors.UsageError: expected a company (a label, a CURIE such as bkr:verkor, or an IRI), got 'Atlantis': no entity has that label
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from battery_kg.errors import UsageError
from battery_kg.labels import curie
from battery_kg.namespaces import PREFIXES

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
"""Properties whose values name an entity, for lookup by label."""

_CURIE_RE = re.compile(r"^([A-Za-z][\w.-]*):(\S*)$")
_IRI_SCHEMES = ("http://", "https://", "urn:", "file:")


def _expected(kind: str) -> str:
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    return f"expected {article} {kind} (a label, a CURIE such as bkr:verkor, or an IRI)"


def _occurs(graph: Graph, node: URIRef) -> bool:
    for _ in graph.triples((node, None, None)):
        return True
    for _ in graph.triples((None, None, node)):
        return True
    return False


def _classes(graph: Graph, node: URIRef) -> set[URIRef]:
    """The classes of ``node``: its rdf:types and their superclasses (when the graph has them)."""
    seen: set[URIRef] = set()
    todo = [t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(s for s in graph.objects(cls, RDFS.subClassOf) if isinstance(s, URIRef))
    return seen


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


def candidates_by_label(graph: Graph, text: str) -> list[URIRef]:
    """IRIs of every entity with a label equal to ``text`` (case-insensitive), sorted."""
    wanted = text.strip().casefold()
    found: set[URIRef] = set()
    for prop in LABEL_PROPERTIES:
        for subject, value in graph.subject_objects(prop):
            if isinstance(subject, URIRef) and isinstance(value, Literal) and str(value).strip().casefold() == wanted:
                found.add(subject)
    return sorted(found)


def resolve_entity(graph: Graph, text: str, *, kind: str = "entity", of_class: URIRef | None = None) -> URIRef:
    """The IRI of the one entity ``text`` names in ``graph``.

    ``kind`` is how error messages call what was expected ("company", "site", "place").
    ``of_class``, when given, keeps only entities of that class or of a subclass of it (the subclass
    hierarchy is read from ``graph``, so pass a graph that holds the ontology, e.g.
    ``project.merged()``).

    Raises :class:`UsageError` when ``text`` names no entity, an IRI that does not occur in the graph,
    an entity of another class, or (for a label) two entities or more.

    >>> from battery_kg import load_project
    >>> from battery_kg.namespaces import BKG
    >>> g = load_project().merged()
    >>> resolve_entity(g, "dunkerque", kind="place", of_class=BKG.Place)
    rdflib.term.URIRef('https://w3id.org/battery-kg/id/dunkirk')
    >>> resolve_entity(g, "bkr:dunkirk", kind="company", of_class=BKG.Organisation)
    Traceback (most recent call last):
    ...
    battery_kg.errors.UsageError: expected a company (a label, a CURIE such as bkr:verkor, or an IRI), got 'bkr:dunkirk': bkr:dunkirk (Dunkirk) is a bkg:Town, not a bkg:Organisation
    """
    from battery_kg.labels import label_of

    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"{_expected(kind)}, got an empty value")
    expected = f"{_expected(kind)}, got {text!r}"

    def describe(node: URIRef) -> str:
        name = label_of(node, graph)
        shown = curie(node)
        return shown if name == shown else f"{shown} ({name})"

    def check_class(node: URIRef) -> bool:
        return of_class is None or of_class in _classes(graph, node)

    iri = parse_iri(text)
    if iri is not None:
        if not _occurs(graph, iri):
            raise UsageError(f"{expected}: {curie(iri)} does not occur in the graph")
        if not check_class(iri):
            types = sorted(curie(t) for t in graph.objects(iri, RDF.type)) or ["(no rdf:type)"]
            raise UsageError(f"{expected}: {describe(iri)} is a {', '.join(types)}, not a {curie(of_class)}")
        return iri

    found = candidates_by_label(graph, text)
    if not found:
        raise UsageError(f"{expected}: no entity has that label")
    fitting = [node for node in found if check_class(node)]
    if not fitting:
        listed = "; ".join(
            f"{describe(n)}, a {', '.join(sorted(curie(t) for t in graph.objects(n, RDF.type))) or '(no rdf:type)'}"
            for n in found
        )
        raise UsageError(f"{expected}: the label names {listed}; expected a {curie(of_class)}")
    if len(fitting) > 1:
        listed = "; ".join(describe(n) for n in fitting)
        raise UsageError(f"{expected}: the label names {len(fitting)} entities: {listed}", hint="use a CURIE or an IRI")
    return fitting[0]


__all__ = ["LABEL_PROPERTIES", "candidates_by_label", "parse_iri", "resolve_entity"]
