"""The mutation score of the shapes stays at 100 % for every kind of mutant they claim to guard.

One run (module fixture) generates one mutant per kind and shape (see battery_kg.checks.mutate) and validates
each; every kind must be present with at least the number of mutants below, so the suite cannot shrink
unnoticed, and every mutant must be caught by the very shape it was derived from.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.namespace import RDFS

from battery_kg.cli import main
from battery_kg.load import load_project
from battery_kg.checks.mutate import KINDS, Mutant, run, run_mutant
from battery_kg.namespaces import BKR

AT_LEAST = {"drop-required": 55, "change-datatype": 30, "iri-to-text": 60, "negative-number": 3,
            "year-backwards": 8, "remove-source": 2, "second-value": 40, "wrong-class": 60,
            # the slips of ontology/shapes/slips.ttl (issue 12)
            "wrong-domain": 40, "wrong-range": 35, "after-publication": 1, "place-cycle": 1, "label-slip": 4,
            "shared-label": 1, "fractional-count": 1, "zero-capacity": 1}


@pytest.fixture(scope="module")
def project(seed_root):
    # the mutant counts below are those of the two seed articles' graph: the seed project
    return load_project(root=seed_root)


@pytest.fixture(scope="module")
def result(project):
    return run(project)


def test_every_kind_is_generated(result):
    assert set(result.by_kind()) == set(KINDS) == set(AT_LEAST)


@pytest.mark.parametrize("kind", KINDS)
def test_score_is_100_percent(result, kind):
    mutants, caught = result.by_kind()[kind]
    assert mutants >= AT_LEAST[kind]
    survivors = [f"{o.mutant.shape}: {o.mutant.description}" for o in result.survivors() if o.mutant.kind == kind]
    assert survivors == []
    assert caught == mutants
    assert result.by_its_shape()[kind] == mutants  # the shape the mutant targets is the one that fires


def test_the_mutations_the_issue_names(result):
    seen = {(o.mutant.kind, o.mutant.shape) for o in result.outcomes}
    assert ("second-value", "bksh:SiteShape-operatedBy") in seen  # a site gets a second operator
    assert ("remove-source", "bksh:FactGraphShape-statedBy") in seen
    assert ("year-backwards", "bksh:CapacityStatementShape") in seen  # capacity falls over time
    assert ("year-backwards", "bksh:MilestoneShape") in seen  # production before construction
    assert ("negative-number", "bksh:QuantityStatementShape-value") in seen
    assert ("wrong-class", "bksh:SiteShape-operatedBy") in seen
    assert ("iri-to-text", "bksh:SiteShape-locatedIn") in seen
    assert ("drop-required", "bksh:SiteShape-operatedBy") in seen
    assert ("change-datatype", "bksh:QuantityStatementShape-value") in seen
    # issue 12's slips
    assert ("zero-capacity", "bksh:CapacityStatementShape") in seen
    assert ("place-cycle", "bksh:PlaceShape") in seen
    assert ("shared-label", "bksh:OrganisationShape") in seen
    assert ("after-publication", "bksh:MilestoneShape") in seen or ("after-publication", "bksh:QuantityStatementShape") in seen


def test_an_unguarded_change_survives(project):
    """The score means something: removing a comment, which no shape guards, is not caught."""
    node = BKR["nuclear-power-plant-near-dunkirk"]
    quads = [q for q in project.dataset.quads((node, RDFS.comment, None, None))]
    assert quads and isinstance(quads[0][2], Literal)
    outcome = run_mutant(project, Mutant("drop-required", "(none)", node, "remove the comment", quads))
    assert outcome.caught is False
    assert outcome.full_check is True


def test_mutate_command_by_kind(seed_root):
    result = CliRunner().invoke(main, ["mutate", "--kind", "remove-source", "--root", str(seed_root)],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].split() == ["remove-source", "2", "2", "100%", "2"]
