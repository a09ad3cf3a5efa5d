"""Validate the project's data against its SHACL shapes, on the merged graph.

pySHACL validates each named graph of a Dataset on its own, so a link from one source's graph to a
node described in another would fail there. battery-kg therefore validates one merged graph: every
named graph's triples, the ontology (for the class hierarchy and the concept schemes) and a small
provenance index (:meth:`battery_kg.load.Project.provenance_index`) that lets the shapes check that
every fact lives in a graph with a source.

>>> from battery_kg import load_project
>>> report = validate(load_project())
>>> report.conforms, len(report.findings)
(True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from battery_kg.errors import BatteryKGError
from battery_kg.hierarchy import instances
from battery_kg.labels import curie, label_of
from battery_kg.load import Location, Project
from battery_kg.namespaces import bind_prefixes
from battery_kg.checks.sparql_cache import PreparedQueryGraph


class ShapesError(BatteryKGError):
    """The shapes graph itself is broken (pySHACL refused to load it)."""


@dataclass(frozen=True)
class Finding:
    """One validation result, located and labelled for people."""

    path: str
    line: int
    focus: str
    focus_label: str
    result_path: str | None
    message: str
    severity: str
    source_shape: str
    component: str
    value: str | None = None

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.focus, self.result_path or "", self.source_shape, self.component,
                self.message, self.value or "")

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "line": self.line,
            "focusNode": self.focus,
            "focusLabel": self.focus_label,
            "resultPath": self.result_path,
            "value": self.value,
            "message": self.message,
            "severity": self.severity,
            "sourceShape": self.source_shape,
            "constraintComponent": self.component,
        }


@dataclass
class Report:
    """The outcome of a validation run."""

    conforms: bool
    findings: list[Finding] = field(default_factory=list)
    graph: Graph | None = None

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]


def focus_nodes(shape: Node, shapes: Graph, graph: Graph) -> set[Node]:
    """The nodes ``shape`` targets in ``graph`` (sh:targetNode, targetClass with subclasses,
    targetSubjectsOf, targetObjectsOf), as SHACL defines them."""
    focus: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        focus.update(instances(graph, cls))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        focus.update(graph.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        focus.update(graph.objects(None, prop))
    return focus


def validation_graph(project: Project) -> Graph:
    """The merged graph the shapes run on: data, ontology and the provenance index (a graph that parses
    each SPARQL text of the shapes once)."""
    graph = bind_prefixes(PreparedQueryGraph())
    for triple in project.data:
        graph.add(triple)
    for triple in project.ontology:
        graph.add(triple)
    for triple in project.provenance_index():
        graph.add(triple)
    return graph


def validate(project: Project, engine: str = "pyshacl") -> Report:
    """Run the shapes over the project's merged graph and return a located, sorted report.

    ``engine`` is ``pyshacl`` (the default here, and the reference), ``oxigraph`` (the shapes compiled to
    SPARQL and run on Oxigraph, :mod:`battery_kg.checks.engines.oxigraph`; the ``validate`` command's default) or
    ``rudof`` (see :mod:`battery_kg.checks.engines.rudof`).
    """
    if engine == "oxigraph":
        from battery_kg.checks.engines.oxigraph import validate_project

        conforms, results, labels = validate_project(project)
        return report_of(results, project, labels, conforms)
    data = validation_graph(project)
    if engine == "rudof":
        from battery_kg.checks.engines.rudof import validate_graph

        conforms, results = validate_graph(data, project.shapes)
        if not isinstance(results, Graph):
            raise ShapesError("the shapes cannot be used", hint="check ontology/shapes/*.ttl")
    elif engine != "pyshacl":
        raise BatteryKGError(f"unknown SHACL engine {engine!r}", hint="expected pyshacl, oxigraph or rudof")
    else:
        conforms, results = run_pyshacl(data, project.shapes)
    return report_of(results, project, data, conforms)


def run_pyshacl(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    """pySHACL on ``data`` itself (no inference, so it adds nothing; SHACL-AF; warnings allowed):
    (conforms, results graph). Give it :func:`validation_graph`, whose queries are parsed once."""
    from pyshacl import validate as pyshacl_validate  # here, so that commands that do not validate start fast

    conforms, results, text = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                               allow_warnings=True, abort_on_first=False, inplace=True)
    if not isinstance(results, Graph):  # pySHACL reports a broken shapes graph this way
        raise ShapesError(f"the shapes cannot be used: {text}", hint="check ontology/shapes/*.ttl")
    return bool(conforms), results


def report_of(results: Graph, project: Project, data: Graph, conforms: bool = True) -> Report:
    """A located, sorted :class:`Report` from an engine's SHACL results graph."""
    findings = sorted(_findings(results, project, data), key=Finding.sort_key)
    return Report(conforms=bool(conforms) and not any(f.severity == "Violation" for f in findings),
                  findings=findings, graph=bind_prefixes(results))


def _findings(results: Graph, project: Project, data: Graph):
    # Only the report's own results: an sh:node violation nests the results that explain it under
    # sh:detail, and those are about the value node, not about the data's focus node.
    for report in results.subjects(RDF.type, SH.ValidationReport):
        yield from _report_results(results, report, project, data)


def _report_results(results: Graph, report: Node, project: Project, data: Graph):
    for result in results.objects(report, SH.result):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        shape = results.value(result, SH.sourceShape)
        message = _message(results, result, shape, project.shapes)
        component = results.value(result, SH.sourceConstraintComponent)
        where = project.location(focus) or _fallback_location(project)
        yield (
            Finding(
                path=where.path,
                line=where.line,
                focus=str(focus),
                focus_label=label_of(focus, data),
                result_path=curie(path) if path is not None and not isinstance(path, Literal) and not _is_bnode(path) else None,
                message=str(message) if message is not None else "does not conform",
                severity=curie(severity).split("#")[-1].replace("sh:", "") if severity is not None else "Violation",
                source_shape=curie(shape) if shape is not None and not _is_bnode(shape) else _shape_name(results, shape),
                component=curie(component) if component is not None else "",
                value=(str(value) if isinstance(value, Literal) else curie(value)) if value is not None else None,
            )
        )


def _message(results: Graph, result: Node, shape: Node | None, shapes: Graph) -> Literal | None:
    """The result's message. A SPARQL-based constraint's result carries two (pySHACL writes the
    constraint's own, filled from its solution, and the node shape's): the constraint's is the one that
    says what is wrong, so messages that are not the shape's own come first, then by text, whatever order
    the results graph gives them in (it varies from one process to the next)."""
    messages = list(results.objects(result, SH.resultMessage))
    if len(messages) < 2:
        return messages[0] if messages else None
    own = {str(m) for m in shapes.objects(shape, SH.message)} if shape is not None else set()
    return min(messages, key=lambda m: (str(m) in own, str(m)))


def _is_bnode(node: Node) -> bool:
    from rdflib import BNode

    return isinstance(node, BNode)


def _shape_name(results: Graph, shape: Node | None) -> str:
    return "(anonymous shape)" if shape is None else f"(property shape of {curie(shape)})"


def _fallback_location(project: Project) -> Location:
    return Location(project.resources.relative(project.resources.graph), 1)
