"""Benchmark of the explorer (issue 10): writing the page for a ~10,000-node graph, and using it.

    python benchmarks/explorer.py                  # 405 generated companies: 10,021 nodes, 808 sites
    python benchmarks/explorer.py --companies 30 --repeat 3

Each write runs ``battery-kg export -o x.html`` in a fresh process (wall time, as a user waits for it, and
CPU time, which barely grows when the machine is shared),
next to two baselines measured in the same run on the same files: pyoxigraph's own ``bulk_load`` (the
floor: reading the files at all) and ``battery-kg export -o x.graphml`` (the other exports' path: rdflib
parse and projection). In Debian's chromium (Playwright, /usr/bin/chromium): first contentful paint,
and the page's own time (``performance.now()`` around the call, layout and paint included by a forced
reflow) for a search, a filter, the year slider and the first opening of the network tab.
Writes benchmarks/RESULTS-explorer.md. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("BATTERY_KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
CLI = [sys.executable, "-m", "battery_kg"]


def _wall(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of ``cmd`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _bulk_load(root: Path) -> list[str]:
    code = ("import sys, pyoxigraph as ox, pathlib\n"
            "s = ox.Store()\n"
            "for f in sorted(pathlib.Path(sys.argv[1]).rglob('*.trig')):\n"
            "    s.bulk_load(path=str(f), format=ox.RdfFormat.TRIG)\n")
    return [sys.executable, "-c", code, str(root / "graph")]


def _browser(page_path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    timed = """(fn) => { const t = performance.now(); fn(); document.body.getBoundingClientRect();
                         return new Promise(r => requestAnimationFrame(() => r(performance.now() - t))); }"""
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(page_path.as_uri())
        page.wait_for_function("window.explorer !== undefined")
        out["first contentful paint"] = page.evaluate(
            "new Promise(r => requestAnimationFrame(() => r((performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime)))")
        label = page.evaluate("explorer.data.plants[explorer.data.plants.length >> 1].label")
        country = page.evaluate("explorer.data.plants[0].country ? explorer.data.plants[0].country.id : ''")
        last = page.evaluate("explorer.data.years[1]")
        out["search (one plant's name)"] = page.evaluate(f"({timed})(() => explorer.search({label!r}))")
        page.evaluate("explorer.search('')")
        out["filter (one country)"] = page.evaluate(f"({timed})(() => explorer.setFilter('country', {country!r}))")
        page.evaluate("explorer.setFilter('country', '')")
        out["year slider (to the last year)"] = page.evaluate(f"({timed})(() => explorer.setYear({last}))")
        out["network tab, first opening"] = page.evaluate(f"({timed})(() => explorer.showTab('network'))")
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=405)  # 10,021 nodes
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(HERE / "RESULTS-explorer.md"))
    args = parser.parse_args(argv)

    from battery_kg.generate import generate
    from battery_kg.load import load_project
    from battery_kg.pictures.project_nx import project

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "gen"
        summary = generate(root, companies=args.companies, seed=0)
        nodes = project(load_project(root=root)).number_of_nodes()
        page = Path(tmp) / "x.html"
        runs = {
            "explorer: `battery-kg export -o x.html`": CLI + ["export", "--root", str(root), "-o", str(page)],
            "baseline: pyoxigraph `bulk_load` of the files": _bulk_load(root),
            "baseline: `battery-kg export -o x.graphml`": CLI + ["export", "--root", str(root), "-o", str(Path(tmp) / "x.graphml")],
        }
        times, cpu = {}, {}
        for name, cmd in runs.items():
            measured = [_wall(cmd) for _ in range(args.repeat)]
            times[name] = statistics.median(w for w, _ in measured)
            cpu[name] = statistics.median(c for _, c in measured)
        size = page.stat().st_size
        browser = _browser(page) if Path(CHROMIUM).exists() else {}

    explorer = times["explorer: `battery-kg export -o x.html`"]
    lines = [
        "# Explorer benchmark (issue 10)",
        "",
        f"Made by `python benchmarks/explorer.py --companies {args.companies} --repeat {args.repeat}` on "
        f"{platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} cores (shared: other work may "
        "run at the same time; the ratios come from one run).",
        "",
        f"Generated graph: {args.companies} companies, {summary.sites} sites, {summary.triples} triples, "
        f"{nodes} nodes in the networkx projection. Page: {size / 1e6:.1f} MB. scipy is not needed.",
        "",
        "## Writing the page (median of fresh processes)",
        "",
        "CPU seconds (user + system) barely grow when other work shares the machine; wall seconds do.",
        "",
        "| what | wall seconds | CPU seconds | wall vs explorer |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, seconds in times.items():
        lines.append(f"| {name} | {seconds:.2f} | {cpu[name]:.2f} | {seconds / explorer:.2f}x |")
    lines += ["", "## Using it in chromium (1600x1000)", "",
              "| action | milliseconds | target |", "| --- | ---: | ---: |"]
    targets = {"first contentful paint": 2000, "search (one plant's name)": 500, "filter (one country)": 1000,
               "year slider (to the last year)": 1000, "network tab, first opening": None}
    for name, ms in browser.items():
        target = targets.get(name)
        lines.append(f"| {name} | {ms:.0f} | {'< ' + str(target) if target else ''} |")
    if not browser:
        lines.append("| (no chromium at " + CHROMIUM + ") | | |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
