"""The explorer page without a browser: the command, bad input, determinism, what is inlined."""

import json
import re

from click.testing import CliRunner

from battery_kg.cli import main
from battery_kg.pictures.explorer import NETWORK_STYLES, RELATIONS, explorer_data
from battery_kg.load import load_project


def test_export_html_writes_the_page(tmp_path):
    out = tmp_path / "x.html"
    result = CliRunner().invoke(main, ["export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "map and network of 25 plants" in result.output
    page = out.read_text("utf-8")
    assert "<svg id=\"map\"" in page and page.count("<path d=\"M") > 40  # Europe's countries, inlined
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_export_html_bad_file_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "x.ttl").write_text("@prefix bkg: <https://w3id.org/battery-kg/def#> .\n<a> <b> .\n")
    result = CliRunner().invoke(main, ["export", "--root", str(tmp_path), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    # where the parser stopped, after the predicate (the input contract's convention, docs/bad-input.md)
    assert "x.ttl:2:8:" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_network_is_plant_centred_and_named_both_ways():
    data = explorer_data(load_project())
    groups = {n["id"]: n["group"] for n in data["network"]["nodes"]}
    assert groups["bkr:verkor-bourbourg-gigafactory"] == "cell" and groups["bkr:verkor"] == "company"
    assert groups["bkr:bourbourg"] == "town" and groups["bkr:france"] == "country"
    assert set(groups.values()) <= set(NETWORK_STYLES)
    edges = {(e["from"], e["to"]): e["rel"] for e in data["network"]["edges"]}
    assert edges[("bkr:verkor-bourbourg-gigafactory", "bkr:bourbourg")] == "locatedIn"
    assert RELATIONS["locatedIn"] == ("located in", "location of")
    # no two nodes share a position (labels never sit on each other)
    spots = [(n["x"], n["y"]) for n in data["network"]["nodes"]]
    assert len(spots) == len(set(spots))


def test_default_year_and_per_year_values():
    data = explorer_data(load_project())
    # Tesla Grunheide announced in 2020-07 (the earliest date) to ProLogium's 12 GWh in 2032
    assert data["years"] == [2020, 2032]
    assert data["year"] == 2025  # the last year with a capacity stated as reached (Verkor, AESC Douai)
    verkor = next(p for p in data["plants"] if p["id"] == "bkr:verkor-bourbourg-gigafactory")
    # 2020-2022 nothing; 16 GWh planned for 2023, reached in 2025; 50 GWh for 2030
    assert verkor["byYear"]["capacity"] == [None] * 3 + [16.0] * 7 + [50.0] * 3
    assert verkor["byYear"]["status"][:6] == [None, None, "announced", "announced", "announced", "operating"]
    json.dumps(data)  # JSON-ready


def test_same_page_from_files_and_from_stores(tmp_path):
    pages = []
    for store in (None, "oxigraph", f"oxigraph:{tmp_path / 'store'}"):
        out = tmp_path / f"{store}.html"
        args = ["export", "-o", str(out)] + (["--store", store] if store else [])
        assert CliRunner().invoke(main, args).exit_code == 0
        pages.append(out.read_bytes())
    assert pages[0] == pages[1] == pages[2]


def test_basemap_decodes_a_topology_by_hand():
    from battery_kg.pictures.basemap import from_world_atlas

    # one square country, 10 x 10 degrees from (0, 40), quantised with a 0.5-degree step and delta-coded
    topology = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [0, 40]},
                "arcs": [[[0, 0], [20, 0], [0, 20], [-20, 0], [0, -20]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "999", "properties": {"name": "Squareland"}}]}}}
    data = from_world_atlas(topology, window=(-5, 35, 5, 60))  # cut at 5 E
    (country,) = data["countries"]
    assert country["name"] == "Squareland"
    assert country["rings"] == [[0, 4000, 500, 4000, 500, 5000, 0, 5000, 0, 4000]]  # degrees x 100


def test_shipped_outlines_cover_europe():
    from battery_kg.pictures.basemap import country_paths, europe

    names = {c["name"] for c in europe()["countries"]}
    assert {"France", "Germany", "Spain", "Sweden", "Poland", "Hungary", "United Kingdom", "Norway"} <= names
    assert len(country_paths()) == len(europe()["countries"])


def test_projection_options_are_refused_for_html(tmp_path):
    result = CliRunner().invoke(main, ["export", "-o", str(tmp_path / "x.html"), "--class", "bkg:Site"])
    assert result.exit_code == 2 and "--class: only for the graph exports" in result.output
    assert not (tmp_path / "x.html").exists()
