"""pySHACL and rudof report the same violations, including the SPARQL-based constraints."""

from __future__ import annotations

import json

import pytest

from battery_kg.generate import generate, parse_inject
from battery_kg.load import load_project
from battery_kg.checks.validate import validate


def key(finding):
    return (finding.focus, finding.source_shape, finding.component, finding.result_path, finding.value)


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen")
    summary = generate(out, companies=14, seed=5, inject=parse_inject("1"))
    return load_project([out / "graph"]), json.loads((out / "injected.json").read_text())


@pytest.mark.parametrize("engine", ["pyshacl", "rudof"])
def test_every_injected_violation_is_found(injected, engine):
    project, expected = injected
    report = validate(project, engine=engine)
    found = {(f.focus, f.component) for f in report.violations}
    assert len(expected) == 5
    assert found == {(e["focus"], e["component"]) for e in expected}


def test_engines_agree(injected):
    project, _ = injected
    a = sorted(map(key, validate(project, engine="pyshacl").findings))
    b = sorted(map(key, validate(project, engine="rudof").findings))
    assert a == b and len(a) == 5


def test_engines_agree_on_the_real_graph():
    project = load_project()
    assert validate(project, engine="rudof").conforms == validate(project).conforms


def test_unknown_engine():
    from battery_kg.errors import BatteryKGError

    with pytest.raises(BatteryKGError):
        validate(load_project(), engine="nope")
