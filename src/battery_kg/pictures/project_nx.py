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
from rdflib.namespace import OWL, RDF, SKOS, XSD
from rdflib.term import Node

from battery_kg.bulk import paused_gc
from battery_kg.errors import UsageError
from battery_kg.hierarchy import superclasses
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

_SITE, _CAPACITY, _VALUE, _UNIT, _YEAR, _TONNE = (BKG.site, BKG.CapacityStatement, BKG.value, BKG.unit, BKG.year,
                                                 UNIT.TONNE)
"""Terms read for every node (an rdflib namespace builds its terms on each attribute access)."""

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


class Facts:
    """The data as plain dictionaries, built in one pass over its quads: what the projection reads.

    It answers the few questions of rdflib's ``Graph`` the projection asks (``objects``, ``value``,
    ``predicate_objects``, ``subjects``, ``subject_objects``, ``in``) from dictionaries, and says
    which source documents state each triple (its named graphs, then their ``bkg:statedBy``). The
    quads come from a loaded project (:meth:`from_project`) or from a store's SPARQL engine
    (:func:`project_store`): either way no rdflib graph of the whole data is built.
    """

    def __init__(self, quads) -> None:
        """``quads`` give each distinct literal as one object (:meth:`from_project` and
        :func:`project_store` see to it): a literal is told apart by its identity, since rdflib compares
        literals in Python, a million times at a million triples."""
        self.out: dict[Node, dict[Node, list[Node]]] = defaultdict(dict)
        # the named graphs stating each triple, as a tuple, in a list beside the objects (``stated[s][p][i]``
        # for ``out[s][p][i]``): no key per triple to build, hash and free (a tuple of one graph is also a
        # third of the memory of a set at a million triples)
        self.stated: dict[Node, dict[Node, list[tuple[Node, ...]]]] = defaultdict(dict)
        self.incoming: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)  # IRIs and blank nodes only
        out, stated, incoming = self.out, self.stated, self.incoming
        long_lists: dict[tuple, dict] = {}
        default = DATASET_DEFAULT_GRAPH_ID
        ones: dict[Node, tuple[Node]] = {}  # one tuple per graph, shared by the triples it states
        for s, p, o, g in quads:
            named = ones.get(g)
            if named is None:
                named = ones[g] = () if g is None or g == default else (g,)
            props = out[s]
            objects = props.get(p)
            if objects is None:
                props[p] = [o]
                stated[s][p] = [named]
                if type(o) is not Literal:
                    incoming[o].append((s, p))
                continue
            if len(objects) < _SHORT:
                at = _position(objects, o)
            else:  # a long list (a hub's thousand objects for one property): an index, so no pass is quadratic
                index = long_lists.get((s, p))
                if index is None:
                    index = long_lists[(s, p)] = {_key(x): i for i, x in enumerate(objects)}
                at = index.get(_key(o))
                if at is None:
                    index[_key(o)] = len(objects)
            if at is None:
                objects.append(o)
                stated[s][p].append(named)
                if type(o) is not Literal:
                    incoming[o].append((s, p))
            elif named:
                graphs = stated[s][p]
                if g not in graphs[at]:
                    graphs[at] = graphs[at] + named
        self.graph_source = {g: src for g, srcs in self.out.items() for src in srcs.get(BKG.statedBy, ())}
        self.titles_cache: dict[Node, str] = {}
        self.graph_titles: dict[frozenset, str] = {}

    @classmethod
    def from_project(cls, project) -> "Facts":
        literals: dict[Literal, Literal] = {}

        def one_object_per_literal(quads):
            for s, p, o, g in quads:
                yield s, p, (literals.setdefault(o, o) if type(o) is Literal else o), g

        return cls(one_object_per_literal(project.dataset.quads((None, None, None, None))))

    def graphs_of(self, s: Node, p: Node, o: Node) -> tuple[Node, ...]:
        """The named graphs stating the triple (``o`` one of the objects this holds)."""
        objects = self.out.get(s, {}).get(p)
        at = _position(objects, o) if objects else None
        return () if at is None else self.stated[s][p][at]

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
        s, p, o = triple
        return o in self.out.get(s, {}).get(p, ())

    # provenance
    def title(self, source: Node) -> str:
        if source not in self.titles_cache:
            title = self.value(source, BKG.title)
            self.titles_cache[source] = str(title) if title is not None else label_of(source, self)
        return self.titles_cache[source]

    def titles(self, sources: Iterable[Node]) -> str:
        return "; ".join(sorted({self.title(s) for s in sources}))

    def graph_titles_of(self, graphs: Iterable[Node]) -> str:
        """The titles of the source documents of ``graphs`` (named graphs), ``; ``-joined and sorted:
        remembered per set of graphs, since thousands of triples share their one graph."""
        key = graphs if isinstance(graphs, frozenset) else frozenset(graphs)
        found = self.graph_titles.get(key)
        if found is None:
            source = self.graph_source
            found = self.graph_titles[key] = self.titles({source[g] for g in key if g in source})
        return found


