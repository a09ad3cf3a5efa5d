"""Export benchmark (issues 10 and 13): `battery-kg export --store oxigraph:DIR` on a loaded store against a
plain pyoxigraph -> networkx -> GraphML script opening the same store.

    python benchmarks/bench_export.py                     # ~100k and ~1M triples
    python benchmarks/bench_export.py --companies 400     # one size

At each size, on a generated graph (``battery-kg generate``, seed 1, ~182 triples per company), the store
is filled once (``battery-kg query -e 'ASK {}' --store oxigraph:DIR``, timed apart), then each of these
runs in its own process timed with ``/usr/bin/time`` (wall seconds and peak memory):

* ``battery-kg export --store oxigraph:DIR -o kg.<fmt>`` for GraphML, GEXF, Cytoscape.js JSON and DOT:
  the whole command, start-up and the check that the files did not change included;
* the same export in one process without the command around it (open the store read-only,
  ``project_store``, ``render``): the export itself, store -> projection -> writer ("engine");
* the baseline: a plain script that opens the same store read-only with pyoxigraph, selects the
  IRI-to-IRI triples, makes each an edge of a networkx ``MultiDiGraph`` and writes it with
  ``nx.write_graphml`` (no labels, classes, provenance, literals or layout).

Writes benchmarks/RESULTS-export.md. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from timing import timed  # noqa: E402
FORMATS = ("graphml", "gexf", "cyjs", "dot")
RENDER = {"graphml": "graphml", "gexf": "gexf", "cyjs": "cytoscape", "dot": "dot"}


ENGINE = r"""
import sys, time
t = time.perf_counter()
from battery_kg.pictures.export import render
from battery_kg.pictures.project_nx import project_store
from battery_kg.stores import OxigraphStore

graph = project_store(OxigraphStore(sys.argv[1], read_only=True))
data = render(graph, sys.argv[2])
print(f"{time.perf_counter() - t:.2f}")
"""




def triples(folder: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(folder)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, action="append", help="generated companies (repeatable); "
                        "default: 550 (~100k triples) and 5500 (~1M triples)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bkg-bench-export")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("battery-kg"))
    rows = []
    for companies in args.companies or [550, 5500]:
        root, folder = args.work / f"gen-{companies}", args.work / f"store-{companies}"
        if not (root / "graph").is_dir():
            subprocess.run([cli, "generate", "--companies", str(companies), "--seed", "1", "-o", str(root)],
                           check=True, capture_output=True)
        fill = timed([cli, "query", "-e", "ASK {}", "--root", str(root), "--store", f"oxigraph:{folder}"], args.timeout)
        print(companies, "store filled", fill, flush=True)
        size = triples(folder)
        base = timed([sys.executable, str(HERE / "plain_export.py"), str(folder), str(root / "baseline.graphml")], args.timeout)
        print(companies, "baseline", base, flush=True)
        for fmt in FORMATS:
            ours = timed([cli, "export", "--root", str(root), "--store", f"oxigraph:{folder}",
                          "-o", str(root / f"kg.{fmt}")], args.timeout)
            engine = timed([sys.executable, "-c", ENGINE, str(folder), RENDER[fmt]], args.timeout)
            print(companies, fmt, ours, engine, flush=True)
            rows.append((companies, size, fmt, ours, engine, base, fill))
    write_results(rows)


def _cell(result: dict, key: str, fmt: str) -> str:
    return result["error"] if "error" in result else format(result[key], fmt)


def write_results(rows) -> None:
    lines = ["# Export benchmark", "",
             f"`python benchmarks/bench_export.py` on {platform.machine()}, {os.cpu_count()} cores (shared), "
             f"Python {platform.python_version()}. A store on disk is filled once per size; then each cell is one "
             "process, wall time and peak memory: the whole command `battery-kg export --store oxigraph:DIR` "
             "(start-up and the files' check included), the export alone in one process (store opened "
             "read-only -> `project_store` -> `render`, start-up excluded), and the baseline, a plain script "
             "opening the same store read-only: pyoxigraph SELECT of the IRI-to-IRI triples -> networkx -> "
             "`nx.write_graphml`, run in the same run. Ratios: the whole command over the baseline.",
             "",
             "| companies | triples | store filled (s) | nodes, edges written | format | battery-kg export (s) | "
             "export alone (s) | baseline (s) | ratio | peak MB (ours / baseline) |",
             "|---:|---:|---:|---|---|---:|---:|---:|---:|---|"]
    for companies, size, fmt, ours, engine, base, fill in rows:
        counts = ours.get("out", "").split("(")[-1].rstrip(")").split(": ")[-1] if "out" in ours else "–"
        ratio = f"{ours['wall'] / base['wall']:.2f}x" if "wall" in ours and "wall" in base else "–"
        alone = engine.get("out", engine.get("error", "–"))
        lines.append(f"| {companies} | {size} | {_cell(fill, 'wall', '.1f')} | {counts} | {fmt} | "
                     f"{_cell(ours, 'wall', '.1f')} | {alone} | {_cell(base, 'wall', '.1f')} | {ratio} | "
                     f"{_cell(ours, 'rss_mb', '.0f')} / {_cell(base, 'rss_mb', '.0f')} |")
    notes = HERE / "NOTES-export.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (HERE / "RESULTS-export.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
