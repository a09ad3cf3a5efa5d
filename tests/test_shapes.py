"""Every SHACL shape has a valid and an invalid fixture, and the invalid one names what must fire.

Layout (after pySHACL's own suite, which keeps the expected report next to each data file)::

    tests/fixtures/shapes/base.trig                  small valid dataset loaded with every fixture
    tests/fixtures/shapes/<Shape>/valid.trig         base + this conforms, with no results at all
    tests/fixtures/shapes/<Shape>/invalid.trig       base + this gives exactly the results declared
                                                     in its leading comment, one per line:
    # expect: bkr:fx-site-1 bksh:SiteShape-operatedBy sh:MinCountConstraintComponent

``<Shape>`` is the local name of every node shape that has a target, of every named property shape
and of every named SPARQL constraint in ``ontology/shapes/*.ttl``. Node shapes without a target (the
concept-scheme shapes such as ``bksh:RoleConcept``) are reached through ``sh:node`` on property
shapes: they count as covered when a fixture expects ``sh:NodeConstraintComponent`` from a property
shape that references them. The list of shapes is read from the shapes graph, so a new shape without
fixtures fails this suite, and so does a fixture folder whose shape is gone.

Beyond each fixture's own results, the suite checks that every constraint parameter of every shape
(``sh:minCount``, ``sh:class``, ``sh:not``, ``sh:sparql``...) is expected to fire in some fixture,
and that each valid fixture adds a focus node (and, for a property shape, a value on its path) that
the base data does not have, so it exercises the shape rather than passing vacuously.

Fixtures are validated without the project's graph: ``load_project(paths=[base, fixture])``. The
ontology and shapes are loaded once and the data swapped per fixture, so the suite stays fast.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from battery_kg.labels import curie
from battery_kg.load import Project, data_files, load_graph_files, load_project
from battery_kg.namespaces import BKSH, PREFIXES
from battery_kg.checks.validate import Report, validate, validation_graph

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BASE = FIXTURES / "base.trig"
FIXTURE_DIRS = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
CASES = [(folder, kind) for folder in FIXTURE_DIRS for kind in ("valid", "invalid")]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Parameters of a shape that are not constraints of their own (or are checked through another one).
NOT_CONSTRAINTS = {SH.path, SH.message, SH.property, SH.name, SH.description, SH.severity, SH.deactivated,
                   SH.order, SH.group, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                   SH.prefixes, SH.declare, SH.select}
_EXPECT = re.compile(r"^#\s*expect:\s*(\S+)\s+(\S+)\s+(\S+)\s*$")


# ---------------------------------------------------------------------------- loading


@functools.cache
def _base() -> Project:
    """Ontology, shapes and base data, loaded once."""
    return load_project(paths=[BASE], root=ROOT)


@functools.cache
def _base_graph() -> Graph:
    return validation_graph(_base())


def _load(fixture: Path) -> Project:
    """The base project with its data replaced by base.trig + ``fixture`` (ontology and shapes reused)."""
    base = _base()
    files = data_files([BASE, fixture])
    dataset, locations = load_graph_files(files, base.resources)
    return dataclasses.replace(base, dataset=dataset, files=files, locations=locations, _data=None)


def _shapes() -> Graph:
    return _base().shapes


# ---------------------------------------------------------------------------- shapes and expectations


def _expand(text: str) -> str:
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return text


def _norm(text: str) -> str:
    return curie(URIRef(_expand(text)))


def _local(node: Node) -> str:
    assert str(node).startswith(str(BKSH)), f"{node} is not in the bksh: namespace"
    return str(node)[len(str(BKSH)):]


def expectations(path: Path) -> set[tuple[str, str, str]]:
    """The ``# expect:`` lines of a fixture's leading comment block, as (focus, shape, component) CURIEs."""
    expected = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        m = _EXPECT.match(line)
        if m:
            expected.add(tuple(_norm(part) for part in m.groups()))
        else:
            assert not line.lstrip("# ").startswith("expect"), f"{path}: malformed expectation {line!r}"
    return expected


def node_shapes(shapes: Graph) -> list[URIRef]:
    return sorted(s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def targeted(shapes: Graph, shape: URIRef) -> bool:
    return any((shape, t, None) in shapes for t in TARGETS) or (shape, RDF.type, RDFS.Class) in shapes


def property_shapes(shapes: Graph) -> list[URIRef]:
    named = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.objects(None, SH.property))
    return sorted(s for s in named if isinstance(s, URIRef))


def sparql_constraints(shapes: Graph) -> list[URIRef]:
    return sorted(s for s in shapes.objects(None, SH.sparql) if isinstance(s, URIRef))


