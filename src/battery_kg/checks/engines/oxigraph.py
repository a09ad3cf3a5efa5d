"""SHACL validation as SPARQL on Oxigraph: the shapes compiled to queries, one per constraint.

The store holds what pySHACL validates (:func:`battery_kg.checks.validate.validation_graph`): the data files'
graphs, the ontology graph and the provenance index in a graph of its own, all seen through the union
default graph. Each check of :func:`battery_kg.checks.engines.shacl_sparql.compile_shapes` answers its
violations, and they are written as the SHACL results graph pySHACL writes (focus node, value, result
path, source shape and component, severity, the shape's messages; a SPARQL-based constraint's message
filled with ``{?var}`` from its solution and placed first, as pySHACL does), so that
:func:`battery_kg.checks.validate.report_of` reads either engine's answer the same way.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH

from battery_kg.checks.engines.shacl_sparql import Check, compile_shapes
from battery_kg.errors import BatteryKGError
from battery_kg.namespaces import BKG

INDEX_GRAPH = URIRef("urn:battery-kg:validation:provenance-index")
"""Named graph of the provenance index inside the validation store (never exported)."""


def validation_store(project):
    """An in-memory pyoxigraph Store with the project's graphs, its ontology and its provenance index.

    One pass over the parsed quads fills all three: the index is :meth:`battery_kg.load.Project.provenance_index`
    (``?s bkg:statedIn ?g`` for each subject of a named graph, ``?s bkg:unsourcedProperty ?p`` for each
    triple outside one), written into :data:`INDEX_GRAPH` as the quads go by. Terms are converted once each.
    """
    import pyoxigraph as ox

    from battery_kg.stores.layout import ONTOLOGY_GRAPH
    from battery_kg.stores.terms import to_oxigraph

    converted: dict = {}
    originals: dict = {}

    def term(node):
        found = converted.get(node)
        if found is None:
            found = converted[node] = to_oxigraph(node)
            if isinstance(node, Literal) and node.datatype is not None:
                _remember(originals, node)
        return found

    index, stated_in, unsourced = term(INDEX_GRAPH), term(BKG.statedIn), term(BKG.unsourcedProperty)

    def quads():
        for s, p, o, g in project.dataset.quads((None, None, None, None)):
            graph = g.identifier if isinstance(g, Graph) else g
            subject = term(s)
            yield ox.Quad(subject, term(p), term(o), term(graph))
            if graph == DATASET_DEFAULT_GRAPH_ID:
                yield ox.Quad(subject, unsourced, term(p), index)
            else:
                yield ox.Quad(subject, stated_in, term(graph), index)
        ontology = term(ONTOLOGY_GRAPH)
        for s, p, o in project.ontology:
            yield ox.Quad(term(s), term(p), term(o), ontology)

    store = ox.Store()
    store.bulk_extend(quads())

    def stated(s, p, o) -> bool:
        return any(True for _ in project.dataset.quads((s, p, o, None))) or (s, p, o) in project.ontology

    return ValidationStore(store, originals, stated)


def _remember(originals: dict, literal: Literal) -> None:
    if literal.value is None:  # rdflib keeps no value (gYearMonth, ill-typed): Oxigraph keeps the lexical form
        return
    try:
        forms = originals.setdefault((literal.datatype, literal.value), [])
    except TypeError:  # a value that cannot be hashed: its lexical form is kept by Oxigraph anyway
        return
    if literal not in forms:
        forms.append(literal)


class ValidationStore:
    """The pyoxigraph Store validated (``raw``) and the typed literals as rdflib parsed them.

    Oxigraph keeps a number, a boolean or a date in its canonical form (``16.0`` comes back as ``16``);
    pySHACL reports the data's own lexical form, so each answer's literal is mapped back to the literal
    of the data with the same datatype and value. Where the data writes one value in several forms
    (``2.0`` here, ``2.000`` there), the form is the one the finding's focus node states through its
    path (``stated``, asked of the parsed data), each such form once, as pySHACL reports each value node.
    """

    def __init__(self, raw, originals: dict | None = None, stated=None) -> None:
        self.raw = raw
        self.originals = originals or {}
        self.stated = stated

    def _forms(self, found) -> list:
        if isinstance(found, Literal) and found.datatype is not None and found.value is not None and self.originals:
            try:
                return self.originals.get((found.datatype, found.value)) or [found]
            except TypeError:
                return [found]
        return [found]

    def term(self, term):
        """The rdflib term of an answer; a literal in the first form the data wrote its value in."""
        return self._forms(as_rdflib(term))[0]

    def values(self, focus, path, term) -> list:
        """The rdflib terms an answer's value stands for: the data's forms of it that ``focus`` states
        through ``path`` (a single property), or its first form where that cannot be told."""
        forms = self._forms(as_rdflib(term))
        if len(forms) == 1 or self.stated is None or not isinstance(path, URIRef):
            return forms[:1]
        return [form for form in forms if self.stated(focus, path, form)] or forms[:1]


def validate_store(store, shapes: Graph) -> tuple[bool, Graph]:
    """Validate a :class:`ValidationStore` or a pyoxigraph Store (its union default graph) against
    ``shapes``: (conforms, results graph)."""
    store = store if isinstance(store, ValidationStore) else ValidationStore(store)
    results = Graph()
    report = BNode()
    results.add((report, RDF.type, SH.ValidationReport))
    conforms = True
    for check in compile_shapes(shapes):
        if not check.query:
            continue  # a deactivated SPARQL constraint
        for result in _results(store, check):
            conforms = conforms and check.severity != SH.Violation  # warnings allowed, as run_pyshacl does
            node = BNode()
            results.add((report, SH.result, node))
            for triple in _triples(node, check, *result):
                results.add(triple)
    results.add((report, SH.conforms, Literal(conforms)))
    return conforms, results


def as_rdflib(term):
    """A pyoxigraph term as the rdflib term pySHACL would hold: lexical forms kept as they are."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == _XSD_STRING else URIRef(datatype))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _results(store: ValidationStore, check: Check):
    """(focus, value, path, message variables) per violation, each once."""
    try:
        solutions = store.raw.query(check.query, use_default_graph_as_union=True)
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise BatteryKGError(f"the compiled query of {check.shape.n3()} ({check.component.n3()}) failed: {exc}",
                             hint="use --engine pyshacl") from None
    names = [v.value for v in solutions.variables]
    seen = set()
    for solution in solutions:
        raw = {name: term for name, term in zip(names, solution) if term is not None}
        row = {name: store.term(term) for name, term in raw.items()}
        focus = row.pop("this", None)
        if focus is None:
            continue
        value = row.pop("value", None)
        path = row.pop("path", None) if check.constraint is not None else None
        if value is None and check.value_is_focus:
            value = focus
        values = [value]
        if value is not None and "value" in raw:
            values = store.values(focus, path if path is not None else check.path, raw["value"])
        for value in values:
            key = (focus, value, path, tuple(sorted(row.items())))
            if key in seen:
                continue
            seen.add(key)
            yield focus, value, path, row


