"""Reports for CI systems: GitHub Actions annotations and JUnit XML.

* ``github``: one workflow command per finding, ``::error file=F,line=L,title=T::message`` (``::warning``
  for warnings, ``::notice`` for infos), which GitHub shows on the changed lines of a pull request;
  then the summary line of the text format.
* ``junit``: JUnit XML, one ``<testsuite>`` per node shape (lint findings: one per lint rule) and one
  ``<testcase>`` per shape and focus node, with a ``<failure>`` listing that node's violations; the
  focus nodes each shape targets that conform are passing test cases, so the count of tests does not
  depend on how many fail. Warnings go to the test case's ``<system-out>``.

>>> from battery_kg.checks.validate import Finding, Report
>>> f = Finding("graph/x.trig", 12, "https://w3id.org/battery-kg/id/a", "A", "bkg:operatedBy",
...             "A site has exactly one operator, 100%", "Violation", "bksh:SiteShape-operatedBy",
...             "sh:MinCountConstraintComponent")
>>> print(render_github(Report(False, [f])).splitlines()[0])
::error file=graph/x.trig,line=12,title=bksh%3ASiteShape-operatedBy (sh%3AMinCountConstraintComponent)::A <https://w3id.org/battery-kg/id/a> bkg:operatedBy: A site has exactly one operator, 100%25
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from battery_kg.labels import curie
from battery_kg.load import Project
from battery_kg.checks.report import finding_line, render_text
from battery_kg.checks.validate import Finding, Report, focus_nodes

FORMATS = ("github", "junit")
"""Report formats for CI, in addition to :data:`battery_kg.checks.report.FORMATS`."""

_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "notice"}


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands, one per finding, then the summary line."""
    lines = []
    for f in report.findings:
        level = _LEVEL.get(f.severity, "error")
        title = f.component if f.source_shape == "lint" else f"{f.source_shape} ({f.component})"
        where = f" {f.result_path}" if f.result_path else ""
        value = f" (value: {f.value})" if f.value is not None and f.result_path else ""
        message = f"{f.focus_label} <{f.focus}>{where}: {f.message}{value}"
        lines.append(f"::{level} file={_prop(f.path)},line={f.line},title={_prop(title)}::{_data(message)}")
    return "\n".join(lines + [render_text(report).splitlines()[-1]]) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True)
class Case:
    """One JUnit test case: a shape (or lint rule) applied to one focus node."""

    suite: str
    focus: str
    path: str
    line: int


def node_shape_of(shapes: Graph) -> dict[str, str]:
    """Property shape (as a CURIE) to the node shape that has it, for grouping findings by node shape."""
    return {curie(ps): curie(ns) for ns, ps in shapes.subject_objects(SH.property) if isinstance(ps, URIRef)
            and isinstance(ns, URIRef)}


def shape_targets(project: Project, graph: Graph) -> list[Case]:
    """Every (named node shape, focus node) pair the shapes target among the data's located nodes."""
    shapes = project.shapes
    cases = set()
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        if not isinstance(shape, URIRef):
            continue
        for node in focus_nodes(shape, shapes, graph):
            where = project.location(node)
            if where is not None:
                cases.add(Case(curie(shape), str(node), where.path, where.line))
    return sorted(cases, key=lambda c: (c.suite, c.path, c.line, c.focus))


def render_junit(report: Report, cases: list[Case] | None = None, shapes: Graph | None = None) -> str:
    """JUnit XML for ``report``; ``cases`` (from :func:`shape_targets`) adds the passing test cases."""
    parent = node_shape_of(shapes) if shapes is not None else {}
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    first: dict[tuple[str, str], Finding] = {}
    for f in report.findings:
        suite = f.component if f.source_shape == "lint" else parent.get(f.source_shape, f.source_shape)
        key = (suite, f.focus)
        by_case[key].append(f)
        first.setdefault(key, f)
    all_cases = {(c.suite, c.focus): c for c in cases or []}
    for key, f in first.items():
        all_cases.setdefault(key, Case(key[0], f.focus, f.path, f.line))
    suites: dict[str, list[Case]] = defaultdict(list)
    for case in all_cases.values():
        suites[case.suite].append(case)

    root = ET.Element("testsuites", name="battery-kg validate")
    total = failed = 0
    for suite_name in sorted(suites):
        suite = ET.SubElement(root, "testsuite", name=suite_name)
        n_fail = 0
        members = sorted(suites[suite_name], key=lambda c: (c.path, c.line, c.focus))
        for case in members:
            el = ET.SubElement(suite, "testcase", classname=suite_name, name=case.focus or suite_name,
                               file=case.path, line=str(case.line))
            found = by_case.get((case.suite, case.focus), [])
            violations = [f for f in found if f.severity == "Violation"]
            others = [f for f in found if f.severity != "Violation"]
            if violations:
                n_fail += 1
                failure = ET.SubElement(el, "failure", message=violations[0].message, type=violations[0].component)
                failure.text = "\n".join(finding_line(f) for f in violations)
            if others:
                ET.SubElement(el, "system-out").text = "\n".join(finding_line(f) for f in others)
        suite.set("tests", str(len(members)))
        suite.set("failures", str(n_fail))
        suite.set("errors", "0")
        total += len(members)
        failed += n_fail
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_ci(report: Report, fmt: str, project: Project | None = None) -> str:
    """Render ``report`` as ``github`` or ``junit`` (with passing cases when ``project`` is given)."""
    if fmt == "github":
        return render_github(report)
    if fmt == "junit":
        if project is None:
            return render_junit(report)
        from battery_kg.checks.validate import validation_graph

        return render_junit(report, shape_targets(project, validation_graph(project)), project.shapes)
    raise ValueError(f"unknown CI report format {fmt!r}")


__all__ = ["FORMATS", "Case", "guess_format", "render_ci", "render_github", "render_junit", "shape_targets"]


def guess_format(output) -> str:
    """The report format for an output file's extension (``.xml`` junit, ``.json``, ``.ttl``), else text."""
    suffix = output.suffix.lower() if output is not None else ""
    return {".xml": "junit", ".json": "json", ".ttl": "turtle"}.get(suffix, "text")
