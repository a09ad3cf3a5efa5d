"""Benchmarks: the default path (rdflib, pySHACL) against the fast path (Oxigraph), and every catalogue
query in the engine and as the whole command (queries_cli.py).

    python benchmarks/run.py                       # ~10k, ~100k and ~1M triples, then the real graph
    python benchmarks/run.py --sizes 10000 --timeout 120 --budget 600 --only load/fast,load/baseline

Steps, at each size, on generated data (``battery_kg.generate``, seed 1, 2 violations of every kind
injected so that validation has findings to compare):

* ``load``: rdflib (``load_project``) / Oxigraph (``open_store()``: the fast checked fill) / the whole
  command ``battery-kg query -e 'ASK {}'`` / baseline: pyoxigraph's own ``bulk_load`` of the same files,
  nothing of battery-kg; and ``disk``: the first ``battery-kg query --store oxigraph:DIR`` (the store the
  export and serve steps then read), then the same command again on the loaded folder;
* ``validate``: pySHACL / the oxigraph engine on the loaded project (engine time), and ``battery-kg validate``
  (the whole command); the findings are compared as full sets;
* ``queries_cli``: every query of ``queries/``, in the engine (``battery_kg.query.run`` against the same text run
  directly by pyoxigraph) and as ``battery-kg query`` (against a plain pyoxigraph process), see queries_cli.py;
* ``export``: load, project onto networkx, write GraphML (rdflib / Oxigraph in one process); the whole
  command ``battery-kg export --store oxigraph:DIR`` on the loaded store; baseline: ``plain_export.py``
  (pyoxigraph -> networkx -> GraphML, nothing of battery-kg) on the same store;
* ``serve``: requests/s of one catalogue query (``capacity-as-of``) from one loopback client, one request
  at a time, for ``--serve-seconds``: ``battery-kg serve`` / baseline: the ``oxigraph serve-read-only``
  binary on the same store (no rdflib server exists to compare with).

Each measurement runs in a fresh subprocess with a time limit, so that peak memory (max RSS of the
process and its children) is the step's own and a step that would take hours is cut and said so. A
(step, path) cut at one size is not run at the larger sizes, nor is a default-path step whose time, grown
linearly from the previous size, would pass the limit (rdflib and pySHACL grow at least linearly). Fast-path
catalogue queries run one process each (Oxigraph cannot interrupt a query), cut at ``--query-timeout``. ``--budget`` bounds the whole run: steps
that would start after it are reported as not run. Writes benchmarks/RESULTS.md (with NOTES.md appended
when it exists) and benchmarks/results.json. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRIPLES_PER_COMPANY = 182
QUERY_LIMIT = 30.0
"""Time limit of one catalogue query on the fast path (set by --query-timeout)."""  # measured on the generator's output; sizes are approximate

PRELUDE = """
import sys, time, json, resource
sys.path.insert(0, {here!r})
D = {data!r}
ROOT = str(__import__('pathlib').Path(D).parent)
DISK = D + '-oxstore'
EXE = {exe!r}
T = None
EXTRA = {{}}
t0 = time.perf_counter()
def emit(**kw):
    print("PARTIAL " + json.dumps(kw), flush=True)
def cli(*args, ok=(0,)):
    # the whole command a user runs, in its own process: its wall seconds (its peak memory is this
    # process's children's)
    import subprocess
    t = time.perf_counter()
    out = subprocess.run([EXE, *args], capture_output=True, text=True)
    w = time.perf_counter() - t
    if out.returncode not in ok:
        raise SystemExit('battery-kg ' + args[0] + ' exited ' + str(out.returncode) + ': ' + out.stderr.strip()[-200:])
    return w
"""

EPILOGUE = """
w = time.perf_counter() - t0
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print("RESULT " + json.dumps({'wall': w, 'step': T if T is not None else w, 'rss_mb': rss / 1024, **EXTRA}), flush=True)
"""

FINDINGS = """
import hashlib
def keep(keys):
    keys = sorted(set(keys))
    EXTRA['findings'] = len(keys)
    EXTRA['digest'] = hashlib.sha1(repr(keys).encode()).hexdigest()[:12]
def findings(report):
    # the full set: focus node, path, component, shape, message and value of every finding
    keep((str(f.focus), str(f.result_path), f.component, f.source_shape, f.message, str(f.value)) for f in report.findings)
