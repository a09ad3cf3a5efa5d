"""The oxigraph engine (SHACL compiled to SPARQL) reports what pySHACL reports, in full.

Findings are compared as sets of (focus, path, component, shape, message, value). The shape fixtures
run under both engines in ``test_shapes.py``; here: the project's graph, a generated graph with
injected faults, SHACL features the project's shapes do not use yet (with hand-written answers), and
the refusals for features the compiler does not know.
"""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from battery_kg.checks.engines.oxigraph import validate_store
from battery_kg.checks.engines.shacl_sparql import CompileError, compile_shapes
from battery_kg.generate import generate, parse_inject
from battery_kg.load import load_project
from battery_kg.checks.validate import run_pyshacl, validate

EX = "http://example.org/"
PREFIXES = f"@prefix sh: <{SH}> . @prefix ex: <{EX}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


def full_set(report) -> set[tuple]:
    return {(f.focus, f.result_path, f.component, f.source_shape, f.message, f.value) for f in report.findings}


def test_same_findings_on_the_project_graph():
    project = load_project()
    mine, reference = validate(project, engine="oxigraph"), validate(project, engine="pyshacl")
    assert full_set(mine) == full_set(reference)
    assert mine.conforms == reference.conforms


@pytest.mark.slow
def test_same_findings_on_a_generated_graph_with_faults(tmp_path):
    """~11k triples (55 companies) with two faults of each kind the generator injects."""
    generate(tmp_path, companies=55, seed=1, inject=parse_inject("2"))
    project = load_project([tmp_path / "graph"])
    assert 10_000 < len(project.data) < 13_000
    mine = validate(project, engine="oxigraph")
    injected = json.loads((tmp_path / "injected.json").read_text())
    assert {(f.focus, f.component) for f in mine.violations} == {(e["focus"], e["component"]) for e in injected}
    assert full_set(mine) == full_set(validate(project, engine="pyshacl"))
    assert not mine.conforms


# ---------------------------------------------------------------------------- features, by hand

SHAPES = PREFIXES + """
ex:PersonShape a sh:NodeShape ; sh:targetNode ex:ann , ex:bob ;
    sh:property ex:PersonShape-friendName , ex:PersonShape-contact , ex:PersonShape-nick , ex:PersonShape-off .
ex:PersonShape-friendName sh:path ( ex:friend ex:name ) ; sh:minCount 2 ; sh:message "two named friends"@en .
ex:PersonShape-contact sh:path [ sh:alternativePath ( ex:mail ex:phone ) ] ; sh:maxCount 1 ;
    sh:severity sh:Warning ; sh:message "one contact"@en .
ex:PersonShape-nick sh:path ex:nick ; sh:pattern "^a" ; sh:flags "i" ; sh:message "nick starts with a"@en .
ex:PersonShape-off sh:path ex:name ; sh:minCount 5 ; sh:deactivated true ; sh:message "never"@en .
"""

DATA = PREFIXES + """
ex:ann ex:friend ex:bob , ex:cid ; ex:mail "a@x" ; ex:nick "Alfie" .
ex:bob ex:friend ex:cid ; ex:mail "b@x" ; ex:phone "1" ; ex:nick "bobby" .
ex:cid ex:name "Cid" .
ex:bob ex:name "Bob" .
"""


def _results(shapes_text: str, data_text: str):
    import pyoxigraph as ox

    shapes = Graph().parse(data=shapes_text, format="turtle")
    store = ox.Store()
    store.load(data_text.encode(), format=ox.RdfFormat.TURTLE)
    conforms, results = validate_store(store, shapes)
    return shapes, conforms, results


def _triples(results: Graph) -> set[tuple]:
    out = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        value = results.value(result, SH.value)
        out.add((str(results.value(result, SH.focusNode))[len(EX):], str(results.value(result, SH.sourceShape))[len(EX):],
                 str(results.value(result, SH.sourceConstraintComponent))[len(str(SH)):],
                 str(results.value(result, SH.resultSeverity))[len(str(SH)):],
                 str(results.value(result, SH.resultMessage)), None if value is None else str(value)))
    return out


def test_sequence_and_alternative_paths_flags_severity_and_deactivation():
    shapes, conforms, results = _results(SHAPES, DATA)
    expected = {
        # bob has one friend (cid) with a name: fewer than two along ex:friend/ex:name
        ("bob", "PersonShape-friendName", "MinCountConstraintComponent", "Violation", "two named friends", None),
        # bob has a mail and a phone
        ("bob", "PersonShape-contact", "MaxCountConstraintComponent", "Warning", "one contact", None),
        # "bobby" does not start with a, even ignoring case ("Alfie" does)
        ("bob", "PersonShape-nick", "PatternConstraintComponent", "Violation", "nick starts with a", "bobby"),
    }
    assert _triples(results) == expected
    assert not conforms
    # and pySHACL, the reference, says the same
    data = Graph().parse(data=DATA, format="turtle")
    _, reference = run_pyshacl(data, shapes)
    assert _triples(reference) == expected


