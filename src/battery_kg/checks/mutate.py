"""Mutation testing of the shapes: break the graph one way at a time and see whether validation notices.

Each mutant is the project's data with one systematic change, derived from what a shape claims to
guard. Kinds (one mutant per kind and shape, on the first focus node of that shape, in IRI order,
that has a value to break, so the run is deterministic and takes seconds, not minutes):

``drop-required``    remove every value of a property a shape requires (``sh:minCount`` >= 1);
``change-datatype``  give a literal another datatype (``sh:datatype``, or an ``sh:or`` of datatypes);
``iri-to-text``      replace an IRI by a string of the same characters (``sh:class``, ``sh:node``,
                     ``sh:nodeKind sh:IRI``, ``sh:in``);
``negative-number``  make a number negative (``sh:minInclusive``/``sh:minExclusive`` >= 0);
``year-backwards``   move a year back a century (year ``sh:pattern``), or move a dated statement
                     before the one it must follow (the SPARQL constraints on capacity and milestones);
``remove-source``    delete a source document, or the declaration of a fact graph;
``second-value``     add a second value where at most one is allowed (``sh:maxCount 1``: a site gets
                     a second operator, a statement a second status);
``wrong-class``      point a property at a node of another class (``sh:class``), at a concept of
                     another scheme (``sh:node``), or at a value outside ``sh:in``;

and the slips of ``ontology/shapes/slips.ttl`` (issue 12), one mutant each where the data allows:

``wrong-domain``     move a statement to a node outside the property's ``rdfs:domain`` (one per property);
``wrong-range``      point a property at a node outside its ``rdfs:range`` (one per property);
``after-publication`` report as achieved what is dated after the source was published;
``place-cycle``      make a region lie within one of its own towns;
``label-slip``       an empty, a blank, a padded and a two-line label;
``shared-label``     give an organisation the label of another;
``fractional-count`` a count of jobs plus one half;
``zero-capacity``    a capacity of zero.

A mutant is *caught* when validation reports a violation (the unmutated data conforms). Mutants are
validated with pySHACL's ``focus_nodes`` on the nodes the change touches and the nodes their shapes
reach (:func:`battery_kg.checks.incremental.nodes_to_check`); a mutant that survives is re-validated in
full before it is counted as missed.

>>> from battery_kg import load_project
>>> kinds = {m.kind for m in generate(load_project())}
>>> sorted(kinds) == sorted(KINDS)
True
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from battery_kg.hierarchy import types
from battery_kg.checks.incremental import nodes_to_check, validate_nodes
from battery_kg.labels import curie
from battery_kg.load import Project
from battery_kg.namespaces import BKG, BKV, bind_prefixes
from battery_kg.checks.validate import focus_nodes, validate, validation_graph

KINDS = ("drop-required", "change-datatype", "iri-to-text", "negative-number", "year-backwards",
         "remove-source", "second-value", "wrong-class", "wrong-domain", "wrong-range", "after-publication",
         "place-cycle", "label-slip", "shared-label", "fractional-count", "zero-capacity")

Quad = tuple[Node, Node, Node, Node]


@dataclass
class Mutant:
    """One broken copy of the data: which quads go, which come, and the shape expected to notice."""

    kind: str
    shape: str
    focus: Node
    description: str
    remove: list[Quad] = field(default_factory=list)
    add: list[Quad] = field(default_factory=list)


@dataclass
class Outcome:
    mutant: Mutant
    caught: bool
    shapes: list[str]
    full_check: bool = False

    @property
    def by_its_shape(self) -> bool:
        """Whether the shape the mutant was derived from is among those that fired."""
        return self.mutant.shape in self.shapes

    def as_dict(self) -> dict:
        return {"kind": self.mutant.kind, "shape": self.mutant.shape, "focus": str(self.mutant.focus),
                "description": self.mutant.description, "caught": self.caught, "caughtByItsShape": self.by_its_shape,
                "firedShapes": self.shapes}


@dataclass
class MutationRun:
    outcomes: list[Outcome]

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """kind -> (mutants, caught), in :data:`KINDS` order."""
        total = Counter(o.mutant.kind for o in self.outcomes)
        caught = Counter(o.mutant.kind for o in self.outcomes if o.caught)
        return {k: (total[k], caught[k]) for k in KINDS if total[k]}

    def by_its_shape(self) -> dict[str, int]:
        """kind -> how many mutants the shape they were derived from caught (others may catch the rest)."""
        own = Counter(o.mutant.kind for o in self.outcomes if o.by_its_shape)
        return {k: own[k] for k in self.by_kind()}

    @property
    def score(self) -> float:
        return sum(o.caught for o in self.outcomes) / len(self.outcomes) if self.outcomes else 1.0

    def survivors(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.caught]

    def as_text(self) -> str:
        rows = [f"{'kind':<18} {'mutants':>7} {'caught':>7} {'score':>7} {'by its shape':>13}"]
        own = self.by_its_shape()
        for kind, (n, c) in self.by_kind().items():
            rows.append(f"{kind:<18} {n:>7} {c:>7} {c / n:>7.0%} {own[kind]:>13}")
        n = len(self.outcomes)
        c = sum(o.caught for o in self.outcomes)
        rows.append(f"{'total':<18} {n:>7} {c:>7} {self.score:>7.0%}")
        rows += [f"survived: {o.mutant.kind} {o.mutant.shape} on {curie(o.mutant.focus)}: {o.mutant.description}"
                 for o in self.survivors()]
        return "\n".join(rows) + "\n"

    def as_markdown(self) -> str:
        rows = ["| kind | mutants | caught | score | caught by the shape it targets |", "|---|---:|---:|---:|---:|"]
        own = self.by_its_shape()
        for kind, (n, c) in self.by_kind().items():
            rows.append(f"| {kind} | {n} | {c} | {c / n:.0%} | {own[kind]} |")
        rows.append(f"| **total** | {len(self.outcomes)} | {sum(o.caught for o in self.outcomes)} | {self.score:.0%} |"
                    f" {sum(own.values())} |")
        return "\n".join(rows) + "\n"

    def as_json(self) -> str:
        body = {"score": self.score, "byKind": {k: {"mutants": n, "caught": c} for k, (n, c) in self.by_kind().items()},
                "mutants": [o.as_dict() for o in self.outcomes]}
        return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- generating mutants

class _Context:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.data = project.data
        self.graph = validation_graph(project)  # data + ontology, for classes and concepts
        self.shapes = project.shapes
        self.quads = sorted(project.dataset.quads((None, None, None, None)))
        self.parent = {ps: ns for ns, ps in self.shapes.subject_objects(SH.property)}

    def quads_of(self, s: Node | None, p: Node | None, o: Node | None = None) -> list[Quad]:
        return [q for q in self.quads if (s is None or q[0] == s) and (p is None or q[1] == p)
                and (o is None or q[2] == o)]

    def types(self, node: Node) -> set[Node]:
        return types(self.graph, node)

    def targets(self, node_shape: Node) -> list[Node]:
        """The shape's focus nodes (as validation finds them) that the data describes."""
        focus = focus_nodes(node_shape, self.shapes, self.graph)
        return sorted(n for n in focus if isinstance(n, URIRef) and (n, None, None) in self.data)

    def value(self, shape: Node, prop: Node) -> Node | None:
        return self.shapes.value(shape, prop)

    def scheme_of(self, node_shape: Node) -> Node | None:
        for ps in self.shapes.objects(node_shape, SH.property):
            if self.shapes.value(ps, SH.path) == SKOS.inScheme:
                return self.shapes.value(ps, SH.hasValue)
        return None