def fixture_shapes(shapes: Graph) -> dict[str, URIRef]:
    """Fixture folder name -> the shape (or SPARQL constraint) it tests."""
    wanted = [s for s in node_shapes(shapes) if targeted(shapes, s)] + property_shapes(shapes) + sparql_constraints(shapes)
    return {_local(s): s for s in wanted}


def component_of(parameter: URIRef) -> str:
    """The constraint component a parameter belongs to: sh:minCount -> sh:MinCountConstraintComponent."""
    if parameter == SH.sparql:
        return "sh:SPARQLConstraintComponent"
    local = str(parameter)[len(str(SH)):]
    return f"sh:{local[0].upper()}{local[1:]}ConstraintComponent"


def declared_components(shapes: Graph, shape: URIRef) -> set[str]:
    """Every constraint component ``shape`` declares itself (not those of its sh:property shapes)."""
    return {component_of(p) for p in set(shapes.predicates(shape, None))
            if str(p).startswith(str(SH)) and p not in NOT_CONSTRAINTS and p != RDF.type}


def _all_expectations() -> dict[str, set[tuple[str, str, str]]]:
    return {folder.name: expectations(folder / "invalid.trig") for folder in FIXTURE_DIRS if (folder / "invalid.trig").is_file()}


# ---------------------------------------------------------------------------- the suite


def test_a_fixture_folder_for_every_shape_and_no_other():
    """The folders are exactly the shapes, so the suite can neither miss a shape nor shrink silently."""
    wanted = fixture_shapes(_shapes())
    found = [folder.name for folder in FIXTURE_DIRS]
    assert sorted(found) == sorted(wanted), "fixture folders and shapes differ"
    # 40 targeted node shapes + 119 property shapes + 2 SPARQL constraints when this was written.
    assert len(FIXTURE_DIRS) == len(wanted) >= 161
    assert len(CASES) == 2 * len(wanted)
    for folder in FIXTURE_DIRS:
        assert (folder / "valid.trig").is_file(), f"{folder.name}: no valid.trig"
        assert (folder / "invalid.trig").is_file(), f"{folder.name}: no invalid.trig"
        assert expectations(folder / "invalid.trig"), f"{folder.name}: invalid.trig expects nothing"


def test_every_constraint_is_expected_to_fire():
    """Each parameter of each shape (sh:minCount, sh:not, sh:sparql...) fires in some invalid fixture."""
    shapes = _shapes()
    fired: dict[str, set[str]] = defaultdict(set)
    for expected in _all_expectations().values():
        for _focus, shape, component in expected:
            fired[shape].add(component)
    missing = []
    for shape in [*node_shapes(shapes), *property_shapes(shapes)]:
        for component in sorted(declared_components(shapes, shape)):
            if component not in fired[curie(shape)]:
                missing.append(f"{curie(shape)} {component}")
    assert not missing, "constraints no invalid fixture makes fire:\n" + "\n".join(missing)


def test_untargeted_node_shapes_are_covered_through_sh_node():
    """A node shape with no target (a concept scheme's) only fires through sh:node on a property shape."""
    shapes = _shapes()
    expected = set().union(*_all_expectations().values())
    uncovered = []
    for shape in node_shapes(shapes):
        if targeted(shapes, shape):
            continue
        users = {curie(ps) for ps in shapes.subjects(SH.node, shape)}
        if not any(s in users and c == "sh:NodeConstraintComponent" for _f, s, c in expected):
            uncovered.append(f"{curie(shape)} (used by {', '.join(sorted(users)) or 'no property shape'})")
    assert not uncovered, "node shapes no fixture reaches:\n" + "\n".join(uncovered)


def test_each_invalid_fixture_names_its_own_shape():
    """An invalid fixture must make its own shape fire, not only some other one."""
    shapes = _shapes()
    by_name = fixture_shapes(shapes)
    wrong = []
    for name, expected in _all_expectations().items():
        shape = by_name.get(name)
        if shape is None:
            continue  # reported by test_a_fixture_folder_for_every_shape_and_no_other
        if (shape, RDF.type, SH.SPARQLConstraint) in shapes or (None, SH.sparql, shape) in shapes:
            own = {(curie(s), "sh:SPARQLConstraintComponent") for s in shapes.subjects(SH.sparql, shape)}
            ok = any((s, c) in own for _f, s, c in expected)
        elif (shape, RDF.type, SH.NodeShape) in shapes:
            own_shapes = {curie(shape)} | {curie(ps) for ps in shapes.objects(shape, SH.property)}
            ok = any(s in own_shapes for _f, s, _c in expected)
        else:
            ok = any(s == curie(shape) for _f, s, _c in expected)
        if not ok:
            wrong.append(name)
    assert not wrong, "invalid fixtures that do not make their own shape fire: " + ", ".join(wrong)


