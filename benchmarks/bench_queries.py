"""The whole SPARQL query catalogue with default parameters, on a store (used by run.py)."""

from battery_kg.namespaces import sparql_prologue
from battery_kg.query import catalogue, with_values


def run_all(store):
    for query in catalogue():
        if query.engine != "sparql" or any(p.default is None or p.kind == "entity" for p in query.params):
            continue
        params = {p.name: p.convert(p.default, None) for p in query.params}
        store.query(sparql_prologue() + with_values(query.text, params))
