"""Impact, path and rank, checked against answers written by hand from the two articles.

* ProLogium's Dunkirk gigafactory gets carbon-free nuclear electricity through a grid connection
  to a nearby nuclear power plant, managed by RTE (ProLogium article). If that connection fails,
  the gigafactory and what it makes (the fourth-generation solid-state cell) are affected; the
  article names no customer, and nothing of Verkor depends on it.
* Verkor's Grenoble Innovation Centre transferred cell designs and processes to the Bourbourg
  gigafactory, whose cells go into the Alpine A390 (Verkor article).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from battery_kg.analysis.network import MEASURES, dependency_graph, impact, rank
from battery_kg.cli import main
from battery_kg.labels import labels
from battery_kg.namespaces import BKR, BKV
from battery_kg.analysis.paths import describe_path, find_paths
from battery_kg.stores import open_store


@pytest.fixture(scope="module")
def loaded(seed_root):
    # the answers below are written from the two seed articles: they run on the seed project's store
    return open_store(root=seed_root)


def test_impact_of_the_nuclear_grid_connection(loaded):
    result = impact(loaded, BKR["prologium-dunkirk-grid-connection"])
    assert result.by_kind("site") == ["ProLogium gigafactory, Dunkirk"]
    assert result.by_kind("product") == ["Superfluidized All-Inorganic Solid-State Lithium Ceramic Battery"]
    assert result.by_kind("customer") == []
    site = result.affected[0]
    assert [(s.provider, s.dependant, s.via) for s in site.path] == [
        (BKR["prologium-dunkirk-grid-connection"], BKR["prologium-dunkirk-gigafactory"], BKR["energy-prologium-dunkirk"])]
    product = result.affected[1]
    assert [s.relation for s in product.path][-1] == "produces"


def test_impact_of_nuclear_energy_reaches_the_same_site(loaded):
    result = impact(loaded, BKV["nuclear"])
    assert result.by_kind("site") == ["ProLogium gigafactory, Dunkirk"]
    # the power plant and the grid connection fail with it too
    assert BKR["nuclear-power-plant-near-dunkirk"] in result.everything
    assert BKR["prologium-dunkirk-grid-connection"] in result.everything


def test_impact_of_the_innovation_centre_reaches_the_customer(loaded):
    result = impact(loaded, BKR["verkor-innovation-centre"])
    assert result.by_kind("site") == ["Verkor gigafactory, Bourbourg"]
    assert sorted(result.by_kind("product")) == ["Alpine A390", "Verkor low-carbon lithium-ion cell"]
    assert result.by_kind("customer") == ["Alpine"]


def test_impact_of_an_area_and_of_a_transport_mode(loaded):
    assert impact(loaded, BKR["bourbourg"]).by_kind("site") == ["Verkor gigafactory, Bourbourg"]
    # the ProLogium article lists rail among the transport modes; the Verkor article lists none
    assert impact(loaded, BKV["rail"]).by_kind("site") == ["ProLogium gigafactory, Dunkirk"]
    assert impact(loaded, BKR["alpine-a390"]).affected == []


def test_path_from_grenoble_centre_to_the_a390(loaded):
    paths = find_paths(loaded, BKR["verkor-innovation-centre"], BKR["alpine-a390"], max_hops=4)
    lines = [describe_path(p, lambda node: labels(loaded, [node])[node]) for p in paths]
    assert (
        "Verkor Innovation Centre <-[from site]- technology transfer from the Verkor Innovation Centre to Bourbourg"
        " -[to site]-> Verkor gigafactory, Bourbourg <-[site]- Verkor Bourbourg cells for the Alpine A390"
        " -[customer product]-> Alpine A390"
    ) in lines
    assert min(len(p) for p in paths) == 4


def test_rank_by_reach(loaded):
    ranked = rank(loaded, "reach")
    by_node = {r.node: r.score for r in ranked}
    # Bourbourg: the gigafactory, its cell, the A390 and Alpine
    assert by_node[BKR["bourbourg"]] == 4
    # the grid connection: the Dunkirk gigafactory and its cell
    assert by_node[BKR["prologium-dunkirk-grid-connection"]] == 2
    assert ranked[0].label == "Europe"
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_dependency_graph_is_deterministic(loaded):
    a, b = dependency_graph(loaded), dependency_graph(loaded)
    assert sorted(a.edges(data=True), key=str) == sorted(b.edges(data=True), key=str)


def test_commands(seed_root):
    runner = CliRunner()
    root = ["--root", str(seed_root)]
    result = runner.invoke(main, ["impact", "bkr:prologium-dunkirk-grid-connection", *root])
    assert result.exit_code == 0, result.output
    assert "- ProLogium gigafactory, Dunkirk [site]" in result.output
    assert "Alpine" not in result.output
    result = runner.invoke(main, ["path", "Verkor Innovation Centre", "Alpine A390", *root])
    assert result.exit_code == 0, result.output
    assert "<-[from site]- technology transfer from the Verkor Innovation Centre to Bourbourg" in result.output
    result = runner.invoke(main, ["rank", "--limit", "2", *root])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"measure: {MEASURES['reach']}", "      16  Europe  (bkr:europe)",
                                          "      15  France  (bkr:france)"]
    result = runner.invoke(main, ["impact", "Atlantis"])
    assert result.exit_code == 2
    assert "no entity has that label" in result.output