_SHORT = 16
"""Up to this many objects of one subject and property, a new object is looked for by a pass over them."""


def _key(o: Node):
    return id(o) if type(o) is Literal else o


def _position(objects: list[Node], o: Node) -> int | None:
    """Where ``o`` is in ``objects``: a literal by identity (one object per literal), other terms by value."""
    if type(o) is Literal:
        for i, x in enumerate(objects):
            if x is o:
                return i
        return None
    for i, x in enumerate(objects):
        if x is o or x == o:
            return i
    return None


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
    """``cls`` and its superclasses (:func:`battery_kg.hierarchy.superclasses`), remembered per ontology
    graph while its size is unchanged."""
    size = len(ontology)
    entry = _SUPERCLASSES.get(ontology)
    if entry is None or entry[0] != size:
        entry = _SUPERCLASSES[ontology] = (size, {})
    if cls not in entry[1]:
        entry[1][cls] = superclasses(ontology, cls)
    return entry[1][cls]


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
    for stmt in data.subjects(_SITE, site):
        if (stmt, RDF.type, _CAPACITY) not in data:
            continue
        value, unit, year = data.value(stmt, _VALUE), data.value(stmt, _UNIT), data.value(stmt, _YEAR)
        if value is None:
            continue
        try:
            number = float(value.toPython())
        except (TypeError, ValueError):
            continue
        if unit in GWH_PER:
            prefix, number = "capacity", number * GWH_PER[unit]
        elif unit == _TONNE:
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
    with paused_gc():
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
    with paused_gc():
        return project_facts(Facts(select(_query("export-quads.rq"))), ontology, options or Options())


def _oxigraph_rows(raw, sparql: str):
    """The rows of a SELECT run by pyoxigraph itself, as rdflib terms (as :func:`battery_kg.stores.to_rdflib`
    and :func:`~battery_kg.stores.terms.plain` make them), each distinct term converted once: pyoxigraph's
    terms are hashable, so a term seen before costs one dictionary look-up (at ~1M triples, building
    rdflib terms again and again was a third of the export)."""
    import pyoxigraph as ox

    from battery_kg.stores import plain, to_rdflib

    string = str(XSD.string)
    named, literal = ox.NamedNode, ox.Literal
    seen: dict = {}

    def convert(t):
        kind = t.__class__
        if kind is named:
            return URIRef(t.value)
        if kind is literal:
            if t.language:
                return Literal(t.value, lang=t.language)
            datatype = t.datatype.value
            if datatype == string:
                return Literal(t.value)
            return plain(Literal(t.value, datatype=seen.get(t.datatype) or convert(t.datatype)))
        return to_rdflib(t)

    literals: dict[Literal, Literal] = {}  # one object per literal, whichever spelling Oxigraph gives it

    def one(t):
        term = convert(t)
        return literals.setdefault(term, term) if type(term) is Literal else term

    result = raw.query(sparql, use_default_graph_as_union=True)
    get = seen.get
    for solution in result:
        row = []
        for t in solution:
            found = get(t)
            if found is None and t is not None:
                found = seen[t] = one(t)
            row.append(found)
        yield tuple(row)