def findings_json(path):
    rows = json.load(open(path))['results']
    keep((str(r['focusNode']), str(r['resultPath']), r['constraintComponent'], r['sourceShape'], r['message'], str(r['value']))
         for r in rows if not (r['constraintComponent'].startswith('lint:') or r['sourceShape'] == 'owl' or r['constraintComponent'] == 'meta-shacl'))
"""

SERVE_CLIENT = """
import urllib.parse, urllib.request
from battery_kg.query import find_query, with_values
from battery_kg.namespaces import sparql_prologue
q = find_query('capacity-as-of')
TEXT = sparql_prologue() + with_values(q.text, {p.name: p.convert(p.default) for p in q.params})
def hammer(url, seconds):
    body = urllib.parse.urlencode({'query': TEXT}).encode()
    head = {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/sparql-results+json'}
    n, rows, end = 0, None, time.perf_counter() + seconds
    t = time.perf_counter()
    while time.perf_counter() < end:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, headers=head), timeout=60) as r:
            rows = len(json.loads(r.read())['results']['bindings'])
        n += 1
    EXTRA['rps'] = n / (time.perf_counter() - t)
    EXTRA['rows'] = rows
def wait_up(url):
    for _ in range(300):
        try:
            urllib.request.urlopen(url + '?query=ASK%7B%7D', timeout=1).read(); return
        except OSError:
            time.sleep(0.1)
"""

ONTOLOGY_FILES = """
from battery_kg.resources import locate
R = locate()
ONT = sorted(p for p in R.ontology.rglob('*.ttl') if R.shapes not in p.parents)
"""

# step -> path -> code; the code sets T (seconds of the step itself) or leaves the wall time.
STEPS: dict[str, dict[str, str]] = {
    "load": {
        "baseline": ONTOLOGY_FILES + """
import pyoxigraph as ox
from battery_kg.load import data_files
s = ox.Store()
F = {'.trig': ox.RdfFormat.TRIG, '.ttl': ox.RdfFormat.TURTLE}
for f in data_files([D]):
    s.bulk_load(path=str(f), format=F[f.suffix])
for f in ONT:
    s.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode('https://w3id.org/battery-kg/def'))
EXTRA['quads'] = len(s)
""",
        "fast": """
from battery_kg.stores import open_store
s = open_store('oxigraph', paths=[D])
EXTRA['quads'] = len(s)
""",
        "default": """
from battery_kg.load import load_project
p = load_project([D])
EXTRA['quads'] = len(p.dataset)
""",
        "command": """
T = cli('query', '-e', 'ASK {}', '--root', ROOT)
""",
        "disk": """
import shutil
shutil.rmtree(DISK, ignore_errors=True)
T = cli('query', '-e', 'ASK {}', '--root', ROOT, '--store', 'oxigraph:' + DISK)
EXTRA['again'] = cli('query', '-e', 'ASK {}', '--root', ROOT, '--store', 'oxigraph:' + DISK)
""",
    },
    "validate": {
        "fast": FINDINGS + """
from battery_kg.load import load_project
from battery_kg.checks.validate import validate
p = load_project([D])  # validate takes a Project: the files are read with rdflib, for their line numbers
emit(loaded=time.perf_counter() - t0)
t = time.perf_counter(); r = validate(p, engine='oxigraph'); T = time.perf_counter() - t
findings(r)
""",
        "command": FINDINGS + """
import tempfile, os
out = os.path.join(tempfile.mkdtemp(), 'report.json')
T = cli('validate', '--root', ROOT, '--format', 'json', '-o', out, ok=(0, 1))
findings_json(out)
""",
        "default": FINDINGS + """
from battery_kg.load import load_project
from battery_kg.checks.validate import validate
p = load_project([D])
emit(loaded=time.perf_counter() - t0)
t = time.perf_counter(); r = validate(p); T = time.perf_counter() - t
findings(r)
""",
    },
    "catalogue": {
        # Oxigraph cannot interrupt a query: each query runs in its own process over the store on disk
        # (opened read-only, no reload), so that one query over the limit is cut and the others measured.
        "fast": """