def _property_shapes(ctx: _Context) -> list[tuple[URIRef, URIRef, Node, bool]]:
    """(property shape, node shape, predicate, inverse?) for every named property shape with a target."""
    out = []
    for ps, ns in sorted(ctx.parent.items()):
        if not isinstance(ps, URIRef) or not isinstance(ns, URIRef):
            continue
        path = ctx.value(ps, SH.path)
        inverse = False
        if path is not None and not isinstance(path, URIRef):
            path, inverse = ctx.shapes.value(path, SH.inversePath), True
        if isinstance(path, URIRef):
            out.append((ps, ns, path, inverse))
    return out


def _first(ctx: _Context, ns: Node, pred: Node, test=lambda o: True) -> tuple[Node, Node] | None:
    for focus in ctx.targets(ns):
        for o in sorted(ctx.data.objects(focus, pred)):
            if test(o):
                return focus, o
    return None


def _replace(ctx: _Context, focus: Node, pred: Node, old: Node, new: Node) -> tuple[list[Quad], list[Quad]]:
    remove = ctx.quads_of(focus, pred, old)
    return remove, [(s, p, new, g) for s, p, _o, g in remove]


def _datatypes(ctx: _Context, ps: Node) -> set[Node]:
    found = set(ctx.shapes.objects(ps, SH.datatype))
    for alternatives in ctx.shapes.objects(ps, SH["or"]):
        for member in Collection(ctx.shapes, alternatives):
            found.update(ctx.shapes.objects(member, SH.datatype))
    return found


