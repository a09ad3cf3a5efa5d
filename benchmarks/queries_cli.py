"""The catalogue as a user runs it (used by run.py): per query, at one size of generated data,

* ``engine``: ``battery_kg.query.run`` on the store kept on disk (``--store oxigraph:DIR``, opened read-only),
  and the same text run directly by pyoxigraph on the same store (the baseline), best of 3 each, in one process
  per query (Oxigraph cannot interrupt a query: a query over the limit is cut, the others measured);
* ``memory``: the same two in memory (the store ``battery-kg query`` builds when no ``--store`` is given),
  for the questions about one entity (``ONE_ENTITY``), best of 3;
* ``cli``: the whole command, ``battery-kg query NAME -p ... -f json --store oxigraph:DIR`` (start-up, the
  check that the files did not change, parameters resolved in the store, the answer written), and the
  baseline: a Python process that opens the same store with pyoxigraph, runs the text and writes JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ONE_ENTITY = ("area-capacity", "capacity-roadmap", "company-sites", "entity-provenance", "relation-paths")
"""Questions about one entity (an area, a site, a company, a statement, two entities)."""

ENGINE = """
import sys, json, time
sys.path.insert(0, {here!r})
from rdflib import URIRef
from battery_kg.namespaces import sparql_prologue
from battery_kg.query import find_query, run, with_values
from battery_kg.stores import OxigraphStore, open_store
name, picked = sys.argv[1], {{k: URIRef(v) if v else None for k, v in json.loads(sys.argv[2]).items()}}
store = OxigraphStore({folder!r}, read_only=True) if sys.argv[3] == "disk" else open_store(paths=[{data!r}])
q = find_query(name)
params = {{p.name: picked[p.name] if p.kind == "entity" else p.convert(p.default) for p in q.params}}
text = sparql_prologue() + with_values(q.text, params)
def best(fn):
    times = []
    for _ in range(int(sys.argv[4])):
        t = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t)
    return min(times), out
ours, result = best(lambda: run(store, q, params))
raw = best(lambda: list(store.raw.query(text, use_default_graph_as_union=True)))[0] if q.engine == "sparql" else None
print(json.dumps({{"ours": ours, "raw": raw, "rows": len(result.rows) if result.kind == "select" else 1}}))
"""

BASELINE = """
import sys, pyoxigraph as ox
s = ox.Store.read_only({folder!r})
r = s.query(sys.stdin.read(), use_default_graph_as_union=True)
sys.stdout.buffer.write(r.serialize(format=ox.QueryResultsFormat.JSON))
"""


def _python(code: str, args: list[str], limit: float, stdin: str | None = None) -> tuple[float, subprocess.CompletedProcess | None]:
    t = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=limit,
                              input=stdin)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t, None
    return time.perf_counter() - t, done


def measure(data: Path, work: Path, limit: float, size: int = 0, repeat: int = 3) -> dict:
    """Every figure of the module docstring for the generated graph in ``data`` (a ``graph/`` folder); the
    engine's figures are the best of ``repeat`` runs (``limit`` is per run)."""
    from rdflib import URIRef  # noqa: F401 - imported here so run.py starts light

    sys.path.insert(0, str(HERE))
    from bench_queries import entities
    from battery_kg.namespaces import sparql_prologue
    from battery_kg.query import catalogue, with_values
    from battery_kg.stores import OxigraphStore

    exe = shutil.which("battery-kg") or "battery-kg"
    root, folder = data.parent, work / "store"
    t = time.perf_counter()
    first = subprocess.run([exe, "query", "-e", "ASK {}", "--root", str(root), "--store", f"oxigraph:{folder}"],
                           capture_output=True, text=True)
    out: dict = {"first_load": time.perf_counter() - t, "first_exit": first.returncode, "queries": {}}
    t = time.perf_counter()
    again = subprocess.run([exe, "query", "-e", "ASK {}", "--root", str(root), "--store", f"oxigraph:{folder}"],
                           capture_output=True, text=True)
    out["reuse_ask"] = time.perf_counter() - t if again.returncode == 0 else None
    store = OxigraphStore(folder, read_only=True)
    picked = {k: (str(v) if v is not None else None) for k, v in entities(store).items()}
    del store
    for q in catalogue():
        row: dict = {}
        params = {}
        for p in q.params:
            params[p.name] = URIRef(picked[p.name]) if p.kind == "entity" else p.convert(p.default)
        code = ENGINE.format(here=str(HERE), folder=str(folder), data=str(data))
        # best of ``repeat`` at every size: a single run at ~1M paid the cold cache for ours and not for
        # pyoxigraph's run of the same text right after it
        wall, done = _python(code, [q.name, json.dumps(picked), "disk", str(repeat)], limit * repeat)
        if done is None or done.returncode:
            row["engine"] = f"cut at {limit:.0f} s" if done is None else "failed: " + done.stderr.strip()[-120:]
            out["queries"][q.name] = row
            print(f"  {q.name}: {row['engine']}", file=sys.stderr, flush=True)
            continue
        row["engine"] = json.loads(done.stdout.strip().splitlines()[-1])
        if row["engine"]["ours"] > limit / 4:  # the command and its baseline would only be cut
            row["cli"] = row["baseline_cli"] = "not run: the engine alone takes over a quarter of the limit"
            out["queries"][q.name] = row
            continue
        if q.name in ONE_ENTITY:
            # these answer in milliseconds: a single run would time the first call's one-off work
            # (importing networkx for relation-paths: ~60 ms) rather than the engine
            wall, done = _python(code, [q.name, json.dumps(picked), "memory", str(repeat)], limit * 4)
            row["memory"] = json.loads(done.stdout.strip().splitlines()[-1]) if done and not done.returncode else None
        args = [exe, "query", q.name, "-f", "json", "--root", str(root), "--store", f"oxigraph:{folder}"]
        for p in q.params:
            if p.kind == "entity":
                args += ["-p", f"{p.name}=<{picked[p.name]}>"]
        t = time.perf_counter()
        try:
            cli = subprocess.run(args, capture_output=True, timeout=limit)
            row["cli"] = time.perf_counter() - t if cli.returncode == 0 else "failed: " + cli.stderr.decode()[-120:]
        except subprocess.TimeoutExpired:
            row["cli"] = f"cut at {limit:.0f} s"
        if q.engine == "sparql":
            text = sparql_prologue() + with_values(q.text, params)
            wall, done = _python(BASELINE.format(folder=str(folder)), [], limit, stdin=text)
            row["baseline_cli"] = wall if done is not None and not done.returncode else None
        out["queries"][q.name] = row
        print(f"  {q.name}: {json.dumps(row)}", file=sys.stderr, flush=True)
    return out


