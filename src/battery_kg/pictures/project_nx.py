"""Project the RDF graph onto a networkx graph, for drawing, exporting and network analysis.

The projection is a :class:`networkx.MultiDiGraph`:

* **one node per entity**: every IRI of the data that has an ``rdf:type``. Its id is the CURIE
  (``bkr:verkor``); its attributes are ``label``, ``name`` (the label again, which Cytoscape Desktop
  shows), ``type`` (the CURIE of its most specific class), ``type_label``, ``types`` (all asserted
  classes, ``; ``-joined), ``iri``, ``sources`` (titles of the source documents that state facts
  about it), and one attribute per literal property (its local name: ``value``, ``year``...);
* **one edge per object property** linking two kept nodes, with key and ``property`` the CURIE of
  the property and ``label`` its label; ``sources`` says which documents state the triple;
* an object property whose object is not a kept node (a SKOS concept such as ``bkv:planned``, a
  unit) becomes an attribute of the subject holding the object's label (``status = "planned"``).

Options (:class:`Options`):

* ``statements="nodes"`` keeps qualified statements (capacity, jobs, funding, milestones...) as
  nodes; ``"fold"`` folds the quantity statements and milestones into the site or organisation they
  are about, as one text attribute per kind (``capacity = "16 GWh, 2025, exact, operational"``);
  the statements that link several entities (supply, technology transfer, energy supply, roles,
  endorsements) stay nodes, since they are relations, not attributes;
* ``classes`` keeps only entities of those classes (or their subclasses); ``properties`` keeps only
  edges of those properties;
* ``ontology=True`` adds the SKOS concepts used by the data as nodes (``type`` ``skos:Concept``);
* ``provenance``: ``"attributes"`` (default) puts ``sources`` on nodes and edges; ``"nodes"`` also
  adds the source documents as nodes, with a ``stated by`` edge from each entity to each document
  that states something about it; ``"none"`` leaves provenance out.

Source documents, fact graphs and their publishers are never entity nodes.

>>> from battery_kg import load_project
>>> g = project(load_project())
>>> g.nodes["bkr:verkor"]["label"], g.nodes["bkr:verkor"]["type"]
('Verkor', 'bkg:Company')
>>> [d["label"] for _, _, d in g.edges("bkr:verkor-bourbourg-gigafactory", data=True) if d["property"] == "bkg:operatedBy"]
['operated by']
>>> "bkr:source-verkor-bourbourg-article" in g
False
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Literal as TypingLiteral

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from battery_kg.errors import UsageError
from battery_kg.labels import LABEL_PROPERTIES, curie, label_of
from battery_kg.labels import curie as _curie
from battery_kg.namespaces import BKG, SCHEMA, UNIT, bind_prefixes

PROVENANCE_CLASSES = frozenset({BKG.SourceDocument, BKG.NewsArticle, BKG.EditorialNote, BKG.FactGraph})
"""Classes whose instances are provenance, not entities of the supply chain."""

FOLDED_CLASSES = {
    BKG.CapacityStatement: "capacity",
    BKG.EmploymentStatement: "jobs",
    BKG.FundingStatement: "funding",
    BKG.ShipmentStatement: "shipments",
    BKG.ExperienceStatement: "experience",
    BKG.Milestone: "milestones",
    BKG.SiteStatusStatement: "status_history",
}
"""Statement classes folded into their subject with ``statements="fold"``, and the attribute name."""

ABOUT_PROPERTIES = (BKG.site, BKG.organisation)
"""Properties that say which entity a folded statement is about."""

UNIT_SYMBOLS = {UNIT["GigaW-HR"]: "GWh", UNIT["MegaW-HR"]: "MWh", UNIT.NUM: "", UNIT.YR: "years", UNIT.CCY_EUR: "EUR"}
"""How units are written in attributes and charts."""

KINDS = (
    ("person", BKG.Person), ("organisation", BKG.Organisation), ("site", BKG.Site), ("statement", BKG.QualifiedStatement),
    ("product", SCHEMA.ProductModel), ("infrastructure", BKG.GridConnection), ("infrastructure", BKG.PowerPlant),
    ("place", BKG.Place), ("concept", SKOS.Concept), ("source", BKG.SourceDocument),
)
"""The ``kind`` attribute of a node: the first of these classes its main class is a subclass of
(else ``other``). Exports rank and lay out nodes by kind, in this order."""
KIND_ORDER = ("person", "organisation", "site", "statement", "product", "infrastructure", "place", "concept", "source", "other")

GWH_PER = {UNIT["GigaW-HR"]: 1.0, UNIT["MegaW-HR"]: 0.001}
"""Energy units a cell plant's yearly capacity is given in, and their factor to GWh."""

