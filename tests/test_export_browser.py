"""The Cytoscape.js export read back by cytoscape.js itself, in Debian's Chromium (Playwright).

cytoscape.js comes from the npm registry, installed by .ci/run into .ci/npm (no PyPI package ships it
on its own: dash-cytoscape and ipycytoscape carry it inside their web bundles, behind Dash or Jupyter
widgets), or from BATTERY_KG_CYTOSCAPE_JS. Nothing is fetched while the tests run: the page is a local
file with the script and the export inlined. Where cytoscape.js or Chromium is missing the test skips,
except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from battery_kg import load_project
from battery_kg.pictures.explorer import class_style
from battery_kg.pictures.export import render
from battery_kg.pictures.layout import layered_layout
from battery_kg.pictures.project_nx import project

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("BATTERY_KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CYTOSCAPE_JS = Path(os.environ.get("BATTERY_KG_CYTOSCAPE_JS")
                    or ROOT / ".ci" / "npm" / "node_modules" / "cytoscape" / "dist" / "cytoscape.min.js")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _need(what: str, ok: bool) -> None:
    if not ok:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(what + " is missing; CI must run this test (.ci/run installs it)")
        pytest.skip(what + " is missing (.ci/run installs it)")


def test_cytoscape_js_draws_the_export(tmp_path):
    _need(f"cytoscape.js at {CYTOSCAPE_JS}", CYTOSCAPE_JS.is_file())
    _need(f"Chromium at {CHROMIUM}", Path(CHROMIUM).exists())
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("the playwright package", False)
    graph = project(load_project())
    exported = render(graph, "cytoscape").decode("utf-8")
    page = tmp_path / "cy.html"
    page.write_text(
        "<!doctype html><html><body><div id='cy' style='width:1200px;height:800px'></div>"
        f"<script>{CYTOSCAPE_JS.read_text(encoding='utf-8')}</script>"
        f"<script>const data = {exported};\n"
        "window.cy = cytoscape({container: document.getElementById('cy'), elements: data.elements,"
        " style: data.style, layout: data.layout});</script></body></html>", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            pg = browser.new_page()
            errors, requests = [], []
            pg.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.on("request", lambda r: requests.append(r.url))
            pg.goto(page.as_uri())
            pg.wait_for_function("window.cy !== undefined")
            got = pg.evaluate("""() => {
                const n = cy.getElementById('bkr:verkor-bourbourg-gigafactory');
                const e = cy.edges().filter(e => e.data('source') === 'bkr:verkor-bourbourg-gigafactory'
                                                  && e.data('property') === 'bkg:operatedBy');
                return {nodes: cy.nodes().length, edges: cy.edges().length,
                        edgeIds: new Set(cy.edges().map(e => e.id())).size,
                        position: n.position(), label: n.style('label'), colour: n.style('background-color'),
                        width: n.width(), companyWidth: cy.getElementById('bkr:verkor').width(),
                        capacity2030: n.data('capacity_2030'), operator: e.map(e => e.target().id()),
                        edgeLabel: e.map(e => e.style('label'))};
            }""")
        finally:
            browser.close()
    assert (got["nodes"], got["edges"], got["edgeIds"]) == (graph.number_of_nodes(), graph.number_of_edges(),
                                                           graph.number_of_edges())
    x, y = layered_layout(graph)["bkr:verkor-bourbourg-gigafactory"]
    assert got["position"] == {"x": x, "y": y}  # the preset layout: the positions written in the file
    assert got["label"] == "Verkor gigafactory, Bourbourg"
    r, g, b = (int(class_style("bkg:Gigafactory")["color"][i:i + 2], 16) for i in (1, 3, 5))
    assert got["colour"] == f"rgb({r},{g},{b})"
    assert got["width"] > got["companyWidth"]  # sized by capacity: 50 GWh in 2030 (verkor.trig)
    assert got["capacity2030"] == 50.0
    assert got["operator"] == ["bkr:verkor"] and got["edgeLabel"] == ["operated by"]
    assert errors == []
    assert all(u.startswith("file:") for u in requests)
