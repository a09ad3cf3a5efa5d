"""The whole query catalogue on a store (used by run.py); seconds per query.

Every query of ``queries/`` runs through :func:`battery_kg.query.run`, the one entry point the CLI uses.
Literal parameters take their defaults; entity parameters (whose defaults name entities of the real graph,
absent from generated data) take a representative entity of the data, picked by :func:`entities` once,
with the same SPARQL on every store, so that every store answers the same question.
"""

import time

from rdflib import URIRef

from battery_kg.namespaces import sparql_prologue
from battery_kg.query import catalogue, run

PICK = {
    # parameter -> SPARQL selecting ?e, the first (by IRI) of the kind of entity the parameter expects
    "area": "SELECT ?e WHERE { ?site bkg:locatedIn ?e } ORDER BY ?e LIMIT 1",
    "site": "SELECT ?e WHERE { ?e a/rdfs:subClassOf* bkg:ProductionSite ; bkg:operatedBy ?c } ORDER BY ?e LIMIT 1",
    "company": "SELECT ?e WHERE { ?site bkg:operatedBy ?e } ORDER BY ?e LIMIT 1",
    "entity": "SELECT ?e WHERE { ?e a bkg:CapacityStatement } ORDER BY ?e LIMIT 1",
    "from": "SELECT ?e WHERE { ?site bkg:operatedBy ?e } ORDER BY ?e LIMIT 1",
    "to": "SELECT ?e WHERE { ?site bkg:operatedBy ?c . ?site bkg:locatedIn ?e } ORDER BY ?c ?e LIMIT 1",
}


def _query(source, text):
    return list(source.query(sparql_prologue() + text).rows)


def entities(source) -> dict:
    out = {}
    for name, text in PICK.items():
        rows = _query(source, text)
        out[name] = URIRef(rows[0][0]) if rows and rows[0][0] is not None else None
    return out


def run_all(source, repeat: int = 1, picked: dict | None = None, only: str | None = None) -> dict:
    """Seconds (best of ``repeat``) and row count per query: {name: (seconds, rows)}; ``only`` one query."""
    picked = picked if picked is not None else entities(source)
    times = {}
    for query in catalogue():
        if only is not None and query.name != only:
            continue
        params = {}
        for p in query.params:
            if p.kind == "entity":
                params[p.name] = picked.get(p.name)
            else:
                params[p.name] = p.convert(p.default)
        if any(v is None for v in params.values()):
            times[query.name] = ("skipped: no entity for a parameter", 0)
            continue
        best, rows = None, 0
        for _ in range(repeat):
            t = time.perf_counter()
            result = run(source, query, params)
            rows = len(result.rows) if result.kind == "select" else 1
            elapsed = time.perf_counter() - t
            best = elapsed if best is None else min(best, elapsed)
        times[query.name] = (best, rows)
    return times