def _allowed(ctx: _Context, ps: Node) -> list[Node]:
    lst = ctx.value(ps, SH["in"])
    return list(Collection(ctx.shapes, lst)) if lst is not None else []


def _back_a_century(lit: Literal) -> Literal | None:
    m = re.match(r"^(-?)(\d{4})(.*)$", str(lit))
    if not m:
        return None
    return Literal(f"{int(m.group(2)) - 100:04d}{m.group(3)}", datatype=lit.datatype)


def _another_value(ctx: _Context, o: Node) -> Node | None:
    if isinstance(o, Literal):
        if o.datatype == XSD.boolean:
            return Literal(not o.toPython(), datatype=XSD.boolean)
        if o.datatype == XSD.gYear:
            return Literal(str(int(str(o)) + 1), datatype=XSD.gYear)
        if isinstance(o.toPython(), (int, float, Decimal)) and not isinstance(o.toPython(), bool):
            return Literal(f"{o.toPython() + 1}", datatype=o.datatype)
        return Literal(f"{o} (second)", lang=o.language, datatype=o.datatype)
    for scheme in sorted(ctx.graph.objects(o, SKOS.inScheme)):
        others = sorted(c for c in ctx.graph.subjects(SKOS.inScheme, scheme) if c != o)
        if others:
            return others[0]
    kinds = sorted(ctx.graph.objects(o, RDF.type))
    for cls in kinds:
        others = sorted(n for n in ctx.graph.subjects(RDF.type, cls) if n != o and isinstance(n, URIRef))
        if others:
            return others[0]
    return None


