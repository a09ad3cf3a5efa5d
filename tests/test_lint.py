"""The vocabulary lint, on fixtures with one known mistake per check (tests/fixtures/lint/).

Expected findings are written by hand from the fixture files: the line is the one you can see there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.checks.lint import STANDARD_TERMS, lint
from battery_kg.load import load_project

FIXTURES = Path(__file__).parent / "fixtures" / "lint"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def located(findings):
    return [(f.path, f.line, f.severity, f.component, f.value) for f in findings]


def test_typos_fixture(monkeypatch):
    monkeypatch.chdir(FIXTURES / "typos")
    findings = lint(load_project())
    assert located(findings) == [
        ("graph/acme.trig", 5, "Warning", "lint:unused-prefix", None),
        ("graph/acme.trig", 15, "Violation", "lint:undeclared-term", "bkg:operatedby"),
        ("graph/acme.trig", 16, "Violation", "lint:literal-datatype", '"yes"'),
        ("graph/acme.trig", 18, "Violation", "lint:iri-pattern", None),
        ("graph/acme.trig", 21, "Violation", "lint:blank-node", None),
        ("graph/acme.trig", 23, "Violation", "lint:undeclared-term", "bkg:BatteryProdct"),
        ("graph/acme.trig", 29, "Violation", "lint:literal-datatype", '"sixteen"^^xsd:decimal'),
    ]
    by_line = {f.line: f for f in findings}
    assert by_line[15].message.endswith("did you mean bkg:operatedBy?")
    assert by_line[16].message == "bkg:isFirstOfOperator takes xsd:boolean, not xsd:string"
    assert by_line[23].message.endswith("did you mean bkg:BatteryProduct?")
    assert by_line[18].focus == "https://w3id.org/battery-kg/id/Acme_Lab"


def test_lint_command_exit_codes_and_format(monkeypatch):
    monkeypatch.chdir(FIXTURES / "typos")
    result = invoke("lint")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("graph/acme.trig:15: violation: Acme works <https://w3id.org/battery-kg/id/acme-works>:")
    assert lines[0].startswith("graph/acme.trig:5: warning: ")
    assert lines[-1] == "does not conform: 6 violation(s) on 4 node(s)"


def test_validate_includes_lint_unless_no_lint(monkeypatch):
    monkeypatch.chdir(FIXTURES / "typos")
    with_lint = invoke("validate", "--format", "json")
    without = invoke("validate", "--format", "json", "--no-lint")
    assert '"lint:undeclared-term"' in with_lint.stdout
    assert '"lint:' not in without.stdout
    assert with_lint.exit_code == 1


def test_missing_label_and_definition(monkeypatch):
    monkeypatch.chdir(FIXTURES / "undocumented")
    findings = lint(load_project())
    assert [(f.path, f.line, f.component, f.message) for f in findings] == [
        ("ontology/modules/widgets.ttl", 8, "lint:undocumented-term",
         "the ontology declares bkg:Widget without skos:definition"),
        ("ontology/modules/widgets.ttl", 11, "lint:undocumented-term",
         "the ontology declares bkg:colour without rdfs:label"),
    ]
    assert invoke("lint").exit_code == 1


def test_project_data_has_no_lint_error():
    result = invoke("lint")
    assert result.exit_code == 0, result.stdout
    assert "violation:" not in result.stdout


def test_allow_list_is_the_one_place_for_standard_terms():
    from rdflib.namespace import RDF, RDFS, SKOS

    assert {RDF.type, RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.definition, SKOS.inScheme} <= STANDARD_TERMS


@pytest.mark.parametrize("iri, ok", [
    ("https://w3id.org/battery-kg/id/verkor-bourbourg-gigafactory", True),
    ("https://w3id.org/battery-kg/id/graph-2030", True),
    ("https://w3id.org/battery-kg/id/Verkor", False),
    ("https://w3id.org/battery-kg/id/verkor--x", False),
    ("https://w3id.org/battery-kg/id/verkor_x", False),
    ("https://w3id.org/battery-kg/id/-x", False),
])
def test_data_iri_pattern(iri, ok):
    from battery_kg.checks.lint import DATA_IRI_PATTERN

    assert bool(DATA_IRI_PATTERN.match(iri)) is ok


def test_the_lint_reads_no_file_again(tmp_path: Path, monkeypatch):
    """The lint works on what load_project read (issue 13: the data is read once, with the validation):
    with every file of the project removed after loading, it still finds and locates the same mistakes."""
    import shutil

    shutil.copytree(FIXTURES / "undocumented", tmp_path / "project")
    shutil.copytree(FIXTURES / "typos" / "graph", tmp_path / "project" / "graph", dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path / "project")
    project = load_project()
    for path in [*project.files, *project.ontology_sources]:
        path.unlink()
    findings = located(lint(project))
    assert ("graph/acme.trig", 15, "Violation", "lint:undeclared-term", "bkg:operatedby") in findings
    assert ("ontology/modules/widgets.ttl", 8, "Violation", "lint:undocumented-term", None) in findings
    assert ("ontology/modules/widgets.ttl", 11, "Violation", "lint:undocumented-term", None) in findings


def test_the_project_keeps_its_data_once(tmp_path: Path):
    """Project.data is a read-only view of Project.dataset (no merged copy: at ~1M triples a copy was a
    gigabyte), each triple once however many graphs state it; each file keeps its triples for the lint,
    not a second parsed Dataset."""
    from rdflib import Dataset, URIRef

    from battery_kg.load import DataView, ReadFile

    (tmp_path / "a.trig").write_text("""
@prefix bkg: <https://w3id.org/battery-kg/def#> .
@prefix bkr: <https://w3id.org/battery-kg/id/> .
bkr:graph-one { bkr:plant bkg:operatedBy bkr:maker . }
bkr:graph-two { bkr:plant bkg:operatedBy bkr:maker ; bkg:locatedIn bkr:town . }
""")
    project = load_project([tmp_path])
    assert isinstance(project.data, DataView) and project.data.store is project.dataset.store
    plant = URIRef("https://w3id.org/battery-kg/id/plant")
    assert len(project.data) == 2 and len(list(project.data.triples((plant, None, None)))) == 2
    with pytest.raises(TypeError, match="read-only"):
        project.data.add((plant, plant, plant))
    assert len(list(project.dataset.quads((None, None, None, None)))) == 3  # the view copied nothing
    read = project.sources[tmp_path / "a.trig"]
    assert isinstance(read, ReadFile) and not any(isinstance(v, Dataset) for v in vars(read).values())
    assert len(read.triples) == 2
    assert {str(g) for g in read.graph_names if "/id/" in str(g)} == {f"https://w3id.org/battery-kg/id/graph-{n}" for n in ("one", "two")}
