"""Network analysis of the supply chain: what fails with what (impact), and what the chain rests on (rank).

Both work on the **dependency graph**, a networkx ``DiGraph`` with an edge ``provider -> dependant``
for each way the data says one thing needs another. The rules, read off the ontology:

==============================================  =========================================
in the data                                     provider -> dependant
==============================================  =========================================
energy supply of site S delivered via G         grid connection G -> S
energy supply of site S with energy source E    E -> S
grid connection G connects to power plant P     P -> G
grid connection G managed by operator O         O -> G
power plant P with energy source E              E -> P
site S served by transport mode M               M -> S
X located in place L                            L -> X (a town fails with its area...)
site S operated by O                            O -> S
site S produces product B                       S -> B
supply from site S of product B for vehicle V,  S -> V, B -> V, S -> C
for customer C
technology transfer from site R to site S       R -> S
==============================================  =========================================

Each edge keeps the relation that justifies it (``relation``: the property's label; ``via``: the
qualified statement, if any), so every answer says *along which relations* it holds.

>>> from battery_kg.stores import open_store
>>> from battery_kg.namespaces import BKR
>>> result = impact(open_store(), BKR["prologium-dunkirk-grid-connection"])
>>> [a.label for a in result.affected]
['ProLogium gigafactory, Dunkirk', 'Superfluidized All-Inorganic Solid-State Lithium Ceramic Battery']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from battery_kg.labels import curie, labels
from battery_kg.namespaces import BKG
from battery_kg.package_queries import package_query
from battery_kg.stores.base import Store

REPORTED_CLASSES = {
    BKG.Site: "site",
    BKG.BatteryProduct: "product",
    BKG.Vehicle: "product",
    BKG.Customer: "customer",
}
"""What an impact reports: sites, products (battery products and the vehicles they go into), customers."""

MEASURES = {
    "reach": "downstream reach: how many entities depend on it, directly or through others, in the dependency graph",
    "betweenness": "betweenness centrality in the dependency graph (share of provider-to-dependant shortest paths through it)",
}
"""Centrality measures ``rank`` offers, with the name and meaning printed in its output."""


_RELATIONS = {
    # rule of dependencies.rq: (the property whose label names the relation, how the edge reads)
    "supply-delivered-via": (BKG.deliveredVia, "delivers energy to ({})"),
    "supply-energy-source": (BKG.energySource, "is the {} of"),
    "connects-to": (BKG.connectsTo, "is what it {}"),
    "managed-by": (BKG.managedBy, "manages ({})"),
    "plant-energy-source": (BKG.energySource, "is the {} of"),
    "served-by": (BKG.servedByTransportMode, "serves ({})"),
    "located-in": (BKG.locatedIn, "contains ({})"),
    "operated-by": (BKG.operatedBy, "operates ({})"),
    "produces": (BKG.produces, "{}"),
    "supply-customer-product": (BKG.customerProduct, "supplies cells for ({})"),
    "supply-customer": (BKG.customer, "supplies ({})"),
    "supply-product": (BKG.suppliedProduct, "goes into ({})"),
    "technology-transfer": (BKG.toSite, "transfers technology to"),
}
"""The rules of the module documentation, in the order they are applied: when two rules link the same two
entities, the edge keeps the first rule's relation."""


def dependency_graph(store: Store) -> nx.DiGraph:
    """The dependency graph of the data in ``store`` (see the module documentation)."""
    order = {rule: i for i, rule in enumerate(_RELATIONS)}
    rows = store.query(package_query("analysis/queries", "dependencies")).rows
    rows = sorted(rows, key=lambda r: (order[str(r[0])], str(r[1]), str(r[2]), str(r[3] or "")))
    names = labels(store, sorted({prop for prop, _ in _RELATIONS.values()}))
    g = nx.DiGraph()
    for rule, provider, dependant, via in rows:
        prop, template = _RELATIONS[str(rule)]
        if provider != dependant and not g.has_edge(provider, dependant):
            g.add_edge(provider, dependant, relation=template.format(names[prop]), via=via)
    return g


