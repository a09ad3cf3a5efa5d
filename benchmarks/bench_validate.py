"""Validation benchmark (issue 13, item 4): the oxigraph engine (SHACL compiled to SPARQL) against pySHACL.

    python benchmarks/bench_validate.py                          # ~10k, ~100k and ~1M triples
    python benchmarks/bench_validate.py --companies 55 --companies 550
    python benchmarks/bench_validate.py --limit 900               # pySHACL's time limit, seconds

At each size, on a generated graph (``generate(out, companies=N, seed=1, inject=parse_inject("2"))``, two
faults of each kind), each engine runs in a fresh process of its own:

* the engine: ``load_project`` (rdflib, with positions), then ``validate(project, engine)``; the process
  reports the load time, the engine time, its peak RSS after the load and at the end (getrusage, with
  children), and its findings as full sets of (focus, path, component, shape, message, value);
* the whole command a user runs: ``battery-kg validate --engine X graph/`` (start-up, load, lint,
  validation, report), timed with ``/usr/bin/time`` (wall seconds, peak RSS).

pySHACL is the reference: its findings are compared with the oxigraph engine's as full sets wherever it
finishes within the limit. Writes benchmarks/RESULTS-validate.md. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENGINES = ("pyshacl", "oxigraph")
GOAL_SPEEDUP = 4.0
GOAL_RSS_MB = 4096


def peak_mb() -> float:
    """Peak RSS of this process and its children, MB (Linux reports kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def worker(engine: str, root: Path, out: Path) -> None:
    """One engine in this (fresh) process: load, validate, write the figures and the findings."""
    from battery_kg.load import load_project
    from battery_kg.checks.validate import validate

    t0 = time.perf_counter()
    project = load_project([root / "graph"])
    t1 = time.perf_counter()
    load_rss = peak_mb()
    report = validate(project, engine=engine)
    t2 = time.perf_counter()
    findings = sorted({(f.focus, f.result_path, f.component, f.source_shape, f.message, f.value)
                       for f in report.findings}, key=lambda row: tuple(x or "" for x in row))
    out.write_text(json.dumps({"triples": len(project.data), "load": t1 - t0, "engine": t2 - t1,
                               "load_rss_mb": load_rss, "rss_mb": peak_mb(), "conforms": report.conforms,
                               "findings": findings}))


def limited(cmd: list[str], limit: float) -> subprocess.CompletedProcess | None:
    """Run ``cmd`` in a session of its own; past ``limit`` seconds kill all of it (None), so that no
    child (the command under /usr/bin/time) is left running."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def run_worker(engine: str, root: Path, limit: float) -> dict:
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        run = limited([sys.executable, __file__, "--worker", engine, str(root), out.name], limit)
        if run is None:
            return {"error": f"not finished in {limit:.0f} s"}
        if run.returncode != 0:
            return {"error": (run.stderr.strip().splitlines() or ["failed"])[-1][:160]}
        return json.loads(Path(out.name).read_text())


def run_command(engine: str, root: Path, limit: float) -> dict:
    """``battery-kg validate --engine ENGINE graph/`` under /usr/bin/time: wall seconds, peak RSS (MB)."""
    exe = Path(sys.executable).with_name("battery-kg")
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, tempfile.NamedTemporaryFile("r", suffix=".json") as o:
        run = limited(["/usr/bin/time", "-f", "%e %M", "-o", t.name, str(exe), "validate", "--engine",
                       engine, "--format", "json", "-o", o.name, str(root / "graph")], limit)
        if run is None:
            return {"error": f"not finished in {limit:.0f} s"}
        if run.returncode not in (0, 1):
            return {"error": (run.stderr.strip().splitlines() or ["failed"])[-1][:160]}
        wall, rss = t.read().split()[-2:]
    return {"wall": float(wall), "rss_mb": int(rss) / 1024, "exit": run.returncode}


def measure(companies: int, limit: float, keep: Path | None, pyshacl_up_to: int, command: bool = True) -> dict:
    from battery_kg.generate import generate, parse_inject

    root = (keep / f"c{companies}") if keep else Path(tempfile.mkdtemp(prefix=f"bench-validate-{companies}-"))
    if not (root / "graph").is_dir():
        generate(root, companies=companies, seed=1, inject=parse_inject("2"))
    injected = json.loads((root / "injected.json").read_text())
    row: dict = {"companies": companies, "injected": len(injected)}
    for engine in ENGINES:
        if engine == "pyshacl" and companies > pyshacl_up_to:
            row[engine] = {"error": f"not run (over {pyshacl_up_to} companies)"}
            continue
        print(f"[{companies}] {engine}: engine ...", file=sys.stderr, flush=True)
        row[engine] = run_worker(engine, root, limit)
        if command:
            print(f"[{companies}] {engine}: command ...", file=sys.stderr, flush=True)
            row[engine]["command"] = run_command(engine, root, limit)
        print(f"[{companies}] {engine}: {_short(row[engine])}", file=sys.stderr, flush=True)
    a, b = row["pyshacl"], row["oxigraph"]
    if "findings" in a and "findings" in b:
        fa, fb = {tuple(x) for x in a["findings"]}, {tuple(x) for x in b["findings"]}
        row["same"] = fa == fb
        row["only_pyshacl"], row["only_oxigraph"] = len(fa - fb), len(fb - fa)
    found = {(f[0], f[2]) for f in b.get("findings", [])}
    row["injected_found"] = sum((e["focus"], e["component"].replace(str(_SH), "sh:")) in found for e in injected)
    for engine in ENGINES:
        if "findings" in row[engine]:
            row[engine]["n_findings"] = len(row[engine].pop("findings"))
    return row


_SH = "http://www.w3.org/ns/shacl#"


def _short(result: dict) -> str:
    if "error" in result:
        return result["error"]
    return f"load {result['load']:.1f} s, engine {result['engine']:.1f} s, peak {result['rss_mb']:.0f} MB, " \
           f"{len(result['findings'])} findings; command {result.get('command', 'not run')}"


def _cell(result: dict, key: str, fmt: str) -> str:
    return fmt.format(result[key]) if key in result else "—"


def write(rows: list[dict], limit: float) -> str:
    lines = [
        "# Validation: the oxigraph engine (SHACL compiled to SPARQL) against pySHACL",
        "",
        "Written by `python benchmarks/bench_validate.py` (see its docstring for the method). Graphs: "
        "`generate(companies=N, seed=1, inject=parse_inject(\"2\"))`. Each engine in a fresh process; "
        f"pySHACL cut at {limit:.0f} s. *Engine* = `validate(project, engine)` after `load_project`; "
        "*command* = `battery-kg validate --engine X graph/`, start-up, load and lint included. Peak memory is "
        "the process's peak RSS (getrusage with children; /usr/bin/time for the command).",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| companies | triples | engine | load s | engine s | peak after load MB | peak MB | command s | command peak MB | findings |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for engine in ENGINES:
            r = row[engine]
            c = r.get("command", {})
            triples = next((row[e]["triples"] for e in ENGINES if "triples" in row[e]), None)
            if "error" in r:
                lines.append(f"| {row['companies']} | {triples or '—'} | {engine} | {r['error']} | | | | "
                             f"{_cell(c, 'wall', '{:.1f}') if 'error' not in c else c['error']} | "
                             f"{_cell(c, 'rss_mb', '{:.0f}')} | |")
                continue
            lines.append(f"| {row['companies']} | {r['triples']:,} | {engine} | {r['load']:.1f} | {r['engine']:.2f} | "
                         f"{r['load_rss_mb']:.0f} | {r['rss_mb']:.0f} | "
                         f"{_cell(c, 'wall', '{:.1f}') if 'error' not in c else c['error']} | "
                         f"{_cell(c, 'rss_mb', '{:.0f}')} | {r['n_findings']} |")
    lines += ["", "## Goal lines", ""]
    for row in rows:
        a, b = row["pyshacl"], row["oxigraph"]
        size = f"{row['companies']} companies"
        if "same" in row:
            lines.append(f"- {size}: same findings as pySHACL (full sets): "
                         f"{'**met**' if row['same'] else '**missed**'} ({b['n_findings']} findings; "
                         f"{row['only_pyshacl']} only in pySHACL, {row['only_oxigraph']} only in oxigraph).")
        else:
            lines.append(f"- {size}: same findings as pySHACL: not compared ({a.get('error') or b.get('error')}).")
        if "engine" in a and "engine" in b:
            ratio = a["engine"] / b["engine"]
            lines.append(f"- {size}: >= {GOAL_SPEEDUP:.0f}x pySHACL (engine): {'**met**' if ratio >= GOAL_SPEEDUP else '**missed**'} "
                         f"({ratio:.1f}x: {a['engine']:.1f} s against {b['engine']:.2f} s).")
            ca, cb = a.get("command", {}), b.get("command", {})
            if "wall" in ca and "wall" in cb:
                ratio = ca["wall"] / cb["wall"]
                lines.append(f"- {size}: >= {GOAL_SPEEDUP:.0f}x pySHACL (whole command): "
                             f"{'**met**' if ratio >= GOAL_SPEEDUP else '**missed**'} "
                             f"({ratio:.1f}x: {ca['wall']:.1f} s against {cb['wall']:.1f} s).")
        elif "engine" in b:
            lines.append(f"- {size}: pySHACL did not finish ({a.get('error')}); oxigraph engine {b['engine']:.1f} s.")
        if "rss_mb" in b:
            peak = max(b["rss_mb"], b.get("command", {}).get("rss_mb", 0))
            lines.append(f"- {size}: peak < {GOAL_RSS_MB / 1024:.0f} GB (oxigraph engine, whole command): "
                         f"{'**met**' if peak < GOAL_RSS_MB else '**missed**'} ({peak:,.0f} MB; "
                         f"{b['load_rss_mb']:,.0f} MB of it is load_project's rdflib project alone).")
        lines.append(f"- {size}: injected faults found by the oxigraph engine: {row['injected_found']} of {row['injected']}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, action="append", help="generated companies (repeatable); "
                        "default 55, 550 and 5500 (~10k, ~100k and ~1M triples)")
    parser.add_argument("--limit", type=float, default=600, help="time limit per run, seconds (default 600)")
    parser.add_argument("--pyshacl-up-to", type=int, default=600, metavar="N",
                        help="run pySHACL only up to N companies (default 600: at ~1M it cannot finish in a limit)")
    parser.add_argument("--keep", type=Path, default=None, help="generate into (and reuse) DIR/cN")
    parser.add_argument("--no-command", action="store_true", help="time the engine only, not the whole command")
    parser.add_argument("--add", action="store_true", help="keep the other sizes of the last run "
                        "(RESULTS-validate.json) and add or replace these")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS-validate.md")
    parser.add_argument("--worker", nargs=3, metavar=("ENGINE", "ROOT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, root, out = args.worker
        worker(engine, Path(root), Path(out))
        return
    rows = [measure(n, args.limit, args.keep, args.pyshacl_up_to, not args.no_command) for n in (args.companies or [55, 550, 5500])]
    saved = args.output.with_suffix(".json")
    if args.add and saved.is_file():
        done = {row["companies"] for row in rows}
        rows = sorted([r for r in json.loads(saved.read_text()) if r["companies"] not in done] + rows,
                      key=lambda r: r["companies"])
    args.output.write_text(write(rows, args.limit), encoding="utf-8")
    saved.write_text(json.dumps(rows, indent=1) + "\n")
    print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