def test_a_warning_alone_conforms_but_is_reported():
    """As pySHACL with warnings allowed: only sh:Violation results make the data not conform."""
    shapes = PREFIXES + 'ex:S a sh:NodeShape ; sh:targetNode ex:ann ; sh:property ex:S-contact . ' \
                        'ex:S-contact sh:path ex:mail ; sh:maxCount 1 ; sh:severity sh:Warning ; sh:message "one mail"@en .'
    _, conforms, results = _results(shapes, PREFIXES + 'ex:ann ex:mail "a" , "b" .')
    assert _triples(results) == {("ann", "S-contact", "MaxCountConstraintComponent", "Warning", "one mail", None)}
    assert conforms


@pytest.mark.parametrize(("parameter", "component"), [
    ("sh:closed true", "sh:closed"),
    ("sh:property [ sh:path ex:p ; sh:equals ex:q ]", "sh:equals"),
    ("sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ]",
     "sh:qualifiedMinCount"),
])
def test_an_unknown_feature_is_refused_naming_shape_and_parameter(parameter, component):
    shapes = Graph().parse(data=PREFIXES + f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; {parameter} .", format="turtle")
    with pytest.raises(CompileError) as caught:
        compile_shapes(shapes)
    text = str(caught.value)
    assert component in text and ("ex:S" in text or "blank-node shape" in text or str(URIRef(EX + "S")) in text)


def test_shapes_are_compiled_once_per_content():
    text = PREFIXES + 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .'
    shapes = Graph().parse(data=text, format="turtle")
    first = compile_shapes(shapes)
    copy = Graph()
    for triple in shapes:
        copy.add(triple)
    assert compile_shapes(copy) is first
    changed = compile_shapes(Graph().parse(data=text.replace("minCount 1", "minCount 2"), format="turtle"))
    assert changed is not first and len(changed) == 1


def test_the_store_holds_what_pyshacl_validates():
    """Data, ontology and provenance index: the same triples as validation_graph, no more, no fewer."""
    from battery_kg.checks.engines.oxigraph import INDEX_GRAPH, validation_store
    from battery_kg.checks.validate import validation_graph

    project = load_project()
    store = validation_store(project)
    term = store.term  # literals as the data writes them (Oxigraph answers 16.0 as 16)
    index = {(term(q.subject), term(q.predicate), term(q.object))
             for q in store.raw.quads_for_pattern(None, None, None, to_rdflib_graph(INDEX_GRAPH))}
    assert index == set(project.provenance_index())
    merged = {(term(q.subject), term(q.predicate), term(q.object))
              for q in store.raw.quads_for_pattern(None, None, None, None)}
    assert merged == set(validation_graph(project))


def to_rdflib_graph(name: URIRef):
    import pyoxigraph as ox

    return ox.NamedNode(str(name))


def test_the_command_runs_the_oxigraph_engine_by_default_and_changed_runs_pyshacl(monkeypatch):
    from click.testing import CliRunner

    import battery_kg.checks.engines.oxigraph as engine
    from battery_kg.cli import main

    calls = []
    real = engine.validate_project
    monkeypatch.setattr(engine, "validate_project", lambda project: calls.append(1) or real(project))
    fixture = "tests/fixtures/shapes/CustomerShape-receives/invalid.trig"
    default = CliRunner().invoke(main, ["validate", "--no-lint", "--format", "json", "tests/fixtures/shapes/base.trig", fixture])
    reference = CliRunner().invoke(main, ["validate", "--no-lint", "--format", "json", "--engine", "pyshacl",
                                          "tests/fixtures/shapes/base.trig", fixture])
    assert default.exit_code == reference.exit_code == 1
    assert calls == [1]  # the default ran the oxigraph engine, --engine pyshacl did not
    assert json.loads(default.output) == json.loads(reference.output)
    refused = CliRunner().invoke(main, ["validate", "--changed", "--engine", "oxigraph"])
    assert refused.exit_code == 2 and "--changed runs pySHACL" in refused.output


@pytest.mark.parametrize("first", ["2.0", "2.000"])
def test_a_value_written_in_two_forms_is_reported_in_the_form_its_node_states(tmp_path, first):
    """Oxigraph keeps ``2.0`` and ``2.000`` (xsd:decimal) as one canonical ``2``; pySHACL reports each
    node's own lexical form. Each finding's value is the form its focus node states, whichever the data
    wrote first (a mapping by value alone picked one by hash order, so CI failed one run in three)."""
    second = "2.000" if first == "2.0" else "2.0"
    (tmp_path / "cells.ttl").write_text(f"""
@prefix bkg: <https://w3id.org/battery-kg/def#> .
@prefix bkr: <https://w3id.org/battery-kg/id/> .
bkr:cell-a a bkg:BatteryProduct ; bkg:generation {first} .
bkr:cell-b a bkg:BatteryProduct ; bkg:generation {second} .
""")
    project = load_project([tmp_path])
    mine = validate(project, engine="oxigraph")
    values = {(str(f.focus).rsplit("/", 1)[1], f.value) for f in mine.findings
              if f.component == "sh:DatatypeConstraintComponent"}
    assert values == {("cell-a", first), ("cell-b", second)}
    assert full_set(mine) == full_set(validate(project, engine="pyshacl"))
