"""Time every catalogue query on generated data, on rdflib and on Oxigraph, one row per query.

    python benchmarks/profile_queries.py                      # rdflib ~10k, Oxigraph ~10k and ~100k
    python benchmarks/profile_queries.py --rev HEAD~1         # the queries as they were at a revision
    python benchmarks/profile_queries.py --engines oxigraph --companies 5550 --timeout 30

Data comes from ``battery_kg.generate`` (about 180 triples per company: 55 companies ~10k
triples, 555 ~100k, 5550 ~1M). Each query runs with its default parameters; entity parameters,
whose project defaults do not exist in generated data, are bound to generated entities (see
``GENERATED``). Time is the best of ``--repeat`` runs, results read to the end; the rdflib path
is :func:`battery_kg.query.run` over :func:`battery_kg.query.query_dataset`, the Oxigraph path an
in-memory store loaded from the same files, queried with the union default graph. Each query runs
in a forked child so that a runaway query stops at ``--timeout``. Not a test: nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from battery_kg.namespaces import BKR, sparql_prologue
from battery_kg.query import catalogue, load_query, query_dataset, run, with_values

ROOT = Path(__file__).resolve().parents[1]

GENERATED = {
    "area": BKR["france"],  # a country: the biggest area of generated data
    "company": BKR["gen-cell-000004"],
    "site": BKR["gen-cell-000004-site-0"],
    "entity": BKR["gen-cell-000004-site-0"],
    "from": BKR["gen-cell-000004"],
    "to": BKR["gen-mine-000000"],
}
"""Entity parameters for generated data, by parameter name."""


def queries_at(rev: str | None) -> list:
    """The catalogue of the working tree, or as it was at git revision ``rev``."""
    if rev is None:
        return catalogue()
    out = Path(tempfile.mkdtemp(prefix="queries-"))
    names = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", rev, "queries/"],
                           capture_output=True, text=True, check=True).stdout.split()
    for name in names:
        if name.endswith(".rq"):
            text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{name}"],
                                  capture_output=True, text=True, check=True).stdout
            (out / Path(name).name).write_text(text, encoding="utf-8")
    return [load_query(p, f"queries/{p.name}") for p in sorted(out.glob("*.rq"))]


def params_for(query) -> dict:
    return {p.name: GENERATED[p.name] if p.kind == "entity" else p.convert(p.default, None) for p in query.params}


def _time(call, repeat: int) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(list(call()))
        best = min(best, time.perf_counter() - start)
        if best > 1.0:
            break
    return best, rows


def _child(conn, call, repeat):
    try:
        conn.send(_time(call, repeat))
    except Exception as exc:  # report, do not hide: the table shows the error
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:80]))


def timed(call, repeat: int, timeout: float):
    """(seconds, rows) of ``call`` in a forked child, or a string saying why there is none."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, call, repeat))
    proc.start()
    if parent.poll(timeout):
        value = parent.recv()
        proc.join()
        return value[1] if value[0] == "error" else value
    proc.kill()
    proc.join()
    return f"> {timeout:g} s"


def rdflib_runner(data: Path):
    from battery_kg.load import load_project

    ds = query_dataset(load_project(paths=[data]))
    return lambda q, p: (lambda: run(ds, q, p))


def oxigraph_runner(data: Path):
    from battery_kg.store import open_store

    store = open_store("oxigraph", paths=[data])

    def runner(q, p):
        # The engine's own time: solutions read to the end as pyoxigraph terms. Store.query also
        # turns every term into an rdflib term, which costs about as much per row again.
        text = sparql_prologue() + with_values(q.text, p)
        return lambda: [tuple(s) for s in store.raw.query(text, use_default_graph_as_union=True)]
    return runner


RUNNERS = {"rdflib": rdflib_runner, "oxigraph": oxigraph_runner}


def cell(value) -> str:
    if isinstance(value, str):
        return value
    seconds, _ = value
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="rdflib:55,oxigraph:55,oxigraph:555",
                        help="engine:companies, comma separated (default rdflib:55,oxigraph:55,oxigraph:555)")
    parser.add_argument("--rev", help="git revision to take queries/ from (default: the working tree)")
    parser.add_argument("--only", help="comma-separated query names")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from battery_kg.generate import generate

    queries = queries_at(args.rev)
    if args.only:
        queries = [q for q in queries if q.name in args.only.split(",")]
    runs = [(e, int(n)) for e, n in (r.split(":") for r in args.runs.split(","))]
    columns = []
    table: dict[str, list[str]] = {q.name: [] for q in queries}
    with tempfile.TemporaryDirectory() as tmp:
        for engine, companies in runs:
            data = Path(tmp) / f"gen{companies}"
            if not data.exists():
                summary = generate(data, companies=companies, seed=args.seed)
                print(f"generated {companies} companies: {summary.triples} triples", file=sys.stderr)
            runner = RUNNERS[engine](data / "graph")
            columns.append(f"{engine} {companies}")
            for q in queries:
                value = timed(runner(q, params_for(q)), args.repeat, args.timeout)
                table[q.name].append(cell(value) + ("" if isinstance(value, str) else f" ({value[1]})"))
                print(f"{engine:8} {companies:6} {q.name:24} {table[q.name][-1]}", file=sys.stderr)
    print("| query | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, cells in table.items():
        print(f"| `{name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
