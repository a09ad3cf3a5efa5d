"""Ontology consistency: a node typed both as a site and as a company is reported, by the fast
disjointness check (part of lint and validate) and by the OWL 2 RL closure (owlrl)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib.namespace import OWL

from battery_kg.cli import main
from battery_kg.checks.consistency import disjoint_pairs, disjointness_findings, owl_rl_findings
from battery_kg.load import load_project
from battery_kg.namespaces import BKG

FIXTURE = Path(__file__).parent / "fixtures" / "lint" / "disjoint"
ACME_WORKS = "https://w3id.org/battery-kg/id/acme-works"


def test_disjointness_declared_where_classes_exclude_each_other():
    pairs = disjoint_pairs(load_project().ontology)
    for a, b in [(BKG.Site, BKG.Organisation), (BKG.Site, BKG.Person), (BKG.Site, BKG.Place),
                 (BKG.Organisation, BKG.Person), (BKG.ProductionSite, BKG.ResearchCentre),
                 (BKG.BatteryProduct, BKG.Site), (BKG.BatteryProduct, BKG.Organisation)]:
        assert frozenset((a, b)) in pairs, (a, b)


def test_site_and_company_reported_by_disjointness(monkeypatch):
    monkeypatch.chdir(FIXTURE)
    findings = disjointness_findings(load_project())
    assert [(f.path, f.line, f.focus, f.component) for f in findings] == [
        ("graph/both.trig", 12, ACME_WORKS, "owl:disjointWith")]
    assert "bkg:Organisation and bkg:Site are disjoint" in findings[0].message


def test_site_and_company_reported_by_owl_rl_closure(monkeypatch):
    monkeypatch.chdir(FIXTURE)
    findings = owl_rl_findings(load_project())
    assert [(f.path, f.line, f.focus, f.component) for f in findings] == [
        ("graph/both.trig", 12, ACME_WORKS, "owlrl:inconsistency")]
    assert "Disjoint classes" in findings[0].message


def test_lint_consistency_command(monkeypatch):
    monkeypatch.chdir(FIXTURE)
    result = CliRunner().invoke(main, ["lint", "--consistency"], catch_exceptions=False)
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()[:-1]] == ["graph/both.trig:12"] * 2


def test_project_is_consistent():
    project = load_project()
    assert disjointness_findings(project) == []
    assert owl_rl_findings(project) == []
    assert (BKG.Site, OWL.disjointWith, BKG.Organisation) in project.ontology


def test_the_owl_rl_check_leaves_rdflib_literal_parsing_as_it_was():
    # owlrl replaces rdflib's lexical conversions process-wide; a later load must not judge
    # the Verkor article's "--10-30"^^xsd:gMonthDay ill-typed because a consistency check ran first.
    from rdflib import Literal
    from rdflib.namespace import XSD

    from battery_kg import load_project
    from battery_kg.checks.consistency import owl_rl_findings

    assert owl_rl_findings(load_project()) == []
    assert not Literal("--10-30", datatype=XSD.gMonthDay).ill_typed
