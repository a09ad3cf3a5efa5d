"""Plant records read from the shipped graph; expected values written from the two articles
(shared/sources) and the gazetteer, not from the program's output."""

import pytest

from battery_kg.load import load_project
from battery_kg.plants import plant_query, plant_set


@pytest.fixture(scope="module")
def plants():
    return plant_set(load_project())


def test_every_site_is_a_plant(plants):
    assert sorted(p.id for p in plants.plants) == [
        "bkr:prologium-dunkirk-gigafactory", "bkr:prologium-paris-saclay-rd-centre",
        "bkr:prologium-taiwan-gigafactory", "bkr:verkor-bourbourg-gigafactory", "bkr:verkor-innovation-centre"]


def test_position_comes_from_the_town(plants):
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    assert (verkor.lat, verkor.lon, verkor.position_from) == (50.947, 2.196, "bkr:bourbourg")
    assert verkor.country.label == "France" and verkor.place.label == "Bourbourg"
    assert plants.by_id["bkr:prologium-taiwan-gigafactory"].lat is None  # no town, no coordinates: not guessed


def test_capacity_claims_keep_their_sources(plants):
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    first, target = verkor.capacity
    assert (first.year, first.value, first.status, first.unit_label) == (2025, 16.0, "bkv:operational", "GWh/yr")
    assert first.sources == ["bkr:source-verkor-bourbourg-article"]
    assert first.year_sources == ["bkr:source-editorial-dating"]  # the year is the editors' inference
    assert (target.year, target.value, target.planned) == (2030, 50.0, True)
    assert verkor.kind == "cell" and verkor.operator.label == "Verkor"


def test_capacity_and_status_by_year(plants):
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    assert [verkor.capacity_in(y) for y in (2024, 2025, 2029, 2030, 2050)] == [None, 16.0, 16.0, 50.0, 50.0]
    assert [verkor.status_in(y) for y in (2024, 2025)] == ["announced", "operating"]
    prologium = plants.by_id["bkr:prologium-dunkirk-gigafactory"]
    assert prologium.capacity[-1].year is None and prologium.capacity[-1].value == 48.0  # long term: no year
    assert prologium.capacity_in(2100) == 12.0  # the long-term potential never counts as a year's capacity


def test_card_lines(plants):
    prologium = plants.by_id["bkr:prologium-dunkirk-gigafactory"]
    assert [t.label for t in prologium.technologies] == ["solid-state lithium ceramic"]
    assert {d.id for e in prologium.energy for d in e.details} >= {"bkv:nuclear", "bkv:carbon-free"}
    verkor = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
    assert [d.label for c in verkor.customers for d in c.details if d.id == "bkr:alpine-a390"] == ["Alpine A390"]
    assert all(line.sources for p in plants.plants for group in (p.milestones, p.customers, p.energy) for line in group)
    assert set(plants.sources) >= {"bkr:source-verkor-bourbourg-article", "bkr:source-prologium-dunkirk-article"}


def test_queries_have_headers():
    for name in ("sites", "site-statements", "places", "products", "labels", "sources"):
        assert plant_query(name).title
