"""The capacity charts: honest lines, readable labels, print resolution, aggregation past a dozen plants."""

from __future__ import annotations

import struct

import pytest
from click.testing import CliRunner
from lxml import etree

from battery_kg import load_project
from battery_kg.cli import main
from battery_kg.pictures.plot import MAX_LINES, _by_year, capacity_figure, cell_series, render_capacity


@pytest.fixture(scope="module")
def loaded():
    """The whole graph: Europe's plants (more than a dozen with a capacity)."""
    return load_project()


@pytest.fixture(scope="module")
def seed(seed_root):
    """The two seed articles only."""
    return load_project(root=seed_root)


def test_series_from_the_seed_articles(seed):
    series = {s.label: s for s in cell_series(seed)}
    # ProLogium article: 0.8 GWh in 2028, 4 GWh in 2030, 12 GWh in 2032 (planned), 48 GWh long term (no year);
    # Verkor article: 16 GWh now (operational, dated 2025 by the dating note), 50 GWh by 2030 (planned)
    assert sorted(series) == ["ProLogium gigafactory, Dunkirk", "Verkor gigafactory, Bourbourg"]
    dunkirk, bourbourg = series["ProLogium gigafactory, Dunkirk"], series["Verkor gigafactory, Bourbourg"]
    assert {y: [c.value for c in cs] for y, cs in dunkirk.dated.items()} == {2028: [0.8], 2030: [4.0], 2032: [12.0]}
    assert [c.value for c in dunkirk.undated] == [48.0]
    assert {y: [(c.value, c.status) for c in cs] for y, cs in bourbourg.dated.items()} == {
        2025: [(16.0, "bkv:operational")], 2030: [(50.0, "bkv:planned")]}


def test_materials_plants_are_not_drawn(loaded):
    # graph/organisations/dunkirk-materials.trig: the Orano / XTC CAM plant states 64 GWh (cell-equivalent)
    assert not any("Orano" in s.label for s in cell_series(loaded))


def test_no_line_reaches_a_figure_without_a_year(loaded):
    import matplotlib.pyplot as plt

    fig = capacity_figure(loaded, by="plant")
    ax = fig.axes[0]
    years = {y for s in cell_series(loaded) for y in s.dated}
    for line in ax.get_lines():
        xs = list(line.get_xdata())
        if len(set(xs)) > 1:  # a segment (not the vertical divider): both ends are years with a stated figure
            assert set(xs) <= years, xs
    plt.close(fig)


def test_labels_do_not_overlap_and_sit_above_the_lines(loaded):
    import matplotlib.pyplot as plt

    fig = capacity_figure(loaded, by="plant")
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    names = [t for t in ax.texts if t.get_text() and t.get_text()[0].isalpha()]
    assert len(names) == min(len(cell_series(loaded)), MAX_LINES)
    from matplotlib.text import Text

    boxes = [Text.get_window_extent(t, renderer) for t in names]  # the text, not its leader line
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    line_z = max(line.get_zorder() for line in ax.get_lines())
    values = [t for t in ax.texts if t not in names]
    assert values and all(t.get_zorder() > line_z and t.get_bbox_patch() is not None for t in values)
    plt.close(fig)


def test_capacity_by_country_and_year(loaded):
    series = cell_series(loaded)
    span, stacks = _by_year(series, lambda s, y: s.country)
    # France in 2030, the largest figure stated for 2030 at each French cell plant: ACC Billy-Berclau 40,
    # AESC Douai 43, ProLogium Dunkirk 48, Verkor Bourbourg 50
    assert stacks["France"][span.index(2030)] == 40 + 43 + 48 + 50
    # Sweden: Northvolt Ett, 16 GWh planned for 2021, 32 for 2024; held until another figure is stated
    assert [stacks["Sweden"][span.index(y)] for y in (2021, 2023, 2024, 2030)] == [16, 16, 32, 32]


def test_auto_aggregates_past_a_dozen_plants(loaded):
    import matplotlib.pyplot as plt

    assert len(cell_series(loaded)) > 12
    fig = capacity_figure(loaded)
    assert [ax.get_title().split(" (")[0] for ax in fig.axes] == [
        "The 8 largest plants and the rest", "Capacity by country and year", "Capacity by plant status"]
    plt.close(fig)


def test_svg_names_the_plants_and_sources(tmp_path, seed, seed_root):
    out = tmp_path / "capacity.svg"
    result = CliRunner().invoke(main, ["plot", "capacity", "--by", "plant", "-o", str(out), "--root", str(seed_root)])
    assert result.exit_code == 0, result.output
    root = etree.fromstring(out.read_bytes())
    text = " ".join(t for t in root.itertext())
    for expected in ("ProLogium gigafactory, Dunkirk", "Verkor gigafactory, Bourbourg", "GWh per year",
                     "no year", "planned", "operational", "Sources:",
                     "ProLogium begins building its solid-state lithium ceramic battery gigafactory in Dunkirk"):
        assert expected in text
    assert "up to" not in text  # the legend of precision marks explains only the marks used
    assert out.read_bytes() == render_capacity(seed, "svg", by="plant")  # deterministic


def test_png_at_print_resolution(tmp_path):
    out = tmp_path / "capacity.png"
    assert CliRunner().invoke(main, ["plot", "capacity", "--by", "country", "-o", str(out)]).exit_code == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 3000 and height >= 1500  # 11 x 6 inches at 300 dpi


def test_unknown_extension():
    result = CliRunner().invoke(main, ["plot", "capacity", "-o", "chart.pdf"])
    assert result.exit_code == 2
    assert "expected a .svg or .png file" in result.output