def _triples(node, check: Check, focus, value, path, variables):
    yield node, RDF.type, SH.ValidationResult
    yield node, SH.sourceConstraintComponent, check.component
    yield node, SH.sourceShape, check.shape
    yield node, SH.resultSeverity, check.severity
    yield node, SH.focusNode, focus
    if value is not None:
        yield node, SH.value, value
    path = path if path is not None else check.path
    if path is not None:
        yield node, SH.resultPath, path
        if path is check.path:
            yield from check.path_triples
    if check.constraint is None:
        yield from ((node, SH.resultMessage, m) for m in check.messages)
        return
    yield node, SH.sourceConstraint, check.constraint
    bound = {"this": focus, **({"path": path} if path is not None else {}),
             **({"value": value} if value is not None else {}), **variables}
    for message in [*(t for t in check.templates if t not in check.messages), *check.messages]:
        yield node, SH.resultMessage, Literal(_filled(str(message), bound))


def _filled(template: str, bound: dict) -> str:
    """``{?name}`` and ``{$name}`` replaced by the solution's value (its lexical form or IRI)."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: str(bound[m.group(1)]) if m.group(1) in bound else m.group(0),
                  template)


def validate_project(project) -> tuple[bool, Graph, Graph]:
    """The project's merged content loaded into Oxigraph and validated there: (conforms, results, the
    labels of the focus nodes, as a graph for :func:`battery_kg.checks.validate.report_of`)."""
    store = validation_store(project)
    conforms, results = validate_store(store, project.shapes)
    return conforms, results, focus_labels(store.raw, set(results.objects(None, SH.focusNode)))


def focus_labels(raw, nodes, chunk: int = 500) -> Graph:
    """The label triples (every property :func:`battery_kg.labels.label_of` reads) of ``nodes``."""
    from battery_kg.labels import LABEL_PROPERTIES
    from battery_kg.stores.terms import to_rdflib

    graph = Graph()
    named = sorted((n for n in nodes if isinstance(n, URIRef)), key=str)
    props = " ".join(p.n3() for p in LABEL_PROPERTIES)
    for start in range(0, len(named), chunk):
        values = " ".join(n.n3() for n in named[start:start + chunk])
        query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {props} }} ?s ?p ?o }}"
        for s, p, o in raw.query(query, use_default_graph_as_union=True):
            graph.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return graph


__all__ = ["INDEX_GRAPH", "ValidationStore", "as_rdflib", "validate_project", "validate_store", "validation_store"]
