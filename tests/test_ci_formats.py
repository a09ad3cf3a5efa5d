"""Every output format of ``validate``, on a fixture with known violations (tests/fixtures/ci/graph).

The fixture's gigafactory ``bkr:acme-works`` is typed at sites.trig line 12 and has no operator and
no place; its capacity statement, typed at line 15, is negative. Expected results are written here by
hand from the fixture.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from battery_kg.cli import main
from battery_kg.load import load_project

FIXTURE = Path(__file__).parent / "fixtures" / "ci"
BKR = "https://w3id.org/battery-kg/id/"

EXPECTED = [  # (file, line, source shape, component)
    ("graph/sites.trig", 12, "bksh:SiteShape-locatedIn", "sh:MinCountConstraintComponent"),
    ("graph/sites.trig", 12, "bksh:SiteShape-operatedBy", "sh:MinCountConstraintComponent"),
    ("graph/sites.trig", 15, "bksh:QuantityStatementShape-value", "sh:MinInclusiveConstraintComponent"),
]


@pytest.fixture
def in_fixture(monkeypatch):
    monkeypatch.chdir(FIXTURE)
    return FIXTURE


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_location_rule(in_fixture):
    """A node is defined on the first line whose first token is its IRI, in the file that types it."""
    project = load_project()
    assert str(project.location(URIRef(BKR + "acme-works"))) == "graph/sites.trig:12"
    # bkr:graph-fixture opens a GRAPH block in sites.trig (line 10) but is typed in catalogue.trig
    assert str(project.location(URIRef(BKR + "graph-fixture"))) == "graph/catalogue.trig:16"


def test_text_puts_file_and_line_first(in_fixture):
    result = invoke("validate")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    found = [(m.group(1), int(m.group(2))) for m in map(re.compile(r"^([^:\s]+):(\d+): violation: ").match, lines) if m]
    assert found == [(f, line) for f, line, *_ in EXPECTED]
    assert lines[-1] == "does not conform: 3 violation(s) on 2 node(s)"


def test_json(in_fixture):
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    got = [(r["file"], r["line"], r["sourceShape"], r["constraintComponent"]) for r in body["results"]]
    assert got == EXPECTED
    assert body["conforms"] is False


def test_github_annotations(in_fixture):
    result = invoke("validate", "--format", "github")
    assert result.exit_code == 1
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),title=([^:]+)::(.+)$")
    annotations = [pattern.match(line) for line in result.stdout.splitlines() if line.startswith("::")]
    assert all(annotations)
    got = [(m.group(2), int(m.group(3)), m.group(4).replace("%3A", ":")) for m in annotations]
    assert got == [(f, line, f"{shape} ({component})") for f, line, shape, component in EXPECTED]
    assert {m.group(1) for m in annotations} == {"error"}
    assert annotations[2].group(5).endswith("not negative. (value: -5.0)")
    assert result.stdout.splitlines()[-1] == "does not conform: 3 violation(s) on 2 node(s)"


def test_github_escapes_workflow_command_characters():
    from battery_kg.checks.ci_formats import render_github
    from battery_kg.checks.validate import Finding, Report

    f = Finding("a,b:c.trig", 3, "x", "X", None, "50% done\nnext", "Warning", "s", "c")
    line = render_github(Report(True, [f])).splitlines()[0]
    assert line == "::warning file=a%2Cb%3Ac.trig,line=3,title=s (c)::X <x>: 50%25 done%0Anext"


def test_junit_one_case_per_shape_and_focus(in_fixture, tmp_path):
    out = tmp_path / "report.xml"
    result = invoke("validate", "-o", str(out))  # format guessed from .xml
    assert result.exit_code == 1
    assert result.stdout == ""
    root = ET.parse(out).getroot()
    assert root.tag == "testsuites"
    cases = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    failed = {k: c for k, c in cases.items() if c.find("failure") is not None}
    assert sorted(failed) == [("bksh:QuantityStatementShape", BKR + "capacity-acme-works-2030"),
                              ("bksh:SiteShape", BKR + "acme-works")]
    site = failed[("bksh:SiteShape", BKR + "acme-works")]
    assert (site.get("file"), site.get("line")) == ("graph/sites.trig", "12")
    assert site.find("failure").get("type") == "sh:MinCountConstraintComponent"
    assert len(site.find("failure").text.splitlines()) == 2  # both missing properties in one test case
    capacity = failed[("bksh:QuantityStatementShape", BKR + "capacity-acme-works-2030")]
    assert (capacity.get("file"), capacity.get("line")) == ("graph/sites.trig", "15")
    # passing cases: every other (shape, focus) pair the shapes target
    assert ("bksh:GigafactoryShape", BKR + "acme-works") in cases
    assert ("bksh:FactGraphShape", BKR + "graph-fixture") in cases
    assert cases[("bksh:FactGraphShape", BKR + "graph-fixture")].find("failure") is None
    assert root.get("failures") == "2"
    assert int(root.get("tests")) == len(cases) == sum(int(s.get("tests")) for s in root.iter("testsuite"))


def test_project_graph_passes_in_every_format():
    for fmt in ("text", "json", "github", "junit"):
        result = invoke("validate", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stdout)
