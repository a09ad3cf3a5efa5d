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

>>> from battery_kg import load_project
>>> from battery_kg.namespaces import BKR
>>> result = impact(load_project(), BKR["prologium-dunkirk-grid-connection"])
>>> [a.label for a in result.affected]
['ProLogium gigafactory, Dunkirk', 'Superfluidized All-Inorganic Solid-State Lithium Ceramic Battery']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from battery_kg.hierarchy import types
from battery_kg.labels import curie, label_of
from battery_kg.namespaces import BKG

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


def _add(g: nx.DiGraph, provider: Node, dependant: Node, relation: str, via: Node | None = None) -> None:
    if provider is None or dependant is None or provider == dependant:
        return
    if not g.has_edge(provider, dependant):
        g.add_edge(provider, dependant, relation=relation, via=via)


def dependency_graph(project) -> nx.DiGraph:
    """The dependency graph of the data (see the module documentation)."""
    data: Graph = project.data
    onto: Graph = project.ontology
    g = nx.DiGraph()

    def rel(p: Node) -> str:
        return label_of(p, data, onto)

    def instances(cls: Node) -> list[Node]:
        return sorted(data.subjects(RDF.type, cls))

    for e in instances(BKG.EnergySupply):
        for site in data.objects(e, BKG.site):
            for gc in data.objects(e, BKG.deliveredVia):
                _add(g, gc, site, "delivers energy to (" + rel(BKG.deliveredVia) + ")", e)
            for src in data.objects(e, BKG.energySource):
                _add(g, src, site, "is the " + rel(BKG.energySource) + " of", e)
    for gc, pp in sorted(data.subject_objects(BKG.connectsTo)):
        _add(g, pp, gc, "is what it " + rel(BKG.connectsTo))
    for gc, op in sorted(data.subject_objects(BKG.managedBy)):
        _add(g, op, gc, "manages (" + rel(BKG.managedBy) + ")")
    for pp in instances(BKG.PowerPlant):
        for src in data.objects(pp, BKG.energySource):
            _add(g, src, pp, "is the " + rel(BKG.energySource) + " of")
    for site, mode in sorted(data.subject_objects(BKG.servedByTransportMode)):
        _add(g, mode, site, "serves (" + rel(BKG.servedByTransportMode) + ")")
    for x, place in sorted(data.subject_objects(BKG.locatedIn)):
        _add(g, place, x, "contains (" + rel(BKG.locatedIn) + ")")
    for site, op in sorted(data.subject_objects(BKG.operatedBy)):
        _add(g, op, site, "operates (" + rel(BKG.operatedBy) + ")")
    for site, product in sorted(data.subject_objects(BKG.produces)):
        _add(g, site, product, rel(BKG.produces))
    for s in instances(BKG.Supply):
        sites = list(data.objects(s, BKG.site))
        vehicles = list(data.objects(s, BKG.customerProduct))
        for site in sites:
            for v in vehicles:
                _add(g, site, v, "supplies cells for (" + rel(BKG.customerProduct) + ")", s)
            for c in data.objects(s, BKG.customer):
                _add(g, site, c, "supplies (" + rel(BKG.customer) + ")", s)
        for b in data.objects(s, BKG.suppliedProduct):
            for v in vehicles:
                _add(g, b, v, "goes into (" + rel(BKG.suppliedProduct) + ")", s)
    for t in instances(BKG.TechnologyTransfer):
        for a in data.objects(t, BKG.fromSite):
            for b in data.objects(t, BKG.toSite):
                _add(g, a, b, "transfers technology to", t)
    return g


def _kinds(project, node: Node) -> set[str]:
    seen = types(project.data, node, project.ontology)
    return {kind for cls, kind in REPORTED_CLASSES.items() if cls in seen}


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


def impact(project, entity: URIRef, graph: nx.DiGraph | None = None) -> Impact:
    """Which sites, products and customers are affected if ``entity`` fails, and along which relations.

    The affected entities are those reachable from ``entity`` in the dependency graph; each comes
    with one shortest chain (ties broken by IRI, so the answer is deterministic).
    """
    g = graph if graph is not None else dependency_graph(project)
    label = project.label(entity)
    result = Impact(entity, label)
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
    for node in order[1:]:
        kinds = sorted(_kinds(project, node))
        if not kinds:
            continue
        steps = []
        cur = node
        while cur != entity:
            prev = parent[cur]
            d = g.edges[prev, cur]
            steps.append(Step(prev, d["relation"], cur, d.get("via")))
            cur = prev
        result.affected.append(Affected(node, project.label(node), kinds, list(reversed(steps))))
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


def rank(project, measure: str = "reach", limit: int | None = None) -> list[Ranked]:
    """Entities by how much of the chain depends on them, highest first (ties by label)."""
    from battery_kg.errors import UsageError

    if measure not in MEASURES:
        raise UsageError(f"unknown measure {measure!r}", hint="expected one of " + ", ".join(MEASURES))
    g = dependency_graph(project)
    if measure == "reach":
        scores = {n: float(len(nx.descendants(g, n))) for n in g}
    else:
        scores = nx.betweenness_centrality(g, normalized=True)
    ranked = sorted((Ranked(n, project.label(n), round(s, 6)) for n, s in scores.items()),
                    key=lambda r: (-r.score, r.label, str(r.node)))
    ranked = [r for r in ranked if r.score > 0]
    return ranked[:limit] if limit else ranked


__all__ = ["MEASURES", "Affected", "Impact", "Ranked", "Step", "dependency_graph", "describe_impact", "impact", "rank"]