SKIPPED_PROPERTIES = frozenset({RDF.type, *LABEL_PROPERTIES, SKOS.altLabel, BKG.unsourcedProperty, BKG.statedIn})


@dataclass(frozen=True)
class Options:
    """How to project; see the module documentation."""

    statements: TypingLiteral["nodes", "fold"] = "nodes"
    classes: frozenset[URIRef] | None = None
    properties: frozenset[URIRef] | None = None
    ontology: bool = False
    provenance: TypingLiteral["attributes", "nodes", "none"] = "attributes"

    def __post_init__(self) -> None:
        if self.statements not in ("nodes", "fold"):
            raise UsageError(f"statements must be 'nodes' or 'fold', got {self.statements!r}")
        if self.provenance not in ("attributes", "nodes", "none"):
            raise UsageError(f"provenance must be 'attributes', 'nodes' or 'none', got {self.provenance!r}")


def node_id(node: Node) -> str:
    """The id of a node in the projection: its CURIE (or full IRI)."""
    return curie(node)


def local_name(iri: Node) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def python_value(value: Literal) -> str | int | float | bool:
    """A literal as a GraphML/GEXF-friendly scalar: numbers stay numbers, years become integers."""
    if value.datatype == XSD.boolean:
        return bool(value.toPython())
    if value.datatype == XSD.gYear:
        try:
            return int(str(value)[:4])
        except ValueError:
            return str(value)
    py = value.toPython()
    if isinstance(py, bool):
        return py
    if isinstance(py, int):
        return py
    if isinstance(py, (float, Decimal)):
        return float(py)
    return str(value)


class Provenance:
    """Which source documents state a triple: named graph -> ``bkg:statedBy`` -> source title."""

    def __init__(self, project) -> None:
        data = project.data
        self.graph_source: dict[Node, Node] = {}
        for g in project.fact_graphs():
            for src in data.objects(g, BKG.statedBy):
                self.graph_source[g] = src
        self.by_triple: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        for s, p, o, g in project.dataset.quads((None, None, None, None)):
            if g != DATASET_DEFAULT_GRAPH_ID and g in self.graph_source:
                self.by_triple[(s, p, o)].add(self.graph_source[g])
        self.data = data

    def sources(self, triple: tuple[Node, Node, Node]) -> list[Node]:
        """Source documents stating ``triple``, sorted by IRI."""
        return sorted(self.by_triple.get(triple, ()))

    def title(self, source: Node) -> str:
        for t in self.data.objects(source, BKG.title):
            return str(t)
        return label_of(source, self.data)

    def titles(self, sources: Iterable[Node]) -> str:
        return "; ".join(sorted({self.title(s) for s in sources}))


