"""The generator is deterministic, conforms to the shapes, and injects what it says."""

from __future__ import annotations

import json

from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.generate import generate
from battery_kg.load import load_project
from battery_kg.checks.validate import validate


def test_same_seed_same_bytes(tmp_path):
    a, b = generate(tmp_path / "a", 30, seed=7), generate(tmp_path / "b", 30, seed=7)
    assert [p.read_bytes() for p in a.files] == [p.read_bytes() for p in b.files]
    c = generate(tmp_path / "c", 30, seed=8)
    assert [p.read_bytes() for p in a.files] != [p.read_bytes() for p in c.files]


def test_generated_graph_conforms_and_counts_triples(tmp_path):
    summary = generate(tmp_path, 21, seed=1)
    project = load_project([tmp_path / "graph"])
    assert len(project.data) == summary.triples
    report = validate(project, engine="rudof")
    assert report.conforms, [f.message for f in report.findings[:5]]


def test_cli_generate_with_injection(tmp_path):
    result = CliRunner().invoke(main, ["generate", "--companies", "10", "--seed", "2", "-o", str(tmp_path),
                                       "--inject", "capacity-decrease=2,missing-label=1"])
    assert result.exit_code == 0, result.output
    kinds = sorted(e["kind"] for e in json.loads((tmp_path / "injected.json").read_text()))
    assert kinds == ["capacity-decrease", "capacity-decrease", "missing-label"]


def test_cli_generate_rejects_unknown_kind(tmp_path):
    result = CliRunner().invoke(main, ["generate", "-o", str(tmp_path), "--inject", "typo=1"])
    assert result.exit_code == 2
    assert "unknown violation kind 'typo'" in result.output


def test_conforms_when_tier_sizes_are_multiples_of_seven(tmp_path):
    # 343 companies = 7 tiers of 49. Customers used to be picked at index i * 7 modulo the tier's
    # size, so with 49 per tier most of them received no supply (592 customers at ~5,500 companies,
    # where tiers have 784 = 7 * 112 members) and CustomerShape-receives fired.
    generate(tmp_path, 343, seed=3)
    report = validate(load_project([tmp_path / "graph"]), engine="rudof")
    assert report.conforms, sorted({f.message for f in report.findings})[:5]


def test_plants_carry_the_contract_terms(tmp_path):
    from battery_kg.pictures.plants import plant_set

    generate(tmp_path, 70, seed=4)
    plants = plant_set(load_project([tmp_path / "graph"])).plants
    kinds = {p.kind for p in plants}
    assert kinds == {"cell", "materials", "recycling", "production"}
    assert all(p.lat is not None and p.lon is not None and p.country is not None for p in plants)
    assert all(p.status_history for p in plants)
    units = {(p.kind, c.unit_label) for p in plants for c in p.capacity}
    assert units == {("cell", "GWh/yr"), ("production", "GWh/yr"), ("materials", "t/yr"), ("recycling", "t/yr")}
    # every plant is announced, then under construction the year after; operating from its first
    # capacity stated as reached (2025 at the latest)
    for p in plants:
        first = {s.status.split(":")[-1]: s.year for s in p.status_history}
        assert first["under-construction"] == first["announced"] + 1
        assert p.status_in(first["announced"] - 1) is None
    statuses = {p.status_in(2026) for p in plants}
    assert {"operating", "under-construction"} <= statuses