import subprocess
from battery_kg.stores import open_store
from battery_kg.query import catalogue
from bench_queries import entities
folder = D + '-catstore'
s = open_store('oxigraph:' + folder, paths=[D]); picked = entities(s); s.close(); del s
PICKED = {k: (str(v) if v is not None else None) for k, v in picked.items()}
ONE = (f"import sys, json; sys.path.insert(0, {sys.path[0]!r})\\n"
       "from rdflib import URIRef\\nfrom battery_kg.stores import OxigraphStore\\nfrom bench_queries import run_all\\n"
       f"s = OxigraphStore({folder!r}, read_only=True)\\n"
       f"picked = {{k: URIRef(v) if v else None for k, v in json.loads({json.dumps(PICKED)!r}).items()}}\\n"
       "print(json.dumps(run_all(s, repeat=3, picked=picked, only=sys.argv[1])))\\n")
times = {}
for q in catalogue():
    try:
        out = subprocess.run([sys.executable, '-c', ONE, q.name], capture_output=True, text=True, timeout=QUERY_LIMIT)
        times.update(json.loads(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else
                     {q.name: ('failed: ' + (out.stderr.strip().splitlines() or ['?'])[-1][:100], 0)})
    except subprocess.TimeoutExpired:
        times[q.name] = (f'cut at {QUERY_LIMIT:.0f} s', 0)
    emit(query=q.name, result=times[q.name])
T = sum(v[0] for v in times.values() if not isinstance(v[0], str))  # one pass: the sum of the best times
EXTRA['queries'] = times
""",
        "default": "",  # below
    },
    "export": {
        "command": """
import tempfile, os
T = cli('export', '--store', 'oxigraph:' + DISK, '--root', ROOT, '-o', os.path.join(tempfile.mkdtemp(), 'kg.graphml'))
""",
        "baseline": """
import subprocess, tempfile, os
t = time.perf_counter()
subprocess.run([sys.executable, os.path.join(sys.path[0], 'plain_export.py'), DISK,
                os.path.join(tempfile.mkdtemp(), 'plain.graphml')], check=True, capture_output=True)
T = time.perf_counter() - t
""",
        "fast": """
from battery_kg.stores import open_store
from battery_kg.pictures.project_nx import project_store
from battery_kg.pictures.export import to_graphml
g = project_store(open_store('oxigraph', paths=[D]))
data = to_graphml(g)
EXTRA['nodes'], EXTRA['edges'] = g.number_of_nodes(), g.number_of_edges()
""",
        "default": """
from battery_kg.load import load_project
from battery_kg.pictures.project_nx import project
from battery_kg.pictures.export import to_graphml
g = project(load_project([D]))
data = to_graphml(g)
EXTRA['nodes'], EXTRA['edges'] = g.number_of_nodes(), g.number_of_edges()
""",
    },
    "serve": {
        "baseline": SERVE_CLIENT + """
import shutil, subprocess, socket
from battery_kg.stores import open_store
folder = D + '-oxstore'
s = open_store('oxigraph:' + folder, paths=[D]); s.close(); del s
with socket.socket() as k:
    k.bind(('127.0.0.1', 0)); port = k.getsockname()[1]
proc = subprocess.Popen([shutil.which('oxigraph'), 'serve-read-only', '--location', folder, '--bind',
                         f'127.0.0.1:{port}', '--union-default-graph'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    url = f'http://127.0.0.1:{port}/query'
    wait_up(url)
    t = time.perf_counter(); hammer(url, SECONDS); T = time.perf_counter() - t
finally:
    proc.terminate(); proc.wait(10)
""",
        "fast": SERVE_CLIENT + """
from battery_kg.serve import make_endpoint
e = make_endpoint(paths=[D], timeout=30, workers=2).start()
try:
    t = time.perf_counter(); hammer(e.url, SECONDS); T = time.perf_counter() - t
finally:
    e.stop()
""",
    },
}

# The default catalogue step reports per query as it goes, so that a cut run still says what it measured.
STEPS["catalogue"]["default"] = """
from battery_kg.load import load_project
from battery_kg.stores import OxigraphStore, open_store
import bench_queries
ds = OxigraphStore.from_project(load_project([D]))
picked = bench_queries.entities(open_store('oxigraph', paths=[D]))  # the fast path's entities, picked fast
emit(loaded=time.perf_counter() - t0)
from battery_kg.query import catalogue
t = time.perf_counter()
times = {}
for q in catalogue():
    one = bench_queries.run_all(ds, picked=picked, only=q.name)
    times.update(one)
    emit(query=q.name, result=one[q.name])
T = time.perf_counter() - t
EXTRA['queries'] = times
"""

ORDER = [("load", "baseline"), ("load", "fast"), ("load", "command"), ("load", "disk"), ("validate", "fast"),
         ("validate", "command"), ("export", "fast"), ("export", "command"), ("export", "baseline"),
         ("serve", "fast"), ("serve", "baseline"), ("load", "default"), ("export", "default"),
         ("validate", "default")]
"""Fast path first at each size, so that a run cut by --budget still has the fast path's figures. The catalogue
is measured by queries_cli.py (engine and whole command, per query), since every query runs on Oxigraph."""

BEST_OF = {("load", "baseline"), ("load", "fast"), ("export", "command"), ("export", "baseline")}
"""The steps of a goal given as a ratio to a baseline: each measured ``--repeat`` times (alternating with
nothing else), the run with the shortest step time kept and every run's step time recorded (``runs``), so
that one slow start (a cold page cache, another process) does not decide a ratio."""


def measure(code: str, data: Path, timeout: float, serve_seconds: float) -> dict:
    exe = shutil.which("battery-kg") or str(Path(sys.executable).with_name("battery-kg"))
    script = PRELUDE.format(here=str(HERE), data=str(data), exe=exe) + f"SECONDS = {serve_seconds}\nQUERY_LIMIT = {QUERY_LIMIT}\n" + code + EPILOGUE
    t = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)
        stdout, code_, stderr = out.stdout, out.returncode, out.stderr
    except subprocess.TimeoutExpired as exc:
        stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        partial = [json.loads(line[8:]) for line in stdout.splitlines() if line.startswith("PARTIAL ")]
        return {"error": f"cut at {timeout:.0f} s", "cut": True, "wall": time.perf_counter() - t, "partial": partial}
    results = [line for line in stdout.splitlines() if line.startswith("RESULT ")]
    if code_ or not results:
        tail = (stderr.strip().splitlines() or ["no output"])[-1][:160]
        return {"error": f"failed: {tail}"}
    return json.loads(results[-1][7:])


def previous(runs: list[dict], step: str, path: str) -> tuple[int, float]:
    """(triples, wall seconds) of the step at the previous size, (0, 0) if it did not run there."""
    for run in reversed(runs[:-1]):
        r = run["steps"].get(step, {}).get(path)
        if r and "wall" in r and "error" not in r:
            return run["triples"], r["wall"]
    return 0, 0.0


def predicted(runs: list[dict], step: str, path: str, triples: int) -> float:
    """A lower bound of the step's wall time at ``triples``: linear in size from the previous size (the
    default path's steps grow at least linearly: rdflib parses every triple, pySHACL visits every node)."""
    size, wall = previous(runs, step, path)
    return wall * triples / size if size else 0.0


def real_graph_validate(repeat: int = 3) -> dict:
    """Wall time of ``battery-kg validate`` on the project's own graph, start-up included (best of ``repeat``)."""
    exe = shutil.which("battery-kg")
    cmd = [exe] if exe else [sys.executable, "-m", "battery_kg.cli"]
    out = {}
    for engine in ("pyshacl", "oxigraph"):
        best, code = None, None
        for _ in range(repeat):
            t = time.perf_counter()
            code = subprocess.run(cmd + ["validate", "--engine", engine], capture_output=True, cwd=tempfile.gettempdir()).returncode
            w = time.perf_counter() - t
            best = w if best is None else min(best, w)
        out[engine] = {"wall": best, "exit": code}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="approximate triple counts, comma-separated")
    parser.add_argument("--timeout", type=float, default=180, help="time limit of one default-path measurement, seconds")
    parser.add_argument("--fast-timeout", type=float, default=300, help="time limit of one fast-path measurement")
    parser.add_argument("--budget", type=float, default=1200, help="time limit of the whole run, seconds")
    parser.add_argument("--serve-seconds", type=float, default=8)
    parser.add_argument("--query-timeout", type=float, default=30, help="time limit of one fast-path catalogue query")
    parser.add_argument("--queries-sizes", default=None,
                        help="sizes at which queries_cli.py measures the catalogue (default: every size)")
    parser.add_argument("--steps-sizes", default=None,
                        help="sizes at which the load/validate/export/serve steps run (default: every size)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each step of a ratio goal (BEST_OF) and of each catalogue query; the best is kept")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--only", default=None, metavar="STEP/PATH,...",
                        help="measure only these, e.g. load/fast,catalogue/fast (for trying the script)")
    parser.add_argument("--render-only", action="store_true",
                        help="write RESULTS.md again from results.json (give the run's options), e.g. after editing NOTES.md")
    args = parser.parse_args()
    if args.render_only:
        from report import render

        saved = json.loads((HERE / "results.json").read_text())
        text = render(saved["runs"], saved["real_graph"], saved["seconds"], args)
        notes = HERE / "NOTES.md"
        args.output.write_text(text + ("\n" + notes.read_text() if notes.exists() else ""))
        return
    global QUERY_LIMIT
    QUERY_LIMIT = args.query_timeout
    from battery_kg.generate import generate, parse_inject

    start = time.perf_counter()
    sizes = [int(x) for x in args.sizes.split(",")]
    runs: list[dict] = []
    cut: dict[tuple[str, str], int] = {}
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"bkg-bench-{size}-"))
        summary = generate(folder, companies=max(7, size // TRIPLES_PER_COMPANY), seed=1, inject=parse_inject("2"))
        row = {"size": size, "triples": summary.triples, "steps": {}}
        runs.append(row)
        steps_sizes = [int(x) for x in args.steps_sizes.split(",")] if args.steps_sizes else sizes
        for step, path in ORDER:
            if args.only and f"{step}/{path}" not in args.only.split(","):
                continue
            if size not in steps_sizes:
                row["steps"].setdefault(step, {})[path] = {"error": "not run at this size (--steps-sizes)", "skipped": True}
                continue
            if (step, path) in cut:
                result = {"error": f"not run: over the limit at {cut[(step, path)]} triples", "skipped": True}
            elif time.perf_counter() - start > args.budget:
                result = {"error": "not run: over the run's time budget", "skipped": True}
            elif path == "default" and predicted(runs, step, path, summary.triples) > args.timeout:
                p_size, p_wall = previous(runs, step, path)
                result = {"error": f"not run: ≥ {predicted(runs, step, path, summary.triples):.0f} s predicted "
                          f"(linear from {p_wall:.0f} s at {p_size} triples)", "skipped": True}
                cut[(step, path)] = summary.triples
            else:
                limit = args.timeout if path == "default" else args.fast_timeout
                result = measure(STEPS[step][path], folder / "graph", limit, args.serve_seconds)
                if (step, path) in BEST_OF and "error" not in result:
                    tries = [result] + [measure(STEPS[step][path], folder / "graph", limit, args.serve_seconds)
                                        for _ in range(args.repeat - 1)]
                    done = [r for r in tries if "error" not in r]
                    result = {**min(done, key=lambda r: r["step"]), "runs": [round(r["step"], 3) for r in done]}
                if result.get("cut"):
                    cut[(step, path)] = summary.triples
            row["steps"].setdefault(step, {})[path] = result
            print(f"{summary.triples:>8} {step:<9} {path:<8} "
                  f"{json.dumps({k: v for k, v in result.items() if k not in ('queries', 'partial')})}", file=sys.stderr, flush=True)
        queries_sizes = [int(x) for x in args.queries_sizes.split(",")] if args.queries_sizes else sizes
        if size in queries_sizes and not args.only:
            import queries_cli

            work = Path(tempfile.mkdtemp(prefix=f"bkg-bench-q-{size}-"))
            row["queries_cli"] = {**queries_cli.measure(folder / "graph", work, args.query_timeout, summary.triples,
                                                        repeat=args.repeat),
                                  "triples": summary.triples}
            shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    real = real_graph_validate()
    total = time.perf_counter() - start
    (HERE / "results.json").write_text(json.dumps({"runs": runs, "real_graph": real, "seconds": total}, indent=1) + "\n")
    from report import render

    text = render(runs, real, total, args)
    notes = HERE / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text()
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
