"""Make the explorer screenshots that docs/visualisation.md shows, in Debian's chromium.

    python docs/screenshots.py [--root DIR] [--out docs/img] [--prefix explorer]

Writes the explorer of the graph (the shipped one, or --root DIR), opens it in headless chromium
(/usr/bin/chromium, driven by Playwright; nothing is downloaded) at 1600x1000 and 1366x768, and saves:
the map with the card of the plant with the most capacity claims, and the network tab with the same plant
selected.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("BATTERY_KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SIZES = ((1600, 1000), (1366, 768))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None, help="project folder (default: the shipped graph)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "img"))
    parser.add_argument("--prefix", default="explorer")
    parser.add_argument("--search", default=None, help="type this in the search box before the map shot")
    parser.add_argument("--select", default=None, help="CURIE of the plant whose card is open "
                        "(default: the one with the most capacity claims)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from battery_kg.pictures.explorer import write_explorer
    from battery_kg.load import load_project

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = write_explorer(load_project(root=args.root), Path(tmp) / "explorer.html")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.as_uri())
                page.wait_for_function("window.explorer !== undefined")
                biggest = args.select or page.evaluate("""() => {
                    const ps = explorer.data.plants.filter(p => p.x !== null);
                    ps.sort((a, b) => b.capacity.length - a.capacity.length || (a.id < b.id ? -1 : 1));
                    return ps.length ? ps[0].id : null; }""")
                if biggest:
                    page.evaluate(f"explorer.select({biggest!r})")
                if args.search:
                    page.fill("#search", args.search)
                shot = out / f"{args.prefix}-map-{width}x{height}.png"
                page.screenshot(path=str(shot))
                print(f"wrote {shot}", file=sys.stderr)
                page.fill("#search", "")
                page.evaluate("explorer.showTab('network')")
                if biggest:
                    page.evaluate(f"explorer.selectNode({biggest!r})")
                page.wait_for_timeout(300)
                shot = out / f"{args.prefix}-network-{width}x{height}.png"
                page.screenshot(path=str(shot))
                print(f"wrote {shot}", file=sys.stderr)
                page.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
