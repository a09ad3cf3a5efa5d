"""The capacity roadmap chart: a valid SVG or PNG, carrying the sites' names, units and sources."""

from __future__ import annotations

import struct

from click.testing import CliRunner
from lxml import etree

from battery_kg import load_project
from battery_kg.cli import main
from battery_kg.plot import capacity_rows, render_capacity


def test_rows_from_the_articles(seed_root):
    rows = capacity_rows(load_project(root=seed_root))
    # ProLogium article: 0.8 GWh in 2028, 4 GWh in 2030, 12 GWh in 2032 (planned), 48 GWh long term (potential);
    # Verkor article: 16 GWh now (operational, dated 2025 by the dating note), 50 GWh by 2030 (planned)
    assert [(r.site_label, r.year, r.value, r.status) for r in rows] == [
        ("ProLogium gigafactory, Dunkirk", 2028, 0.8, "planned"),
        ("ProLogium gigafactory, Dunkirk", 2030, 4.0, "planned"),
        ("ProLogium gigafactory, Dunkirk", 2032, 12.0, "planned"),
        ("ProLogium gigafactory, Dunkirk", None, 48.0, "potential"),
        ("Verkor gigafactory, Bourbourg", 2025, 16.0, "operational"),
        ("Verkor gigafactory, Bourbourg", 2030, 50.0, "planned"),
    ]
    assert {r.unit for r in rows} == {"GWh"}


def test_svg_is_valid_and_names_the_sites(tmp_path, seed_root):
    out = tmp_path / "capacity.svg"
    result = CliRunner().invoke(main, ["plot", "capacity", "-o", str(out), "--root", str(seed_root)])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(out.read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join(t for t in root.itertext())
    for expected in ("ProLogium gigafactory, Dunkirk", "Verkor gigafactory, Bourbourg", "GWh per year",
                     "long term", "planned", "potential", "operational", "Sources:"):
        assert expected in text
    assert out.read_bytes() == render_capacity(load_project(root=seed_root), "svg")  # deterministic


def test_png_is_valid(tmp_path):
    out = tmp_path / "capacity.png"
    assert CliRunner().invoke(main, ["plot", "capacity", "-o", str(out)]).exit_code == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1000, 600)


def test_unknown_extension():
    result = CliRunner().invoke(main, ["plot", "capacity", "-o", "chart.pdf"])
    assert result.exit_code == 2
    assert "expected a .svg or .png file" in result.output