def _query(name: str) -> str:
    from importlib import resources

    return (resources.files("battery_kg") / "pictures" / "export_queries" / name).read_text(encoding="utf-8")


def _order(node: Node) -> tuple[bool, str]:
    """A sort key for terms (IRIs before literals, then by text): rdflib's own ordering is Python code
    called millions of times at a million triples; the order is the same on every store."""
    return isinstance(node, Literal), str(node)


def project_facts(data: Facts, ontology: Graph, options: Options) -> nx.MultiDiGraph:
    """The projection of ``data`` (see :func:`project`), the ontology giving classes and labels."""
    prov = data
    excluded = provenance_nodes(data, ontology)
    labels: dict[Node, str] = {}
    curies: dict[Node, str] = {}

    def lbl(node: Node) -> str:
        found = labels.get(node)
        if found is None:
            found = labels[node] = label_of(node, data, ontology)
        return found

    def curie(node: Node) -> str:
        found = curies.get(node)
        if found is None:
            found = curies[node] = _curie(node)
        return found

    node_id = curie

    typed: dict[Node, list[Node]] = defaultdict(list)
    for s, t in data.subject_objects(RDF.type):
        if isinstance(s, URIRef) and s not in excluded:
            typed[s].append(t)

    # what an entity's classes say (main class, kind, statement or not, kept by --class), worked out
    # once per combination of classes: a million entities have a few dozen combinations
    by_types: dict[frozenset, tuple] = {}

    def type_info(types: list[Node]) -> tuple:
        key = frozenset(types)
        found = by_types.get(key)
        if found is None:
            main = main_type(ontology, types)
            found = by_types[key] = (
                main, _is_statement(ontology, types), kind_of(ontology, main),
                options.classes is None or _matches(ontology, types, options.classes),
                "; ".join(sorted(curie(t) for t in types)))
        return found

    folded: dict[Node, Node] = {}  # statement -> subject it is folded into
    if options.statements == "fold":
        for s, types in typed.items():
            if any(t in FOLDED_CLASSES for t in types):
                about = next((o for p in ABOUT_PROPERTIES for o in sorted(data.objects(s, p), key=_order)), None)
                if about is not None and about in typed:
                    folded[s] = about

    kept: set[Node] = {s for s, types in typed.items() if s not in folded and type_info(types)[3]}
    kept_sorted = sorted(kept, key=str)

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
    node_graphs: dict[Node, set[Node]] = defaultdict(set)  # the named graphs stating something about a node

    for s in kept_sorted:
        main, statement, kind, _, types_text = type_info(typed[s])
        attrs[s] = defaultdict(list)
        label = lbl(s)
        g.add_node(node_id(s), label=label, name=label, type=curie(main) if main is not None else "",
                   type_label=lbl(main) if main is not None else "", types=types_text, iri=str(s),
                   statement=statement, kind=kind)
    for c in sorted(concepts, key=str):
        scheme = ontology.value(c, SKOS.inScheme)
        g.add_node(node_id(c), label=lbl(c), name=lbl(c), type=curie(SKOS.Concept), type_label="concept",
                   types=curie(SKOS.Concept), iri=str(c), statement=False, kind="concept",
                   scheme=lbl(scheme) if scheme is not None else "")

    nodes = kept | concepts
    edges = []
    stated_of = data.stated
    names: dict[Node, str] = {}  # property -> its local name, the attribute it fills
    properties = options.properties
    for s in kept_sorted:
        stated = node_graphs[s]
        values = attrs[s]
        # in the store's order: attribute values are sorted below, and the edges once, at the end
        graph_lists = stated_of.get(s, {})
        for p, objects in data.out.get(s, {}).items():
            skipped = p in SKIPPED_PROPERTIES
            name = names.get(p)
            if name is None:
                name = names[p] = local_name(p)
            for o, graphs in zip(objects, graph_lists[p]):
                stated.update(graphs)
                if skipped:
                    continue
                if isinstance(o, Literal):
                    values[name].append(python_value(o))
                elif o in nodes:
                    if properties is None or p in properties:
                        edges.append((s, p, o, graphs))
                elif o in folded or o in excluded or isinstance(o, BNode) or o in typed:
                    continue  # folded, provenance, or an entity filtered out by classes
                else:
                    values[name].append(lbl(o))
    edges.sort(key=lambda edge: (str(edge[0]), str(edge[1]), str(edge[2])))
    for stmt, about in sorted(folded.items(), key=lambda pair: str(pair[0])):
        if about not in kept:
            continue
        name = next(FOLDED_CLASSES[t] for t in sorted(typed[stmt], key=str) if t in FOLDED_CLASSES)
        attrs[about][name].append(describe_statement(data, ontology, stmt))
        for p, o in data.predicate_objects(stmt):
            node_graphs[about].update(data.graphs_of(stmt, p, o))

    # attributes from literals may hold an int on one node and a text on another: GraphML and GEXF
    # declare one type per attribute, so their types are gathered here and made one below
    literal_types: dict[str, set[type]] = defaultdict(set)
    for s in kept_sorted:
        node = g.nodes[node_id(s)]
        for key, values in sorted(attrs[s].items()):
            if key in node:
                key = f"{key}_value"
            unique = sorted(set(values), key=lambda v: (str(type(v)), v))
            value = unique[0] if len(unique) == 1 else "; ".join(str(v) for v in unique)
            node[key] = value
            literal_types[key].add(type(value))
        if options.provenance != "none":
            node["sources"] = prov.graph_titles_of(node_graphs[s])
        node.update(capacity_by_year(data, s))

    for s, p, o, graphs in edges:
        data_attrs = {"label": lbl(p), "property": curie(p)}
        if options.provenance != "none":
            data_attrs["sources"] = prov.graph_titles_of(graphs)
        g.add_edge(node_id(s), node_id(o), key=curie(p), **data_attrs)

    if options.provenance == "nodes":
        source = prov.graph_source
        node_sources = {s: {source[x] for x in node_graphs[s] if x in source} for s in kept_sorted}
        docs = sorted({src for s in kept_sorted for src in node_sources[s]}, key=str)
        for doc in docs:
            types = list(data.objects(doc, RDF.type))
            main = main_type(ontology, types)
            g.add_node(node_id(doc), label=lbl(doc), name=lbl(doc), type=curie(main) if main else "",
                       type_label=lbl(main) if main else "", types="; ".join(sorted(curie(t) for t in types)),
                       iri=str(doc), statement=False, kind="source", title=prov.title(doc))
        for s in kept_sorted:
            for doc in sorted(node_sources[s], key=str):
                g.add_edge(node_id(s), node_id(doc), key=curie(BKG.statedBy), label="stated by", property=curie(BKG.statedBy))

    _harmonise_types(g, {key: kinds for key, kinds in literal_types.items() if len(kinds) > 1})
    return g


def _harmonise_types(g: nx.MultiDiGraph, mixed: dict[str, set[type]]) -> None:
    """Make each node attribute of ``mixed`` (name: the types its values have) one type across all nodes,
    as GraphML and GEXF declare one type per key: float where every value is a number, else text. The
    other attributes (label, kind, capacities, an edge's label and sources...) have one type by construction."""
    for key, kinds in mixed.items():
        target = float if kinds <= {int, float} else str
        for _, d in g.nodes(data=True):
            if key in d:
                d[key] = target(d[key])


__all__ = ["KIND_ORDER", "KINDS", "Options", "capacity_by_year", "kind_of", "describe_statement", "main_type", "node_id", "project", "provenance_nodes"]