def generate(project: Project) -> list[Mutant]:
    """Every mutant, one per kind and shape (see the module docstring), in a fixed order."""
    ctx = _Context(project)
    out: list[Mutant] = []
    data_nodes = sorted({s for s in ctx.data.subjects(RDF.type, None) if isinstance(s, URIRef)})
    concepts = sorted(c for c in ctx.graph.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef))
    for ps, ns, pred, inverse in _property_shapes(ctx):
        name = curie(ps)
        min_count = ctx.value(ps, SH.minCount)
        # drop-required
        if min_count is not None and int(min_count) >= 1:
            for focus in ctx.targets(ns):
                quads = ctx.quads_of(None, pred, focus) if inverse else ctx.quads_of(focus, pred)
                if quads:
                    out.append(Mutant("drop-required", name, focus, f"remove every {curie(pred)}", quads))
                    break
        if inverse:
            continue
        # change-datatype
        dts = _datatypes(ctx, ps)
        if dts:
            hit = _first(ctx, ns, pred, lambda o: isinstance(o, Literal))
            if hit:
                focus, o = hit
                new_dt = XSD.anyURI if XSD.string in dts else XSD.string
                new = Literal(str(o), datatype=new_dt)
                out.append(Mutant("change-datatype", name, focus, f"{curie(pred)} {o.n3()} becomes {new.n3()}",
                                  *_replace(ctx, focus, pred, o, new)))
        # iri-to-text
        if any(ctx.value(ps, k) is not None for k in (SH["class"], SH.node, SH["in"])) or \
                ctx.value(ps, SH.nodeKind) == SH.IRI:
            hit = _first(ctx, ns, pred, lambda o: isinstance(o, URIRef))
            if hit:
                focus, o = hit
                out.append(Mutant("iri-to-text", name, focus, f"{curie(pred)} {curie(o)} becomes the string \"{o}\"",
                                  *_replace(ctx, focus, pred, o, Literal(str(o)))))
        # negative-number
        low = ctx.value(ps, SH.minInclusive)
        low = ctx.value(ps, SH.minExclusive) if low is None else low  # (a Literal 0 is falsy: no `or`)
        if low is not None and Decimal(str(low)) >= 0:
            hit = _first(ctx, ns, pred, lambda o: isinstance(o, Literal) and str(o).lstrip("+") not in ("0", "0.0"))
            if hit:
                focus, o = hit
                new = Literal(f"-{o}", datatype=o.datatype)
                out.append(Mutant("negative-number", name, focus, f"{curie(pred)} {o} becomes {new}",
                                  *_replace(ctx, focus, pred, o, new)))
        # year-backwards (the year pattern)
        if dts & {XSD.gYear, XSD.date, XSD.gYearMonth} and ctx.value(ps, SH.pattern) is not None:
            hit = _first(ctx, ns, pred, lambda o: isinstance(o, Literal) and _back_a_century(o) is not None)
            if hit:
                focus, o = hit
                new = _back_a_century(o)
                out.append(Mutant("year-backwards", name, focus, f"{curie(pred)} {o} becomes {new}",
                                  *_replace(ctx, focus, pred, o, new)))
        # second-value
        max_count = ctx.value(ps, SH.maxCount)
        if max_count is not None and int(max_count) == 1:
            for focus in ctx.targets(ns):
                values = sorted(ctx.data.objects(focus, pred))
                second = _another_value(ctx, values[0]) if values else None
                if second is not None and second not in values:
                    graph = ctx.quads_of(focus, pred, values[0])[0][3]
                    out.append(Mutant("second-value", name, focus, f"add a second {curie(pred)}: {curie(second)}"
                                      if isinstance(second, URIRef) else f"add a second {curie(pred)}: {second.n3()}",
                                      [], [(focus, pred, second, graph)]))
                    break
        # wrong-class
        cls = ctx.value(ps, SH["class"])
        node = ctx.value(ps, SH.node)
        allowed = _allowed(ctx, ps)
        hit = _first(ctx, ns, pred, lambda o: isinstance(o, URIRef))
        wrong = None
        if hit and cls is not None:
            wrong = next((n for n in data_nodes if cls not in ctx.types(n)), None)
        elif hit and node is not None and ctx.scheme_of(node) is not None:
            scheme = ctx.scheme_of(node)
            wrong = next((c for c in concepts if (c, SKOS.inScheme, scheme) not in ctx.graph), None)
        elif hit and allowed and all(isinstance(a, URIRef) for a in allowed):
            pool = concepts if str(allowed[0]).startswith(str(BKV)) else sorted(
                {o for o in ctx.graph.objects(None, None) if isinstance(o, URIRef)
                 and str(o).rsplit("/", 1)[0] == str(allowed[0]).rsplit("/", 1)[0]})
            wrong = next((c for c in pool if c not in allowed), None)
        if hit and wrong is not None:
            focus, o = hit
            out.append(Mutant("wrong-class", name, focus, f"{curie(pred)} {curie(o)} becomes {curie(wrong)}",
                              *_replace(ctx, focus, pred, o, wrong)))
    out += _order_mutants(ctx)
    out += _source_mutants(ctx)
    out += _slip_mutants(ctx, data_nodes)
    return out


_DATA_NODE = "bksh:DataNodeShape"