class Facts:
    """The data as plain dictionaries, built in one pass over its quads: what the projection reads.

    It answers the few questions of rdflib's ``Graph`` the projection asks (``objects``, ``value``,
    ``predicate_objects``, ``subjects``, ``subject_objects``, ``in``) from dictionaries, and says
    which source documents state each triple (its named graphs, then their ``bkg:statedBy``). The
    quads come from a loaded project (:meth:`from_project`) or from a store's SPARQL engine
    (:func:`project_store`): either way no rdflib graph of the whole data is built.
    """

    def __init__(self, quads) -> None:
        self.out: dict[Node, dict[Node, list[Node]]] = defaultdict(dict)
        self.incoming: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        self.graphs: dict[tuple[Node, Node, Node], set[Node]] = {}
        for s, p, o, g in quads:
            triple = (s, p, o)
            named = g is not None and g != DATASET_DEFAULT_GRAPH_ID
            seen = self.graphs.get(triple)
            if seen is None:
                self.graphs[triple] = {g} if named else set()
                self.out[s].setdefault(p, []).append(o)
                self.incoming[o].append((s, p))
            elif named:
                seen.add(g)
        self.graph_source = {g: src for g, srcs in self.out.items() for src in srcs.get(BKG.statedBy, ())}
        self.titles_cache: dict[Node, str] = {}

    @classmethod
    def from_project(cls, project) -> "Facts":
        return cls(project.dataset.quads((None, None, None, None)))

    # the part of rdflib's Graph API the projection uses
    def objects(self, s: Node, p: Node):
        return iter(self.out.get(s, {}).get(p, ()))

    def value(self, s: Node, p: Node):
        values = self.out.get(s, {}).get(p)
        return values[0] if values else None

    def predicate_objects(self, s: Node):
        return ((p, o) for p, os in self.out.get(s, {}).items() for o in os)

    def subjects(self, p: Node | None, o: Node | None):
        if o is None:
            return (s for s, props in self.out.items() if p in props)
        return (s for s, q in self.incoming.get(o, ()) if p is None or q == p)

    def subject_objects(self, p: Node):
        return ((s, o) for s, props in self.out.items() for o in props.get(p, ()))

    def __contains__(self, triple) -> bool:
        return triple in self.graphs

    # provenance
    def sources(self, triple: tuple[Node, Node, Node]) -> list[Node]:
        """Source documents stating ``triple``, sorted by IRI."""
        return sorted({self.graph_source[g] for g in self.graphs.get(triple, ()) if g in self.graph_source})

    def title(self, source: Node) -> str:
        if source not in self.titles_cache:
            title = self.value(source, BKG.title)
            self.titles_cache[source] = str(title) if title is not None else label_of(source, self)
        return self.titles_cache[source]

    def titles(self, sources: Iterable[Node]) -> str:
        return "; ".join(sorted({self.title(s) for s in sources}))


def provenance_nodes(data: Graph, ontology: Graph | None = None) -> set[Node]:
    """Source documents (of any subclass the ontology gives, e.g. press releases), fact graphs, and the
    nodes only they mention (their publishers)."""
    classes = set(PROVENANCE_CLASSES)
    if ontology is not None:
        classes |= {c for c in set(ontology.subjects(RDF.type, OWL.Class))
                    if _superclasses(ontology, c) & PROVENANCE_CLASSES}
    prov = {s for s, t in data.subject_objects(RDF.type) if t in classes}
    prov |= {g for g in data.subjects(BKG.statedBy, None)}
    mentioned = {o for s in prov for _, o in data.predicate_objects(s) if isinstance(o, URIRef)}
    for node in sorted(mentioned - prov):
        only_from_prov = all(s in prov for s in data.subjects(None, node))
        links_out = any(isinstance(o, URIRef) and p != RDF.type for p, o in data.predicate_objects(node))
        if only_from_prov and not links_out:
            prov.add(node)
    return prov


_SUPERCLASSES: "weakref.WeakKeyDictionary[Graph, tuple[int, dict[Node, set[Node]]]]" = weakref.WeakKeyDictionary()


def _superclasses(ontology: Graph, cls: Node) -> set[Node]:
    """``cls`` and its superclasses, remembered per ontology graph (while its size is unchanged)."""
    size = len(ontology)
    entry = _SUPERCLASSES.get(ontology)
    if entry is None or entry[0] != size:
        entry = _SUPERCLASSES[ontology] = (size, {})
    if cls not in entry[1]:
        entry[1][cls] = _walk_superclasses(ontology, cls)
    return entry[1][cls]


def _walk_superclasses(ontology: Graph, cls: Node) -> set[Node]:
    seen: set[Node] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        todo.extend(ontology.objects(c, RDFS.subClassOf))
    return seen


def _depth(ontology: Graph, cls: Node) -> int:
    return len(_superclasses(ontology, cls))


def main_type(ontology: Graph, types: Iterable[Node]) -> Node | None:
    """The most specific of ``types`` (most superclasses); ties broken by IRI."""
    types = sorted(set(types))
    if not types:
        return None
    return sorted(types, key=lambda t: (-_depth(ontology, t), str(t)))[0]


def _is_statement(ontology: Graph, types: Iterable[Node]) -> bool:
    return any(BKG.QualifiedStatement in _superclasses(ontology, t) for t in types)


