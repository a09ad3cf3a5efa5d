"""SHACL validation with rudof (pyrudof, written in Rust), as a SHACL report graph.

rudof's native engine implements SHACL Core and SPARQL-based constraints (``sh:sparql``), so the
project's capacity and milestone rules run inside it too; its results are turned into the same
``sh:ValidationResult`` triples pySHACL writes, with the shape's ``sh:message`` (language-tagged, as
pySHACL reports it) rather than rudof's generic text when the shape has one.
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from battery_kg.errors import BatteryKGError
from battery_kg.namespaces import PREFIXES

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(@[A-Za-z-]+)?')


def _term(text: str | None):
    if text is None or text == "":
        return None
    if text.startswith(("http://", "https://", "urn:")):
        return URIRef(text)
    if text.startswith("_:"):
        return BNode(text[2:])
    return _n3(text)


def _n3(text: str):
    m = re.match(r'^"((?:[^"\\]|\\.)*)"(?:\^\^(\S+)|@([A-Za-z-]+))?$', text, re.S)
    if m:
        lexical = m.group(1).encode().decode("unicode_escape") if "\\" in m.group(1) else m.group(1)
        if m.group(3):
            return Literal(lexical, lang=m.group(3))
        if m.group(2):
            dt = m.group(2)
            if dt.startswith("<"):
                return Literal(lexical, datatype=URIRef(dt[1:-1]))
            prefix, _, local = dt.partition(":")
            return Literal(lexical, datatype=URIRef(PREFIXES.get(prefix, prefix + ":") + local))
        return Literal(lexical)
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return Literal(text)


def _message(text: str | None):
    """rudof gives ``"generic", "sh:message"@en``: keep the shape's own message when there is one."""
    if not text:
        return None
    found = _QUOTED.findall(text)
    if not found:
        return Literal(text)
    tagged = [(m, lang) for m, lang in found if lang]
    body, lang = (tagged or found)[-1]
    return Literal(body.replace('\\"', '"'), lang=lang[1:] if lang else None)


def report_graph(data_ntriples: str, shapes_turtle: str) -> tuple[bool, Graph]:
    """Validate N-Triples data against Turtle shapes; return (conforms, SHACL report graph)."""
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    try:
        rudof.read_data(data_ntriples, format=pyrudof.RDFFormat.NTriples)
        rudof.read_shacl(shapes_turtle)
        report = rudof.validate_shacl()
    except Exception as exc:  # pyrudof raises its own error classes
        raise BatteryKGError(f"rudof could not validate: {exc}") from None
    results = Graph()
    root = BNode()
    results.add((root, RDF.type, SH.ValidationReport))
    results.add((root, SH.conforms, Literal(bool(report.conforms))))
    for entry in report:
        node = BNode()
        results.add((root, SH.result, node))
        results.add((node, RDF.type, SH.ValidationResult))
        for prop, value in (
            (SH.focusNode, _term(entry.focus_node)),
            (SH.resultPath, _term(entry.path)),
            (SH.value, _term(entry.value)),
            (SH.sourceShape, _term(entry.source_shape)),
            (SH.sourceConstraintComponent, _term(entry.constraint_component)),
            (SH.resultSeverity, SH[entry.severity] if entry.severity else SH.Violation),
            (SH.resultMessage, _message(entry.message)),
        ):
            if value is not None:
                results.add((node, prop, value))
    return bool(report.conforms), results


def validate_graph(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """Validate an rdflib data graph against an rdflib shapes graph with rudof.

    rudof does not escape quotes inside the messages it reports, so a message such as
    ``such as "2030"^^xsd:gYear`` cannot be parsed back reliably: where the source shape has its own
    ``sh:message``, that message (English first) is taken from the shapes graph instead, as pySHACL does.
    A SPARQL-based constraint's result gets the constraint's own message, filled from its query's
    solution for that focus node (values as the data writes them), as pySHACL reports it.
    """
    conforms, results = report_graph(data.serialize(format="nt"), shapes.serialize(format="turtle"))
    for result in list(results.subjects(RDF.type, SH.ValidationResult)):
        shape = results.value(result, SH.sourceShape)
        if results.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            _sparql_result(results, result, shapes, data)
            continue
        messages = _messages(shapes, shape)
        if shape is not None and messages and not isinstance(shape, BNode):
            results.remove((result, SH.resultMessage, None))
            results.add((result, SH.resultMessage, messages[0]))
    return conforms, results


def _messages(shapes: Graph, node) -> list:
    return sorted(shapes.objects(node, SH.message), key=lambda m: (getattr(m, "language", None) != "en", str(m)))


def _sparql_result(results: Graph, result, shapes: Graph, data: Graph) -> None:
    """Give a ``sh:sparql`` result the message and value pySHACL gives it: the constraint's message with
    ``{?var}`` filled from the solution of its SELECT (``$this`` the focus node) whose ``?value`` is the
    reported value."""
    focus, value = results.value(result, SH.focusNode), results.value(result, SH.value)
    for constraint in shapes.objects(results.value(result, SH.sourceShape), SH.sparql):
        select, templates = shapes.value(constraint, SH.select), _messages(shapes, constraint)
        if select is None or not templates:
            continue
        prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
        rows = data.query(prologue + str(select), initBindings={"this": focus})
        for row in rows:
            found = row.asdict()
            if value is not None and not _same(found.get("value"), value):
                continue
            template = templates[0]
            text = re.sub(r"\{[?$](\w+)\}", lambda m: str(found.get(m.group(1), m.group(0))), str(template))
            results.remove((result, SH.resultMessage, None))
            results.add((result, SH.resultMessage, Literal(text, lang=template.language)))
            if found.get("value") is not None:
                results.set((result, SH.value, found["value"]))
            return


def _same(a, b) -> bool:
    """The same RDF term, or literals of the same value (rudof writes 2.0 as 2)."""
    if a == b:
        return True
    return isinstance(a, Literal) and isinstance(b, Literal) and a.datatype == b.datatype and a.eq(b)


__all__ = ["report_graph", "validate_graph"]