def _slip_mutants(ctx: _Context, data_nodes: list[URIRef]) -> list[Mutant]:
    """The slips ``ontology/shapes/slips.ttl`` guards, one mutant each (per property for domains and ranges)."""
    out: list[Mutant] = []
    onto = ctx.project.ontology
    own = str(BKG)
    for prop in sorted(p for p in onto.subjects(RDFS.domain, None) if isinstance(p, URIRef)):
        domain = onto.value(prop, RDFS.domain)
        quads = [q for q in ctx.quads_of(None, prop) if isinstance(q[0], URIRef)]
        if not isinstance(domain, URIRef) or not str(domain).startswith(own) or not quads:
            continue
        s, p, o, g = quads[0]
        elsewhere = next((n for n in data_nodes if domain not in ctx.types(n)), None)
        if elsewhere is not None:
            out.append(Mutant("wrong-domain", _DATA_NODE, elsewhere,
                              f"{curie(p)} moved from {curie(s)} to {curie(elsewhere)}, not a {curie(domain)}",
                              [], [(elsewhere, p, o, g)]))
    for prop in sorted(p for p in onto.subjects(RDFS.range, None) if isinstance(p, URIRef)):
        rng = onto.value(prop, RDFS.range)
        if not isinstance(rng, URIRef) or not (str(rng).startswith(own) or rng == SKOS.Concept):
            continue
        quads = [q for q in ctx.quads_of(None, prop) if isinstance(q[2], URIRef)]
        wrong = next((n for n in data_nodes if rng not in ctx.types(n)), None)
        if quads and wrong is not None:
            s, p, o, _g = quads[0]
            out.append(Mutant("wrong-range", _DATA_NODE, s, f"{curie(p)} {curie(o)} becomes {curie(wrong)}, "
                              f"not a {curie(rng)}", *_replace(ctx, s, p, o, wrong)))
    out += _after_publication(ctx)
    out += _place_cycle(ctx)
    out += _label_slips(ctx, data_nodes)
    out += _number_slips(ctx)
    return out


def _published(ctx: _Context, node: Node) -> int | None:
    for *_spo, g in ctx.quads_of(node, None):
        source = ctx.data.value(g, BKG.statedBy)
        year = _year(ctx.data.value(source, BKG.publicationYear)) if source is not None else None
        if year is not None:
            return year
    return None


def _after_publication(ctx: _Context) -> list[Mutant]:
    for node in sorted(set(ctx.data.subjects(BKG.status, None))):
        published = _published(ctx, node)
        status = ctx.data.value(node, BKG.status)
        date_prop = next((p for p in (BKG.year, BKG.date) if ctx.data.value(node, p) is not None), None)
        if published is None or date_prop is None:
            continue
        old_date = ctx.data.value(node, date_prop)
        new_date = Literal(str(published + 1), datatype=XSD.gYear)
        remove, add = _replace(ctx, node, date_prop, old_date, new_date)
        if status != BKV.achieved:
            r2, a2 = _replace(ctx, node, BKG.status, status, BKV.achieved if date_prop == BKG.date else BKV.operational)
            remove, add = remove + r2, add + a2
        shape = "bksh:MilestoneShape" if (node, RDF.type, BKG.Milestone) in ctx.data else "bksh:QuantityStatementShape"
        return [Mutant("after-publication", shape, node, f"done in {published + 1}, after its source was "
                       f"published ({published})", remove, add)]
    return []


def _place_cycle(ctx: _Context) -> list[Mutant]:
    for town in sorted(ctx.data.subjects(RDF.type, BKG.Town)):
        outer = ctx.data.value(town, BKG.locatedIn)
        quads = ctx.quads_of(town, BKG.locatedIn)
        if outer is not None and quads:
            return [Mutant("place-cycle", "bksh:PlaceShape", outer, f"{curie(outer)} said to lie in {curie(town)}",
                           [], [(outer, BKG.locatedIn, town, quads[0][3])])]
    return []


