"""Export benchmark (issues 10 and 13): `battery-kg export` against a plain pyoxigraph -> networkx script.

    python benchmarks/bench_export.py                     # ~10k nodes and ~1M triples
    python benchmarks/bench_export.py --companies 400     # one size

At each size, on a generated graph (``battery-kg generate``, seed 1), each in its own process timed
with ``/usr/bin/time`` (wall seconds and peak memory):

* ``battery-kg export -o kg.<fmt>`` for GraphML, GEXF, Cytoscape.js JSON and DOT: the whole command,
  start-up included (files bulk-loaded into Oxigraph, projected by SPARQL, laid out, written);
* the baseline: a plain script that bulk-loads the same files into pyoxigraph, turns every quad into a
  networkx node, edge or attribute (no labels, classes, provenance, layout) and writes it with
  ``nx.write_graphml``: what the projection costs over reading the graph at all.

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
FORMATS = ("graphml", "gexf", "cyjs", "dot")

BASELINE = r"""
import sys
from pathlib import Path
import networkx as nx
import pyoxigraph as ox

root, out = Path(sys.argv[1]), sys.argv[2]
store = ox.Store()
for path in sorted((root / "graph").rglob("*.trig")):
    store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
g = nx.MultiDiGraph()
for q in store.quads_for_pattern(None, None, None, None):
    s, p, o = q.subject.value, q.predicate.value, q.object
    if isinstance(o, ox.NamedNode):
        g.add_edge(s, o.value, key=p)
    else:
        g.add_node(s)
        g.nodes[s][p.rsplit("#", 1)[-1].rsplit("/", 1)[-1]] = o.value
nx.write_graphml(g, out)
print(g.number_of_nodes(), g.number_of_edges())
"""


def timed(cmd: list[str], timeout: float) -> dict:
    """Run ``cmd`` under /usr/bin/time: wall seconds, peak RSS (MB), its last line of output."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        try:
            run = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], capture_output=True,
                                 text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"cut at {timeout:.0f} s"}
        if run.returncode != 0:
            return {"error": (run.stderr.strip().splitlines() or ["failed"])[-1][:120]}
        wall, rss = t.read().split()[-2:]
    out = (run.stdout.strip().splitlines() or run.stderr.strip().splitlines() or [""])[-1]
    return {"wall": float(wall), "rss_mb": int(rss) / 1024, "out": out}


def triples(root: Path) -> int:
    import pyoxigraph as ox

    store = ox.Store()
    for path in sorted((root / "graph").rglob("*.trig")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    return len(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, action="append", help="generated companies (repeatable); "
                        "default: 400 (~10k nodes) and 5500 (~1M triples)")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bkg-bench-export")
    args = parser.parse_args()
    cli = str(Path(sys.executable).with_name("battery-kg"))
    rows = []
    for companies in args.companies or [400, 5500]:
        root = args.work / f"gen-{companies}"
        if not (root / "graph").is_dir():
            subprocess.run([cli, "generate", "--companies", str(companies), "--seed", "1", "-o", str(root)],
                           check=True, capture_output=True)
        size = triples(root)
        base = timed([sys.executable, "-c", BASELINE, str(root), str(root / "baseline.graphml")], args.timeout)
        print(companies, "baseline", base, flush=True)
        for fmt in FORMATS:
            ours = timed([cli, "export", "--root", str(root), "-o", str(root / f"kg.{fmt}")], args.timeout)
            print(companies, fmt, ours, flush=True)
            rows.append((companies, size, fmt, ours, base))
    write_results(rows)


def _cell(result: dict, key: str, fmt: str) -> str:
    return result["error"] if "error" in result else format(result[key], fmt)


def write_results(rows) -> None:
    lines = ["# Export benchmark", "",
             f"`python benchmarks/bench_export.py` on {platform.machine()}, {os.cpu_count()} cores (shared), "
             f"Python {platform.python_version()}. Each cell is one process: wall time and peak memory of the "
             "whole command, start-up included. Baseline: a plain script, pyoxigraph bulk load -> networkx "
             "(every quad a node, edge or attribute) -> `nx.write_graphml`, on the same files in the same run.",
             "",
             "| companies | triples | nodes, edges written | format | battery-kg export (s) | baseline (s) | ratio | peak MB (ours / baseline) |",
             "|---:|---:|---|---|---:|---:|---:|---|"]
    for companies, size, fmt, ours, base in rows:
        counts = ours.get("out", "").split("(")[-1].rstrip(")").split(": ")[-1] if "out" in ours else "–"
        ratio = f"{ours['wall'] / base['wall']:.2f}x" if "wall" in ours and "wall" in base else "–"
        lines.append(f"| {companies} | {size} | {counts} | {fmt} | {_cell(ours, 'wall', '.1f')} | "
                     f"{_cell(base, 'wall', '.1f')} | {ratio} | {_cell(ours, 'rss_mb', '.0f')} / {_cell(base, 'rss_mb', '.0f')} |")
    notes = HERE / "NOTES-export.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    (HERE / "RESULTS-export.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