def describe_statement(data: Graph, ontology: Graph, stmt: Node) -> str:
    """A short text for a quantity statement or milestone: value and unit, year, precision, status."""
    parts = []
    value = data.value(stmt, BKG.value)
    if value is not None:
        number = python_value(value)
        text = f"{number:g}" if isinstance(number, float) else str(number)
        unit = data.value(stmt, BKG.unit)
        symbol = UNIT_SYMBOLS.get(unit, label_of(unit, data, ontology) if unit is not None else "")
        parts.append(f"{text} {symbol}".strip())
    kind = data.value(stmt, BKG.milestoneType) or data.value(stmt, BKG.jobKind)
    if kind is not None:
        parts.append(label_of(kind, data, ontology))
    for prop in (BKG.year, BKG.date, BKG.sinceYear, BKG.untilYear):
        when = data.value(stmt, prop)
        if when is not None:
            parts.append(("since " if prop == BKG.sinceYear else "until " if prop == BKG.untilYear else "") + str(when))
            break
    else:
        horizon = data.value(stmt, BKG.horizon)
        if horizon is not None:
            parts.append(label_of(horizon, data, ontology))
    for prop in (BKG.precision, BKG.status, BKG.siteStatus):
        v = data.value(stmt, prop)
        if v is not None:
            parts.append(label_of(v, data, ontology))
    return ", ".join(parts)


def kind_of(ontology: Graph, cls: Node | None) -> str:
    """The kind of an entity whose most specific class is ``cls``; see :data:`KINDS`."""
    supers = _superclasses(ontology, cls) if cls is not None else set()
    return next((kind for kind, top in KINDS if top in supers), "other")


def capacity_by_year(data: Graph, site: Node) -> dict[str, float]:
    """Numeric capacity attributes of a site, from its capacity statements, so tools can size by them.

    ``capacity_YYYY`` is the capacity in GWh per year stated for year YYYY (MWh converted),
    ``capacity_tonnes_YYYY`` the same in tonnes per year (materials, recycling); a capacity without
    a year (a long-term potential) is ``capacity_potential`` (or ``capacity_tonnes_potential``), never
    given a year. When sources disagree on a year the largest claim is the attribute (every claim
    stays in the statement nodes, or in the folded ``capacity`` text). ``capacity_max`` (and
    ``capacity_tonnes_max``) is the largest of them all: what a node's size is drawn from.
    """
    out: dict[str, float] = {}
    for stmt in data.subjects(BKG.site, site):
        if (stmt, RDF.type, BKG.CapacityStatement) not in data:
            continue
        value, unit, year = data.value(stmt, BKG.value), data.value(stmt, BKG.unit), data.value(stmt, BKG.year)
        if value is None:
            continue
        try:
            number = float(value.toPython())
        except (TypeError, ValueError):
            continue
        if unit in GWH_PER:
            prefix, number = "capacity", number * GWH_PER[unit]
        elif unit == UNIT.TONNE:
            prefix = "capacity_tonnes"
        else:
            continue
        when = str(year)[:4] if year is not None and str(year)[:4].isdigit() else "potential"
        for key in (f"{prefix}_{when}", f"{prefix}_max"):
            out[key] = max(out.get(key, number), number)
    return dict(sorted(out.items()))


def _matches(ontology: Graph, types: Iterable[Node], classes: frozenset[URIRef]) -> bool:
    return any(_superclasses(ontology, t) & classes for t in types)


def project(project_or_data, options: Options | None = None, **kwargs) -> nx.MultiDiGraph:
    """Project a loaded :class:`~battery_kg.load.Project` onto a networkx ``MultiDiGraph``.

    ``options`` (or the same fields as keyword arguments) choose what is kept; see the module
    documentation. The result is deterministic: nodes and edges are added in sorted order.
    """
    if options is None:
        options = Options(**kwargs)
    elif kwargs:
        raise UsageError("give either options or keyword arguments, not both")
    return project_facts(Facts.from_project(project_or_data), project_or_data.ontology, options)


def project_store(store, options: Options | None = None) -> nx.MultiDiGraph:
    """Project the data of a :class:`~battery_kg.stores.Store` (Oxigraph, rdflib or an endpoint): its
    quads come from the store's SPARQL engine (``export-quads.rq``) and its ontology from the
    ontology graph (``export-ontology.rq``); no rdflib copy of the data is made. Triples in no named
    graph (no source: ``battery-kg lint`` reports them) are not read."""
    raw = getattr(store, "raw", None)
    select = (lambda q: _oxigraph_rows(raw, q)) if raw is not None else (lambda q: store.query(q).rows)
    ontology = bind_prefixes(Graph())
    for row in select(_query("export-ontology.rq")):
        ontology.add(row)
    return project_facts(Facts(select(_query("export-quads.rq"))), ontology, options or Options())