def _label_slips(ctx: _Context, data_nodes: list[URIRef]) -> list[Mutant]:
    out = []
    labelled = [n for n in data_nodes if ctx.quads_of(n, RDFS.label)]
    for node, (how, text) in zip(labelled, [("empty", ""), ("blank", "  "), ("padded", "{} "), ("two-line", "{}\n(draft)")]):
        old = ctx.quads_of(node, RDFS.label)[0][2]
        new = Literal(text.format(old), lang=old.language, datatype=old.datatype)
        out.append(Mutant("label-slip", "bksh:DataNodeShape-label", node, f"label {old.n3()} becomes {how}",
                          *_replace(ctx, node, RDFS.label, old, new)))
    organisations = sorted(n for n in data_nodes if BKG.Organisation in ctx.types(n) and ctx.quads_of(n, RDFS.label))
    if len(organisations) >= 2:
        first, second = organisations[:2]
        label = ctx.quads_of(first, RDFS.label)[0][2]
        old = ctx.quads_of(second, RDFS.label)[0][2]
        out.append(Mutant("shared-label", "bksh:OrganisationShape", second, f"{curie(second)} labelled {label.n3()} "
                          f"like {curie(first)}", *_replace(ctx, second, RDFS.label, old, label)))
    return out


def _number_slips(ctx: _Context) -> list[Mutant]:
    out = []
    for node in sorted(ctx.data.subjects(BKG.unit, UNIT_NUM)):
        value = ctx.data.value(node, BKG.value)
        if isinstance(value, Literal) and value.datatype == XSD.decimal:
            new = Literal(f"{Decimal(str(value)) + Decimal('0.5')}", datatype=XSD.decimal)
            out.append(Mutant("fractional-count", "bksh:QuantityStatementShape", node, f"bkg:value {value} becomes {new}",
                              *_replace(ctx, node, BKG.value, value, new)))
            break
    for node in ctx.targets(BKSH_CAPACITY):
        value = ctx.data.value(node, BKG.value)
        if isinstance(value, Literal):
            new = Literal("0.0", datatype=XSD.decimal)
            out.append(Mutant("zero-capacity", "bksh:CapacityStatementShape", node,
                              f"bkg:value {value} becomes 0.0", *_replace(ctx, node, BKG.value, value, new)))
            break
    return out


def _year(node: Node) -> int | None:
    m = re.match(r"^(\d{4})", str(node)) if isinstance(node, Literal) else None
    return int(m.group(1)) if m else None


def _order_mutants(ctx: _Context) -> list[Mutant]:
    """Move a dated statement before the one it must follow (the shapes' SPARQL constraints)."""
    out = []
    # capacity: the later, larger capacity moved before an earlier, smaller one
    caps = [(s, ctx.data.value(s, BKG.site), _year(ctx.data.value(s, BKG.year)), ctx.data.value(s, BKG.value))
            for s in ctx.targets(BKSH_CAPACITY)]
    caps = [c for c in caps if c[2] is not None and c[3] is not None]
    for s1, site1, y1, v1 in caps:
        later = [c for c in caps if c[1] == site1 and c[2] > y1 and c[3].toPython() > v1.toPython()]
        if later:
            s2, _site, _y2, _v2 = later[0]
            old = ctx.data.value(s2, BKG.year)
            new = Literal(str(y1 - 1), datatype=XSD.gYear)
            out.append(Mutant("year-backwards", "bksh:CapacityStatementShape", s2,
                              f"bkg:year {old} becomes {new}, before {curie(s1)} ({y1}), which has a smaller value",
                              *_replace(ctx, s2, BKG.year, old, new)))
            break
    # milestones: a production milestone moved before construction started
    production = {BKV[n] for n in ("inauguration", "operation-start", "mass-production-start", "capacity-ramp-up",
                                   "full-capacity", "capacity-expansion", "market-entry-first-cells")}
    building = {BKV["construction-start"], BKV["groundbreaking"]}
    stones = [(m, ctx.data.value(m, BKG.site), ctx.data.value(m, BKG.milestoneType), ctx.data.value(m, BKG.date))
              for m in ctx.targets(BKSH_MILESTONE)]
    for m, site, kind, date in stones:
        if kind in production and _year(date) is not None:
            builds = [_year(d) for _m, s, k, d in stones if s == site and k in building and _year(d) is not None]
            if builds:
                new = Literal(str(min(builds) - 1), datatype=XSD.gYear)
                out.append(Mutant("year-backwards", "bksh:MilestoneShape", m,
                                  f"bkg:date {date} becomes {new}, before construction started ({min(builds)})",
                                  *_replace(ctx, m, BKG.date, date, new)))
                break
    return out


