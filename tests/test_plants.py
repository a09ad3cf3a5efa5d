"""Plant records read from the shipped graph; expected values written from the two articles
(shared/sources) and the gazetteer, not from the program's output."""

import pytest

from battery_kg.load import load_project
from battery_kg.pictures.plants import plant_query, plant_set


@pytest.fixture(scope="module")
def plants():
    return plant_set(load_project())


def test_every_site_is_a_plant_with_its_kind(plants):
    kinds = {p.id: p.kind for p in plants.plants}
    assert kinds["bkr:verkor-bourbourg-gigafactory"] == "cell"
    assert kinds["bkr:verkor-innovation-centre"] == "research"
    assert kinds["bkr:orano-xtc-cam-plant-dunkirk"] == "materials"  # cathode active material
    assert kinds["bkr:suez-dismantling-plant-dunkirk"] == "recycling"
    assert kinds["bkr:prologium-taiwan-gigafactory"] == "cell"


def test_position_comes_from_the_town(plants):
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    assert (verkor.lat, verkor.lon, verkor.position_from) == (50.947, 2.196, "bkr:bourbourg")  # the gazetteer's Bourbourg
    assert verkor.country.label == "France" and verkor.place.label == "Bourbourg"
    assert verkor.fact_sources["position"] == ["bkr:source-editorial-gazetteer"]
    taiwan = plants.by_id["bkr:prologium-taiwan-gigafactory"]  # no town: the country's approximate centre
    assert (taiwan.lat, taiwan.lon, taiwan.position_from) == (23.7, 121.0, "bkr:taiwan")


def test_capacity_claims_keep_their_sources(plants):
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    initial = next(c for c in verkor.capacity if c.statement == "bkr:capacity-verkor-bourbourg-initial")
    assert (initial.year, initial.value, initial.status, initial.unit_label) == (2025, 16.0, "bkv:operational", "GWh/yr")
    assert initial.sources == ["bkr:source-verkor-bourbourg-article"]
    assert initial.year_sources == ["bkr:source-editorial-dating"]  # the year is the editors' inference
    target = next(c for c in verkor.capacity if c.statement == "bkr:capacity-verkor-bourbourg-2030")
    assert (target.year, target.value, target.planned) == (2030, 50.0, True)
    # two sources disagree on 2025 (8 GWh in one interview, 16 GWh elsewhere): both claims are kept
    assert sorted({c.value for c in verkor.capacity if c.year == 2025}) == [8.0, 16.0]
    assert verkor.operator.label == "Verkor"


def test_capacity_and_status_by_year(plants):
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    assert [verkor.capacity_in(y) for y in (2022, 2023, 2025, 2029, 2030)] == [None, 16.0, 16.0, 16.0, 50.0]
    tesla = plants.by_id["bkr:tesla-grunheide-cell-plant"]
    assert tesla.capacity_in(2100) == 8.0  # the 250 GWh potential has no year: never a year's capacity
    # announced 2020-07, paused 2022, announced again 2025-12-17
    assert [tesla.status_in(y) for y in (2019, 2021, 2023, 2026)] == [None, "announced", "paused", "announced"]
    acc = plants.by_id["bkr:acc-kaiserslautern-gigafactory"]
    assert [acc.status_in(y) for y in (2024, 2026)] == ["paused", "cancelled"]  # 2024-06 paused, 2026-02 cancelled
    orano = plants.by_id["bkr:orano-xtc-cam-plant-dunkirk"]
    assert orano.unit_label == "t/yr" and orano.capacity_in(2040) is None  # 80,000 t a year, no year given


def test_card_lines(plants):
    prologium = plants.by_id["bkr:prologium-dunkirk-gigafactory"]
    assert [t.label for t in prologium.technologies] == ["solid-state lithium ceramic"]
    assert {d.id for e in prologium.energy for d in e.details} >= {"bkv:nuclear", "bkv:carbon-free"}
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    assert "Alpine A390" in [r.label for c in verkor.customers for r in c.roles.get("customerProduct", [])]
    assert all(line.sources for p in plants.plants for group in (p.milestones, p.customers, p.energy) for line in group)
    assert set(plants.sources) >= {"bkr:source-verkor-bourbourg-article", "bkr:source-prologium-dunkirk-article"}


def test_queries_have_headers():
    for name in ("sites", "site-statements", "places", "products", "labels", "sources"):
        assert plant_query(name).title