def _kinds(store: Store, nodes: list[Node]) -> dict[Node, set[str]]:
    """Which reported kinds (site, product, customer) each node is, read in the store."""
    kinds: dict[Node, set[str]] = {node: set() for node in nodes}
    text = package_query("analysis/queries", "reported-kinds")
    for start in range(0, len(nodes), 500):
        values = " ".join(n.n3() for n in nodes[start:start + 500] if isinstance(n, URIRef))
        if not values:
            continue
        chunk = text.replace("WHERE {", "WHERE {\n  VALUES ?node { %s }" % values, 1)
        for node, cls in store.query(chunk).rows:
            kinds[node].add(REPORTED_CLASSES[cls])
    return kinds


@dataclass(frozen=True)
class Step:
    """One relation along which a failure spreads: ``provider`` -> ``dependant``."""

    provider: Node
    relation: str
    dependant: Node
    via: Node | None = None


@dataclass
class Affected:
    """An entity that fails with the one asked about, and the shortest chain of relations that says why."""

    node: Node
    label: str
    kinds: list[str]
    path: list[Step]


@dataclass
class Impact:
    entity: Node
    label: str
    affected: list[Affected] = field(default_factory=list)
    everything: list[Node] = field(default_factory=list)
    """Every entity downstream (intermediate ones too: power plants, grid connections, places...)."""

    def by_kind(self, kind: str) -> list[str]:
        return [a.label for a in self.affected if kind in a.kinds]


def impact(store: Store, entity: URIRef, graph: nx.DiGraph | None = None) -> Impact:
    """Which sites, products and customers are affected if ``entity`` fails, and along which relations.

    The affected entities are those reachable from ``entity`` in the dependency graph; each comes
    with one shortest chain (ties broken by IRI, so the answer is deterministic).
    """
    g = graph if graph is not None else dependency_graph(store)
    result = Impact(entity, labels(store, [entity])[entity])
    if entity not in g:
        return result
    # breadth first, neighbours in IRI order: deterministic shortest chains
    parent: dict[Node, Node] = {}
    order = [entity]
    frontier = [entity]
    while frontier:
        nxt = []
        for node in frontier:
            for succ in sorted(g.successors(node), key=str):
                if succ not in parent and succ != entity:
                    parent[succ] = node
                    nxt.append(succ)
        order.extend(nxt)
        frontier = nxt
    result.everything = order[1:]
    kinds_of = _kinds(store, result.everything)
    names = labels(store, [n for n in result.everything if kinds_of[n]])
    for node in order[1:]:
        kinds = sorted(kinds_of[node])
        if not kinds:
            continue
        steps = []
        cur = node
        while cur != entity:
            prev = parent[cur]
            d = g.edges[prev, cur]
            steps.append(Step(prev, d["relation"], cur, d.get("via")))
            cur = prev
        result.affected.append(Affected(node, names[node], kinds, list(reversed(steps))))
    return result


def describe_impact(result: Impact, label_fn) -> str:
    """The impact as text: one block per affected entity, with the chain of relations."""
    lines = [f"If {result.label} ({curie(result.entity)}) fails, {len(result.affected)} sites, products or customers are affected:"]
    if not result.affected:
        lines.append("  (none)")
    for a in result.affected:
        lines.append(f"- {a.label} [{', '.join(a.kinds)}]")
        for step in a.path:
            via = f"  (per {label_fn(step.via)})" if step.via is not None else ""
            lines.append(f"    {label_fn(step.provider)} -[{step.relation}]-> {label_fn(step.dependant)}{via}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Ranked:
    node: Node
    label: str
    score: float


def rank(store: Store, measure: str = "reach", limit: int | None = None) -> list[Ranked]:
    """Entities by how much of the chain depends on them, highest first (ties by label)."""
    from battery_kg.errors import UsageError

    if measure not in MEASURES:
        raise UsageError(f"unknown measure {measure!r}", hint="expected one of " + ", ".join(MEASURES))
    g = dependency_graph(store)
    if measure == "reach":
        scores = {n: float(len(nx.descendants(g, n))) for n in g}
    else:
        scores = nx.betweenness_centrality(g, normalized=True)
    names = labels(store, [n for n, s in scores.items() if s > 0])
    ranked = sorted((Ranked(n, names[n], round(s, 6)) for n, s in scores.items() if s > 0),
                    key=lambda r: (-r.score, r.label, str(r.node)))
    return ranked[:limit] if limit else ranked


__all__ = ["MEASURES", "Affected", "Impact", "Ranked", "Step", "dependency_graph", "describe_impact", "impact", "rank"]