def _oxigraph_rows(raw, sparql: str):
    """The rows of a SELECT run by pyoxigraph itself, as rdflib terms (as :func:`battery_kg.stores.to_rdflib`
    makes them), each IRI and datatype converted once: most of ``Store.query``'s time at 10,000 nodes
    went into validating the same IRIs again and again."""
    import pyoxigraph as ox

    from battery_kg.stores import plain, to_rdflib

    iris: dict[str, URIRef] = {}
    literals: dict[tuple[str, str], Literal] = {}
    string = str(XSD.string)

    def iri(value: str) -> URIRef:
        found = iris.get(value)
        if found is None:
            found = iris[value] = URIRef(value)
        return found

    def term(t):
        kind = t.__class__
        if kind is ox.NamedNode:
            return iri(t.value)
        if kind is ox.Literal:
            key = (t.value, t.language or t.datatype.value)
            found = literals.get(key)
            if found is None:
                if t.language:
                    found = Literal(t.value, lang=t.language)
                elif key[1] == string:
                    found = Literal(t.value)
                else:
                    found = plain(Literal(t.value, datatype=iri(key[1])))
                literals[key] = found
            return found
        return to_rdflib(t)

    result = raw.query(sparql, use_default_graph_as_union=True)
    width = len(result.variables)
    for solution in result:
        yield tuple(term(solution[i]) for i in range(width))


def _query(name: str) -> str:
    from importlib import resources

    return (resources.files("battery_kg") / "pictures" / "export_queries" / name).read_text(encoding="utf-8")