def _source_mutants(ctx: _Context) -> list[Mutant]:
    out = []
    graphs = sorted(ctx.data.subjects(RDF.type, BKG.FactGraph))
    for g in graphs:
        source = ctx.data.value(g, BKG.statedBy)
        if source is not None:
            out.append(Mutant("remove-source", "bksh:FactGraphShape-statedBy", g,
                              f"delete the source document {curie(source)}", ctx.quads_of(source, None)))
            break
    used = sorted({q[3] for q in ctx.quads if q[3] in set(graphs)} - {q[3] for q in ctx.quads if q[0] in graphs})
    if used:
        g = used[0]
        out.append(Mutant("remove-source", "bksh:StatedInShape-graph", g,
                          f"delete the declaration of the fact graph {curie(g)}", ctx.quads_of(g, None)))
    return out


BKSH_CAPACITY = URIRef("https://w3id.org/battery-kg/shapes#CapacityStatementShape")
BKSH_MILESTONE = URIRef("https://w3id.org/battery-kg/shapes#MilestoneShape")
UNIT_NUM = URIRef("http://qudt.org/vocab/unit/NUM")


# ---------------------------------------------------------------- running them

def apply(project: Project, mutant: Mutant) -> Project:
    """A copy of ``project`` whose dataset has ``mutant`` applied (ontology, shapes and locations shared)."""
    dataset = bind_prefixes(Dataset())
    removed = set(mutant.remove)
    for q in project.dataset.quads((None, None, None, None)):
        if q not in removed:
            dataset.graph(q[3]).add(q[:3])
    for s, p, o, g in mutant.add:
        dataset.graph(g).add((s, p, o))
    return Project(resources=project.resources, ontology=project.ontology, shapes=project.shapes, dataset=dataset,
                   files=project.files, locations=project.locations)


def _triples(project: Project) -> set:
    return set(project.data) | set(project.provenance_index())


def run_mutant(project: Project, mutant: Mutant, graph: Graph | None = None) -> Outcome:
    """Validate one mutant. ``graph``, the unmutated merged graph, is changed in place and restored."""
    mutated = apply(project, mutant)
    touched: set[Node] = set()
    fact_graphs = set(project.fact_graphs())
    for s, _p, o, g in mutant.remove + mutant.add:
        touched |= {s, o, g}
        if s in fact_graphs:  # a fact graph's declaration changed: everything stated in it
            touched |= set(project.dataset.graph(s).subjects())
    nodes = nodes_to_check(mutated, touched) | nodes_to_check(project, touched)
    if graph is None:
        report = validate_nodes(mutated, nodes)
    else:
        before, after = _triples(project), _triples(mutated)
        gone = {t for t in before - after if t not in project.ontology}
        new = after - before - set(graph)
        for t in gone:
            graph.remove(t)
        for t in new:
            graph.add(t)
        try:
            report = validate_nodes(mutated, nodes, graph)
        finally:
            for t in new:
                graph.remove(t)
            for t in gone:
                graph.add(t)
    full = False
    if report.conforms:  # be sure: a survivor is re-checked on the whole graph
        report, full = validate(mutated), True
    return Outcome(mutant, not report.conforms, sorted({f.source_shape for f in report.violations}), full)


def run(project: Project, kinds: tuple[str, ...] | None = None) -> MutationRun:
    """Generate every mutant (of ``kinds``, default all) and validate each; the unmutated data must conform."""
    mutants = [m for m in generate(project) if kinds is None or m.kind in kinds]
    graph = validation_graph(project)
    return MutationRun([run_mutant(project, m, graph) for m in mutants])


__all__ = ["KINDS", "Mutant", "MutationRun", "Outcome", "apply", "generate", "run", "run_mutant"]