def _ms(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    return f"{v * 1000:.1f}"


def render(sizes: list[dict]) -> str:
    """The Markdown section: one table per size, then the goal lines."""
    lines = ["## Queries as a user runs them (`battery-kg query NAME --store oxigraph:DIR -f json`)", "",
             "Engine: `battery_kg.query.run` on the store on disk, and the same text run directly by pyoxigraph "
             "(best of 3 at every size). Memory: the same in memory, for questions about one entity, best of 3 "
             "(a first call also imports networkx for relation-paths). CLI: the whole command "
             "(a fresh process: start-up, the files' check, parameters resolved in the store, JSON written), "
             "and the baseline: a fresh Python process that opens the store with pyoxigraph, runs the text and "
             "writes JSON. Times in ms.", ""]
    for size in sizes:
        q = size["queries"]
        lines += [f"### {size['triples']} triples", "",
                  f"Store first loaded by `battery-kg query -e 'ASK {{}}' --store oxigraph:DIR`: "
                  f"{size['first_load']:.1f} s; the same command on the loaded store: "
                  f"{_ms(size.get('reuse_ask'))} ms.", "",
                  "| query | rows | engine (ours) | engine (pyoxigraph) | ours / pyoxigraph | in memory (ours) | "
                  "in memory (pyoxigraph) | CLI | CLI baseline |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, row in q.items():
            e = row.get("engine")
            if isinstance(e, str):
                lines.append(f"| {name} | – | {e} | – | – | – | – | – | – |")
                continue
            m = row.get("memory") or {}
            ratio = f"{e['ours'] / e['raw']:.2f}x" if e.get("raw") else "–"
            lines.append(f"| {name} | {e['rows']} | {_ms(e['ours'])} | {_ms(e.get('raw'))} | {ratio} | "
                         f"{_ms(m.get('ours'))} | {_ms(m.get('raw'))} | {_ms(row.get('cli'))} | "
                         f"{_ms(row.get('baseline_cli'))} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    """``python benchmarks/queries_cli.py ROOT [ROOT...]``: measure the catalogue on generated projects (each a
    folder holding ``graph/``; ``battery-kg generate`` makes them) and write benchmarks/RESULTS-queries.md."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--limit", type=float, default=60, help="seconds a query may take before it is cut")
    args = parser.parse_args()
    sizes = []
    for root in args.roots:
        import pyoxigraph as ox

        work = root.parent / f"{root.name}-queries"
        out = measure(root / "graph", work, args.limit, size=10**9 if "5500" in root.name else 0)
        out["triples"] = len(ox.Store.read_only(str(work / "store")))
        sizes.append(out)
    (HERE / "RESULTS-queries.md").write_text(render(sizes), encoding="utf-8")


if __name__ == "__main__":
    main()