def project_facts(data: Facts, ontology: Graph, options: Options) -> nx.MultiDiGraph:
    """The projection of ``data`` (see :func:`project`), the ontology giving classes and labels."""
    prov = data
    excluded = provenance_nodes(data, ontology)
    labels: dict[Node, str] = {}
    curies: dict[Node, str] = {}

    def lbl(node: Node) -> str:
        if node not in labels:
            labels[node] = label_of(node, data, ontology)
        return labels[node]

    def curie(node: Node) -> str:
        if node not in curies:
            curies[node] = _curie(node)
        return curies[node]

    def node_id(node: Node) -> str:
        return curie(node)

    typed: dict[Node, list[Node]] = defaultdict(list)
    for s, t in data.subject_objects(RDF.type):
        if isinstance(s, URIRef) and s not in excluded:
            typed[s].append(t)

    folded: dict[Node, Node] = {}  # statement -> subject it is folded into
    if options.statements == "fold":
        for s, types in typed.items():
            if any(t in FOLDED_CLASSES for t in types):
                about = next((o for p in ABOUT_PROPERTIES for o in sorted(data.objects(s, p))), None)
                if about is not None and about in typed:
                    folded[s] = about

    kept: set[Node] = set()
    for s, types in typed.items():
        if s in folded:
            continue
        if options.classes is not None and not _matches(ontology, types, options.classes):
            continue
        kept.add(s)

    concepts: set[Node] = set()
    if options.ontology:
        for s in kept:
            for p, o in data.predicate_objects(s):
                if isinstance(o, URIRef) and o not in typed and p not in SKIPPED_PROPERTIES and (o, RDF.type, SKOS.Concept) in ontology:
                    concepts.add(o)

    g = nx.MultiDiGraph()
    g.graph["name"] = "battery-kg"
    g.graph["statements"] = options.statements
    g.graph["provenance"] = options.provenance

    attrs: dict[Node, dict[str, list]] = {}
    node_sources: dict[Node, set[Node]] = defaultdict(set)

    for s in sorted(kept):
        types = typed[s]
        main = main_type(ontology, types)
        attrs[s] = defaultdict(list)
        base = {
            "label": lbl(s),
            "name": lbl(s),
            "type": curie(main) if main is not None else "",
            "type_label": lbl(main) if main is not None else "",
            "types": "; ".join(sorted(curie(t) for t in types)),
            "iri": str(s),
            "statement": _is_statement(ontology, types),
            "kind": kind_of(ontology, main),
        }
        g.add_node(node_id(s), **base)
    for c in sorted(concepts):
        scheme = ontology.value(c, SKOS.inScheme)
        g.add_node(node_id(c), label=lbl(c), name=lbl(c), type=curie(SKOS.Concept), type_label="concept",
                   types=curie(SKOS.Concept), iri=str(c), statement=False, kind="concept",
                   scheme=lbl(scheme) if scheme is not None else "")

    nodes = kept | concepts
    edges = []
    for s in sorted(kept):
        for p, o in sorted(data.predicate_objects(s)):
            triple = (s, p, o)
            sources = prov.sources(triple)
            node_sources[s].update(sources)
            if p in SKIPPED_PROPERTIES:
                continue
            if isinstance(o, Literal):
                attrs[s][local_name(p)].append(python_value(o))
            elif o in nodes:
                if options.properties is not None and p not in options.properties:
                    continue
                edges.append((s, p, o, sources))
            elif o in folded or o in excluded or isinstance(o, BNode):
                continue
            elif o in typed:
                continue  # an entity filtered out by classes
            else:
                attrs[s][local_name(p)].append(lbl(o))
    for stmt, about in sorted(folded.items()):
        if about not in kept:
            continue
        name = next(FOLDED_CLASSES[t] for t in sorted(typed[stmt]) if t in FOLDED_CLASSES)
        attrs[about][name].append(describe_statement(data, ontology, stmt))
        for p, o in data.predicate_objects(stmt):
            node_sources[about].update(prov.sources((stmt, p, o)))

    for s in sorted(kept):
        for key, values in sorted(attrs[s].items()):
            if key in g.nodes[node_id(s)]:
                key = f"{key}_value"
            unique = sorted(set(values), key=lambda v: (str(type(v)), v))
            g.nodes[node_id(s)][key] = unique[0] if len(unique) == 1 else "; ".join(str(v) for v in unique)
        if options.provenance != "none":
            g.nodes[node_id(s)]["sources"] = prov.titles(node_sources[s])

    for s in sorted(kept):
        g.nodes[node_id(s)].update(capacity_by_year(data, s))

    for s, p, o, sources in edges:
        data_attrs = {"label": lbl(p), "property": curie(p)}
        if options.provenance != "none":
            data_attrs["sources"] = prov.titles(sources)
        g.add_edge(node_id(s), node_id(o), key=curie(p), **data_attrs)

    if options.provenance == "nodes":
        docs = sorted({src for s in kept for src in node_sources[s]})
        for doc in docs:
            types = list(data.objects(doc, RDF.type))
            main = main_type(ontology, types)
            g.add_node(node_id(doc), label=lbl(doc), name=lbl(doc), type=curie(main) if main else "",
                       type_label=lbl(main) if main else "", types="; ".join(sorted(curie(t) for t in types)),
                       iri=str(doc), statement=False, kind="source", title=prov.title(doc))
        for s in sorted(kept):
            for doc in sorted(node_sources[s]):
                g.add_edge(node_id(s), node_id(doc), key=curie(BKG.statedBy), label="stated by", property=curie(BKG.statedBy))

    _harmonise_types(g)
    return g


def _harmonise_types(g: nx.MultiDiGraph) -> None:
    """Make each attribute one type across all nodes (GraphML and GEXF declare one type per key)."""
    for items in (list(g.nodes(data=True)), [(None, d) for *_, d in g.edges(data=True, keys=True)]):
        kinds: dict[str, set[type]] = defaultdict(set)
        for _, d in items:
            for k, v in d.items():
                kinds[k].add(type(v))
        for k, ts in kinds.items():
            if len(ts) > 1:
                target = float if ts <= {int, float} else str
                for _, d in items:
                    if k in d:
                        d[k] = target(d[k])


def entity_iri(g: nx.MultiDiGraph, nid: str) -> URIRef:
    """The IRI of a node of the projection."""
    return URIRef(g.nodes[nid]["iri"])


__all__ = ["KIND_ORDER", "KINDS", "Options", "capacity_by_year", "kind_of", "Provenance", "describe_statement", "entity_iri", "main_type", "node_id", "project", "provenance_nodes"]
