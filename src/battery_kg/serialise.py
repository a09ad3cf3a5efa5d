"""Deterministic serialisation: the same graph always gives the same bytes.

rdflib's Turtle and TriG writers sort subjects and predicates; N-Triples and N-Quads lines are
sorted here; JSON-LD node objects are sorted by ``@id`` with sorted keys. The data has no blank
nodes (IRIs are minted), so no random blank-node label can creep in.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph

from battery_kg.namespaces import PREFIXES, bind_prefixes


def single_graph(triples) -> Graph:
    """The triples as one plain graph with the project's prefixes: what the one-graph writers (Turtle,
    N-Triples, JSON-LD) are given, never a view over a dataset (JSON-LD would write its graphs)."""
    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    return graph


def turtle(graph: Graph) -> bytes:
    return bind_prefixes(graph).serialize(format="turtle", encoding="utf-8")


def trig(dataset: Dataset) -> bytes:
    """TriG with the named graphs in IRI order (rdflib's own writer orders them by hash, which varies).

    Each graph is written by rdflib's TriG serialiser on its own; the prefix lines are merged.
    """
    prefixes: set[str] = set()
    bodies: list[str] = []
    names = sorted({c.identifier for c in dataset.graphs() if len(c)}, key=str)
    for name in names:
        single = bind_prefixes(Dataset())
        target = single.graph(name)
        for triple in dataset.graph(name):
            target.add(triple)
        text = single.serialize(format="trig")
        head, _, body = text.partition("\n\n")
        prefixes.update(line for line in head.splitlines() if line.startswith("@prefix"))
        bodies.append(body.strip() + "\n")
    return ("\n".join(sorted(prefixes)) + "\n\n" + "\n".join(bodies)).encode("utf-8")


def ntriples(graph: Graph) -> bytes:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def nquads(dataset: Dataset) -> bytes:
    text = dataset.serialize(format="nquads", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def jsonld(graph: Graph) -> bytes:
    context = {prefix: iri for prefix, iri in PREFIXES.items()}
    raw = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = raw.get("@graph", [raw] if "@id" in raw else [])
    nodes = [_sort_values(n) for n in nodes]
    nodes.sort(key=lambda n: n.get("@id", ""))
    body = {"@context": context, "@graph": nodes}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sort_values(node: dict) -> dict:
    out = {}
    for key, value in node.items():
        if isinstance(value, list):
            value = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        out[key] = value
    return out