@pytest.mark.parametrize(("folder", "kind"), CASES, ids=[f"{folder.name}/{kind}" for folder, kind in CASES])
def test_fixture(folder: Path, kind: str):
    fixture = folder / f"{kind}.trig"
    project = _load(fixture)
    report = validate(project)
    got = sorted(top_level_results(report))
    if kind == "valid":
        assert got == [], f"{fixture.relative_to(ROOT)} should conform:\n" + "\n".join(
            f"{f.focus} {f.source_shape} {f.component}: {f.message}" for f in report.findings)
        assert report.conforms
        _assert_exercises(folder.name, project)
    else:
        expected = sorted(expectations(fixture))
        assert got == expected, f"{fixture.relative_to(ROOT)}: results differ from its # expect: lines"
        assert not report.conforms


def top_level_results(report: Report) -> set[tuple[str, str, str]]:
    """(focus, source shape, component) of the report's sh:result entries, each also a Finding.

    Results nested under sh:detail (pySHACL explains an sh:node violation with the inner shape's
    results, whose source shapes are blank nodes) are explanations, not results of their own.
    """
    graph = report.graph
    findings = {(f.focus, f.source_shape, f.component) for f in report.findings}
    results = set()
    for report_node in graph.subjects(RDF.type, SH.ValidationReport):
        for result in graph.objects(report_node, SH.result):
            focus, shape = graph.value(result, SH.focusNode), graph.value(result, SH.sourceShape)
            component = curie(graph.value(result, SH.sourceConstraintComponent))
            assert isinstance(shape, URIRef), f"result from an anonymous shape on {focus}: name the shape"
            assert (str(focus), curie(shape), component) in findings, f"no Finding for {focus} {curie(shape)}"
            results.add((curie(focus), curie(shape), component))
    return results


def test_findings_are_the_top_level_results():
    report = validate(_load(FIXTURES / "RoleAssignmentShape-role" / "invalid.trig"))
    assert len(report.findings) == len(top_level_results(report))


# ---------------------------------------------------------------------------- does a valid fixture exercise its shape?


def _closure_instances(graph: Graph, cls: Node) -> set[Node]:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def focus_nodes(shapes: Graph, shape: URIRef, graph: Graph) -> set[Node]:
    nodes: set[Node] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        nodes |= _closure_instances(graph, cls)
    nodes |= set(shapes.objects(shape, SH.targetNode))
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(graph.subjects(p, None))
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(graph.objects(None, p))
    return nodes


def value_pairs(shapes: Graph, path: Node, focus: set[Node], graph: Graph) -> set[tuple[Node, Node]]:
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(path, URIRef):
        return {(f, o) for f in focus for o in graph.objects(f, path)}
    if inverse is not None:
        return {(f, s) for f in focus for s in graph.subjects(inverse, f)}
    raise AssertionError(f"path {path!r} is neither an IRI nor an sh:inversePath: extend value_pairs")


def _vacuous_by_design(shapes: Graph, node_shape: URIRef) -> bool:
    """Node shapes whose target is itself the violation (sh:targetSubjectsOf P with P sh:maxCount 0)."""
    for p in shapes.objects(node_shape, SH.targetSubjectsOf):
        for ps in shapes.objects(node_shape, SH.property):
            if (ps, SH.path, p) in shapes and (ps, SH.maxCount, None) in shapes and int(shapes.value(ps, SH.maxCount)) == 0:
                return True
    return False


def _assert_exercises(name: str, project: Project) -> None:
    shapes = project.shapes
    shape = fixture_shapes(shapes)[name]
    graph, base = validation_graph(project), _base_graph()
    if (shape, RDF.type, SH.PropertyShape) in shapes or (None, SH.property, shape) in shapes:
        parents = list(shapes.subjects(SH.property, shape))
    elif (None, SH.sparql, shape) in shapes:
        parents = list(shapes.subjects(SH.sparql, shape))
    else:
        parents = [shape]
    if any(_vacuous_by_design(shapes, p) for p in parents):
        return
    focus = set().union(*(focus_nodes(shapes, p, graph) for p in parents))
    base_focus = set().union(*(focus_nodes(shapes, p, base) for p in parents))
    new_focus = focus - base_focus
    path = shapes.value(shape, SH.path)
    max_count = shapes.value(shape, SH.maxCount)
    if path is None or (max_count is not None and int(max_count) == 0):
        assert new_focus, f"{name}/valid.trig adds no focus node of {', '.join(curie(p) for p in parents)}"
        return
    new_pairs = value_pairs(shapes, path, focus, graph) - value_pairs(shapes, path, base_focus, base)
    assert new_pairs, f"{name}/valid.trig adds no value on {curie(path) if isinstance(path, URIRef) else 'the path'} of a focus node"
