"""The explorer page opened in a real headless Chromium (Debian's, driven by Playwright).

No browser is ever downloaded: Playwright is pointed at /usr/bin/chromium. Where that browser is
missing the tests skip, except in CI (CI=true), where they fail: .ci/run installs chromium.

One browser for the module; two pages: the shipped graph (expected values written from the two
articles and the gazetteer) and a generated graph of about 10,000 nodes (made once per session).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from battery_kg import load_project
from battery_kg.pictures.explorer import write_explorer
from battery_kg.generate import generate

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("BATTERY_KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
VERKOR = "bkr:verkor-bourbourg-gigafactory"
PROLOGIUM = "bkr:prologium-dunkirk-gigafactory"
GENERATED_COMPANIES = 405
"""10,021 nodes in the networkx projection of the generated graph (seed 0), 808 sites."""


def _need_browser():
    missing = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "the playwright Python package is not installed"
    if not Path(CHROMIUM).exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(missing + "; CI must run the browser tests")
        pytest.skip(missing)


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    summary = generate(out, companies=GENERATED_COMPANIES, seed=0)
    return out, summary


@pytest.fixture(scope="module")
def built(tmp_path_factory, generated):
    folder = tmp_path_factory.mktemp("explorer")
    shipped = write_explorer(load_project(), folder / "explorer.html")
    from battery_kg.pictures.plants import plant_set_from_files  # the path of `battery-kg export -o x.html`

    big = write_explorer(None, folder / "generated.html", plants=plant_set_from_files(root=generated[0]))
    return shipped, big


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _open(browser, path: Path):
    pg = browser.new_page(viewport={"width": 1366, "height": 768})
    console, requests = [], []
    pg.on("console", lambda m: console.append((m.type, m.text)))
    pg.on("pageerror", lambda e: console.append(("pageerror", str(e))))
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(path.as_uri())
    pg.wait_for_function("window.explorer !== undefined")
    pg.console_messages, pg.requests = console, requests
    return pg


@pytest.fixture(scope="module")
def page(browser, built):
    pg = _open(browser, built[0])
    yield pg
    pg.close()


@pytest.fixture(scope="module")
def big(browser, built):
    pg = _open(browser, built[1])
    yield pg
    pg.close()


def _visible(pg) -> list[str]:
    return pg.eval_on_selector_all("#markers path", "els => els.filter(e => e.style.display !== 'none')"
                                   ".map(e => e.getAttribute('data-id')).sort()")


# ---------------------------------------------------------------- the shipped graph


def test_markers_on_the_map(page):
    page.evaluate("explorer.setYear(2025)")
    shown = _visible(page)
    # 25 sites; ProLogium's Taiwan gigafactory lies outside the map (121 E), so no marker
    assert len(page.eval_on_selector_all("#markers path", "e => e")) == 24
    assert "bkr:prologium-taiwan-gigafactory" not in shown
    assert {VERKOR, PROLOGIUM, "bkr:acc-kaiserslautern-gigafactory", "bkr:orano-xtc-cam-plant-dunkirk"} <= set(shown)
    assert "1 plant(s) outside Europe or without coordinates" in page.inner_text("#map-legend")
    # Bourbourg (50.947 N, 2.196 E) lies north and west of Grenoble (45.188 N, 5.725 E)
    at = {i: (y, x) for i, y, x in page.evaluate("[...document.querySelectorAll('#markers path')].map(e => "
                                                  "[e.getAttribute('data-id'), e.getBoundingClientRect().y, e.getBoundingClientRect().x])")}
    assert at[VERKOR][0] < at["bkr:verkor-innovation-centre"][0] and at[VERKOR][1] < at["bkr:verkor-innovation-centre"][1]
    # a plant appears with its first dated status: CATL Arnstadt from 2022 (under construction 2022-04)
    page.evaluate("explorer.setYear(2021)")
    assert "bkr:catl-arnstadt-gigafactory" not in _visible(page)
    page.evaluate("explorer.setYear(2022)")
    assert "bkr:catl-arnstadt-gigafactory" in _visible(page)
    page.evaluate("explorer.setYear(2025)")


def test_year_slider_changes_sizes(page):
    # Verkor Bourbourg: 16 GWh in 2025, 50 GWh planned for 2030; marker radius 4 + 18 * sqrt(capacity / largest)
    page.evaluate("explorer.setYear(2025)")
    r2025 = page.evaluate(f"explorer.radius('{VERKOR}')")
    page.fill("#year", "2030")  # the slider itself, as a person drags it
    page.dispatch_event("#year", "input")
    assert page.inner_text("#year-label") == "2030"
    r2030 = page.evaluate(f"explorer.radius('{VERKOR}')")
    assert (r2030 - 4) / (r2025 - 4) == pytest.approx((50 / 16) ** 0.5, abs=0.01)
    # ProLogium Dunkirk: nothing before 2028, 0.8 GWh from 2028 on
    page.evaluate("explorer.setYear(2027)")
    assert page.evaluate(f"explorer.radius('{PROLOGIUM}')") == 4
    page.evaluate("explorer.setYear(2028)")
    assert page.evaluate(f"explorer.radius('{PROLOGIUM}')") > 4
    page.evaluate("explorer.setYear(2025)")


def test_click_opens_a_card_with_sources(page):
    page.evaluate("explorer.setYear(2025)")
    page.click("#zoom-in")  # Bourbourg and Dunkirk are 20 km apart: zoom in as a person would
    page.click("#zoom-in")
    page.click("#zoom-in")
    page.evaluate("id => { const el = document.querySelector(`#markers path[data-id='${id}']`); "
                  "el.parentNode.appendChild(el); }", VERKOR)  # on top of its neighbours, as after a hover
    box = page.locator(f"#markers path[data-id='{VERKOR}']").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.click("#zoom-reset")
    card = page.inner_text("#card")
    assert card.startswith("Verkor gigafactory, Bourbourg")
    assert "operating, 16 GWh/yr" in card
    assert "Verkor inaugurates its low-carbon lithium-ion cell gigafactory at Bourbourg" in card
    assert "dating note" in card  # the initial capacity's year 2025 is the editors' inference, and says so
    # the chart: one bar per distinct claim; 2025 has two (8 and 16 GWh, sources disagree), no line between years
    labels = page.eval_on_selector_all("#card svg.chart text", "els => els.map(e => e.textContent)")
    assert "8" in labels and "16" in labels and "50" in labels and "long term" in labels
    assert page.eval_on_selector_all("#card svg.chart polyline, #card svg.chart path", "els => els.length") == 0
    # every reference in the card points at a listed source
    refs = page.eval_on_selector_all("#card a.ref", "els => els.map(e => e.getAttribute('href'))")
    assert refs and all(page.locator(r).count() == 1 for r in set(refs))


def test_long_term_potential_is_its_own_bar(page):
    page.evaluate("explorer.select('bkr:tesla-grunheide-cell-plant')")
    labels = page.eval_on_selector_all("#card svg.chart text", "els => els.map(e => e.textContent)")
    assert labels[-2:] == ["250", "long term"]  # 250 GWh with no year: its own slot, after the dated ones


def test_search(page):
    page.fill("#search", "prologium")
    found = page.eval_on_selector_all("#results li[data-id]", "els => els.map(e => e.getAttribute('data-id'))")
    assert sorted(found) == sorted([PROLOGIUM, "bkr:prologium-paris-saclay-rd-centre", "bkr:prologium-taiwan-gigafactory"])
    page.fill("#search", "grenoble")  # by place
    assert page.eval_on_selector_all("#results li[data-id]", "els => els.map(e => e.getAttribute('data-id'))") == [
        "bkr:verkor-innovation-centre"]
    page.press("#search", "Enter")
    assert page.inner_text("#card").startswith("Verkor Innovation Centre")
    page.fill("#search", "")


def test_filters(page):
    page.evaluate("explorer.setYear(2025)")
    page.select_option("#f-status", "operating")
    # in 2025: AESC Douai (2025-06), CATL Arnstadt (2022-12), PowerCo Salzgitter (2025-12-17), Verkor Bourbourg
    assert _visible(page) == ["bkr:aesc-douai-gigafactory", "bkr:catl-arnstadt-gigafactory",
                              "bkr:powerco-salzgitter-gigafactory", VERKOR]
    page.select_option("#f-status", "")
    page.select_option("#f-company", "bkr:prologium")
    assert _visible(page) == sorted([PROLOGIUM, "bkr:prologium-paris-saclay-rd-centre"])
    page.select_option("#f-kind", "research")
    assert _visible(page) == ["bkr:prologium-paris-saclay-rd-centre"]
    page.select_option("#f-company", "")
    page.select_option("#f-kind", "")
    page.select_option("#f-tech", "bkv:solid-state-lithium-ceramic")
    assert _visible(page) == [PROLOGIUM]
    page.select_option("#f-tech", "")
    page.select_option("#f-country", "bkr:germany")
    assert _visible(page) == ["bkr:acc-kaiserslautern-gigafactory", "bkr:catl-arnstadt-gigafactory",
                              "bkr:northvolt-drei-gigafactory", "bkr:powerco-salzgitter-gigafactory",
                              "bkr:tesla-grunheide-cell-plant"]
    page.select_option("#f-country", "")


def test_network_tab(page):
    page.click("#tab-network")
    page.wait_for_function("explorer.network !== null")
    ids = page.evaluate("explorer.network.body.nodeIndices.slice().sort()")
    # plant-centred: plants, their operators, towns, the country, customers; no statement nodes
    assert "bkr:verkor" in ids and "bkr:bourbourg" in ids and "bkr:france" in ids and "bkr:alpine-a390" in ids
    assert not [i for i in ids if "capacity" in i or "milestone" in i or "supply-" in i]
    # labels legible at first load: 15 px labels drawn at a scale of at least 0.8
    assert page.evaluate("explorer.network.getScale()") >= 0.8
    page.evaluate("explorer.selectNode('bkr:bourbourg')")
    card = page.inner_text("#card")
    assert card.startswith("Bourbourg") and "location of" in card and "Verkor gigafactory, Bourbourg" in card
    assert "located in" in card and "France" in card
    page.evaluate("explorer.selectNode('bkr:verkor')")
    assert "operator of" in page.inner_text("#card")
    # the details panel is on screen, right of the drawing, at 1366x768
    box = page.locator("#card").bounding_box()
    assert box["x"] + box["width"] <= 1366 and box["x"] > 700 and box["height"] > 500
    # the legend draws the same shapes as the network
    legend = page.eval_on_selector_all("#net-legend .item", "els => els.map(e => e.textContent)")
    assert any(t.startswith("company") for t in legend) and any(t.startswith("town or area") for t in legend)
    page.click("#tab-map")


def test_no_console_error_and_no_request(page):
    errors = [m for m in page.console_messages if m[0] in ("error", "pageerror", "warning")]
    assert errors == []
    assert [u for u in page.requests if not u.startswith("file://")] == []
    assert len(page.requests) == 1


def test_same_file_same_bytes(built, tmp_path):
    again = write_explorer(load_project(), tmp_path / "again.html")
    assert again.read_bytes() == built[0].read_bytes()


# ---------------------------------------------------------------- a generated graph of ~10,000 nodes


def test_generated_markers_and_slider(big, generated):
    _, summary = generated
    total = big.evaluate("explorer.data.plants.length")
    assert total == summary.sites  # every generated site is a plant (the generator counts them itself)
    first, last = big.evaluate("explorer.data.years")
    big.evaluate(f"explorer.setYear({last})")
    assert len(_visible(big)) == total  # every generated site has a town with coordinates
    sizes_last = big.evaluate("[...document.querySelectorAll('#markers path')].map(e => +e.getAttribute('data-r'))")
    big.evaluate(f"explorer.setYear({first})")
    sizes_first = big.evaluate("[...document.querySelectorAll('#markers path')].map(e => +e.getAttribute('data-r'))")
    assert sum(sizes_last) > sum(sizes_first)  # the generator's capacities grow year by year


def test_generated_search_filter_card(big):
    plant = big.evaluate("explorer.data.plants[100]")
    hits = big.evaluate("text => explorer.search(text)", plant["label"])
    assert plant["id"] in hits
    texts = big.evaluate("ids => ids.map(id => { const p = explorer.data.plants.find(q => q.id === id); return [p.label, "
                         "...p.operators.map(o => o.label), p.place ? p.place.label : '', p.country ? p.country.label : '']"
                         ".join(' | ').toLowerCase(); })", hits)
    assert all(plant["label"].lower() in t for t in texts)
    big.fill("#search", plant["operators"][0]["label"])
    assert len(big.eval_on_selector_all("#results li[data-id]", "e => e")) >= 1
    big.fill("#search", "")
    total = big.evaluate("explorer.data.plants.length")
    big.evaluate("explorer.setYear(explorer.data.years[1])")
    country = big.evaluate("explorer.data.plants[0].country.id")
    expected = big.evaluate("c => explorer.data.plants.filter(p => p.x !== null && p.country && p.country.id === c"
                            " && p.byYear.status[p.byYear.status.length - 1] !== null).length", country)
    big.select_option("#f-country", country)
    assert 0 < len(_visible(big)) == expected < total
    big.select_option("#f-country", "")
    first = big.evaluate("explorer.data.plants[0].id")
    big.evaluate(f"explorer.select('{first}')")
    card = big.inner_text("#card")
    assert "Capacity" in card and "Sources" in card and big.eval_on_selector_all("#card ol.sources li", "e => e.length") >= 1


def test_generated_network_and_no_request(big):
    big.click("#tab-network")
    big.wait_for_function("explorer.network !== null")
    assert big.evaluate("explorer.network.body.nodeIndices.length") > 1000
    assert big.evaluate("explorer.network.getScale()") >= 0.8  # opens at reading scale, not a hairball
    big.click("#tab-map")
    errors = [m for m in big.console_messages if m[0] in ("error", "pageerror", "warning")]
    assert errors == []
    assert [u for u in big.requests if not u.startswith("file://")] == []
