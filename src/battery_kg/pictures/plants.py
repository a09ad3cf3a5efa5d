"""Plant records: what an analyst wants to know about each site, read from the graph by ``.rq`` files.

A *plant* is any ``bkg:Site`` (cell gigafactory, materials plant, recycling plant, research centre).
:func:`plant_set` runs the queries in ``battery_kg/pictures/plant_queries/`` once over the whole graph (an
in-memory Oxigraph store) and assembles, for every site:

- who operates it, where it is (its own coordinates, else those of the nearest place up its
  ``bkg:locatedIn`` chain) and in which country;
- every capacity claim (value, unit, year or none, status, precision) with the sources of each;
- its status history (``bkg:SiteStatusStatement``), milestones, customers, energy and transport;
- the source documents behind all of it.

Claims are kept as the sources make them: two sources giving two values for one year are two
claims. :meth:`Plant.capacity_in` and :meth:`Plant.status_in` answer "as of year Y" questions
for the map, and say which rule they used.

>>> from battery_kg.load import load_project
>>> plants = plant_set(load_project())
>>> p = plants.by_id["bkr:verkor-bourbourg-gigafactory"]
>>> p.kind, p.operator.label, p.country.label, p.unit_label
('cell', 'Verkor', 'France', 'GWh/yr')
>>> sorted({c.value for c in p.capacity if c.year == 2025})   # two sources disagree on 2025
[8.0, 16.0]
>>> p.capacity_in(2024), p.capacity_in(2025), p.capacity_in(2030)
(16.0, 16.0, 50.0)
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field
from importlib import resources as importlib_resources
from pathlib import Path
from typing import NamedTuple

from rdflib import Literal
from rdflib.namespace import RDF

from battery_kg.labels import curie as _curie
from battery_kg.namespaces import BKG, UNIT, sparql_prologue
from battery_kg.query import QueryFile, load_query

KINDS: dict[str, tuple[str, str]] = {
    str(BKG.Gigafactory): ("cell", "cell plant"),
    str(BKG.MaterialsPlant): ("materials", "materials plant"),
    str(BKG.RecyclingPlant): ("recycling", "recycling plant"),
    str(BKG.ResearchCentre): ("research", "R&D centre"),
    str(BKG.ProductionSite): ("production", "production site"),
    str(BKG.Site): ("site", "site"),
}
"""Site class -> (kind key, kind name). A site of several classes takes the first in this order."""

STATUSES = ("announced", "under-construction", "operating", "paused", "cancelled")
"""Site statuses of the ``bkv:site-status-scheme``, in life-cycle order."""

UNITS = {str(UNIT["GigaW-HR"]): "GWh/yr", str(UNIT.TONNE): "t/yr"}
"""Capacity units and how the page writes them (capacities are read per year)."""

_PRIORITY = list(KINDS)
_RDF_TYPE = str(RDF.type)
_P_CapacityStatement = str(BKG.CapacityStatement)
_P_Country = str(BKG.Country)
_P_EnergySupply = str(BKG.EnergySupply)
_P_Gigafactory = str(BKG.Gigafactory)
_P_MaterialsPlant = str(BKG.MaterialsPlant)
_P_Milestone = str(BKG.Milestone)
_P_ProductionSite = str(BKG.ProductionSite)
_P_RecyclingPlant = str(BKG.RecyclingPlant)
_P_ResearchCentre = str(BKG.ResearchCentre)
_P_Site = str(BKG.Site)
_P_SiteStatusStatement = str(BKG.SiteStatusStatement)
_P_SourceDocument = str(BKG.SourceDocument)
_P_Supply = str(BKG.Supply)
_P_customer = str(BKG.customer)
_P_customerProduct = str(BKG.customerProduct)
_P_date = str(BKG.date)
_P_dateAsStated = str(BKG.dateAsStated)
_P_deliveredVia = str(BKG.deliveredVia)
_P_deliveryMode = str(BKG.deliveryMode)
_P_energySource = str(BKG.energySource)
_P_horizon = str(BKG.horizon)
_P_latitude = str(BKG.latitude)
_P_locatedIn = str(BKG.locatedIn)
_P_longitude = str(BKG.longitude)
_P_milestoneType = str(BKG.milestoneType)
_P_operatedBy = str(BKG.operatedBy)
_P_precision = str(BKG.precision)
_P_servedByTransportMode = str(BKG.servedByTransportMode)
_P_sinceYear = str(BKG.sinceYear)
_P_siteStatus = str(BKG.siteStatus)
_P_status = str(BKG.status)
_P_suppliedProduct = str(BKG.suppliedProduct)
_P_technology = str(BKG.technology)
_P_unit = str(BKG.unit)
_P_value = str(BKG.value)
_P_year = str(BKG.year)
_BKG = str(BKG)


@dataclass(frozen=True)
class Ref:
    """A resource as shown: its CURIE (``id``), full IRI and label."""

    id: str
    iri: str
    label: str


@dataclass
class Source:
    """A source document behind one or more named graphs."""

    id: str
    iri: str
    title: str
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    kind: str | None = None


@dataclass
class CapacityClaim:
    """One capacity statement: ``value`` in ``unit`` per year, in ``year`` (None: no year stated)."""

    statement: str
    label: str
    value: float
    unit: str | None
    unit_label: str
    year: int | None
    horizon: str | None
    status: str | None
    status_label: str | None
    precision: str | None
    precision_label: str | None
    sources: list[str]
    year_sources: list[str]
    """Sources of the year alone when it comes from elsewhere than the value (an editorial dating note)."""

    @property
    def planned(self) -> bool:
        """True unless the source states the capacity as reached (``bkv:operational``)."""
        return self.status != "bkv:operational"


@dataclass
class StatusClaim:
    """One status statement: the site had ``status`` from ``date`` on, according to ``sources``."""

    statement: str
    status: str
    status_label: str
    date: str | None
    year: int | None
    sources: list[str]


@dataclass
class Event:
    """A milestone, customer, energy supply or transport mode, as one line of a plant card."""

    statement: str
    label: str
    kind: str
    date: str | None = None
    year: int | None = None
    status: str | None = None
    status_label: str | None = None
    details: list[Ref] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    roles: dict[str, list[Ref]] = field(default_factory=dict)
    """The details by property local name (``customer``, ``customerProduct``, ``deliveredVia``...)."""


@dataclass
class Plant:
    """Everything the map and the cards show about one site."""

    id: str
    iri: str
    label: str
    type: str
    kind: str
    kind_label: str
    operators: list[Ref]
    place: Ref | None
    country: Ref | None
    lat: float | None
    lon: float | None
    position_from: str | None
    """CURIE of the resource whose coordinates are used: the site itself or a place up its chain."""
    technologies: list[Ref]
    capacity: list[CapacityClaim]
    status_history: list[StatusClaim]
    milestones: list[Event]
    customers: list[Event]
    energy: list[Event]
    logistics: list[Event]
    sources: list[str]
    fact_sources: dict[str, list[str]] = field(default_factory=dict)
    """Sources of the site's own facts: ``operator``, ``place``, ``kind``, ``technology``, ``position``."""

    @property
    def operator(self) -> Ref | None:
        return self.operators[0] if self.operators else None

    @property
    def unit_label(self) -> str:
        """The plant's main capacity unit: that of most of its claims; on a tie, tonnes for materials and
        recycling plants, GWh for the others."""
        counts: dict[str, int] = {}
        for c in self.capacity:
            counts[c.unit_label] = counts.get(c.unit_label, 0) + 1
        if not counts:
            return ""
        prefer = "t/yr" if self.kind in ("materials", "recycling") else "GWh/yr"
        return max(sorted(counts), key=lambda u: (counts[u], u == prefer))

    def capacity_in(self, year: int) -> float | None:
        """The capacity in ``year``, in :attr:`unit_label`: the largest value claimed for the latest year
        <= ``year``. Claims with no year (a long-term potential) never count. None before the first dated claim.
        """
        unit = self.unit_label
        dated = [c for c in self.capacity if c.year is not None and c.year <= year and c.unit_label == unit]
        if not dated:
            return None
        latest = max(c.year for c in dated)
        return max(c.value for c in dated if c.year == latest)

    def status_in(self, year: int) -> str | None:
        """The status key (``operating``, ``announced``...) in ``year``.

        The status of the latest status statement dated <= ``year`` (the most advanced one when
        sources disagree on that date). A plant with no status statement is ``operating`` from the
        first year of a capacity stated as reached; else ``under-construction`` once a construction-start
        milestone is achieved (undated: from any year); else ``announced``.
        """
        dated = [s for s in self.status_history if s.year is not None and s.year <= year]
        if dated:
            latest = max(s.year for s in dated)
            keys = [s.status.split(":", 1)[-1] for s in dated if s.year == latest]
            return max(keys, key=lambda k: STATUSES.index(k) if k in STATUSES else -1)
        if self.status_history:
            return None
        reached = [c.year for c in self.capacity if not c.planned and c.year is not None]
        if reached and min(reached) <= year:
            return "operating"
        started = [m for m in self.milestones if m.status == "bkv:achieved"
                   and any(d.id == "bkv:construction-start" for d in m.details)]
        if any(m.year is None or m.year <= year for m in started):
            return "under-construction"
        return "announced"

    def as_dict(self) -> dict:
        return _plain(self)


@dataclass
class PlantSet:
    """The plants of a graph and the sources they cite."""

    plants: list[Plant]
    sources: dict[str, Source]

    @property
    def by_id(self) -> dict[str, Plant]:
        return {p.id: p for p in self.plants}

    def years(self) -> tuple[int, int] | None:
        """The first and last year any capacity or status claim names."""
        years = [c.year for p in self.plants for c in p.capacity if c.year is not None]
        years += [s.year for p in self.plants for s in p.status_history if s.year is not None]
        return (min(years), max(years)) if years else None

    def as_dict(self) -> dict:
        return {"plants": [p.as_dict() for p in self.plants],
                "sources": {k: _plain(v) for k, v in sorted(self.sources.items())}}


# ---------------------------------------------------------------- queries


def _plain(value):
    """``dataclasses.asdict`` without its deep copies (ten times faster on thousands of plants)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in value.__dict__.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


_QUERY_DIR = "pictures/plant_queries"


def plant_query(name: str) -> QueryFile:
    """One of the ``.rq`` files of ``battery_kg/pictures/plant_queries`` (``sites``, ``site-statements``...)."""
    base = importlib_resources.files("battery_kg") / _QUERY_DIR
    return load_query(Path(str(base / f"{name}.rq")), f"battery_kg/{_QUERY_DIR}/{name}.rq")


@lru_cache(maxsize=None)
def _query_text(name: str) -> str:
    return sparql_prologue() + (importlib_resources.files("battery_kg") / _QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")


try:
    import pyoxigraph as _ox

    _OX_NAMED, _OX_LITERAL = _ox.NamedNode, _ox.Literal
except ImportError:  # pragma: no cover - pyoxigraph is a dependency
    _OX_NAMED = _OX_LITERAL = None


class Lit(NamedTuple):
    """A literal as the queries return it (IRIs come back as plain strings)."""

    value: str
    language: str | None = None
    datatype: str | None = None

    def __str__(self) -> str:
        return self.value


def _term(term):
    """A pyoxigraph or rdflib term as ``str`` (IRI, or ``_:id``), :class:`Lit` or None."""
    if term is None:
        return None
    cls = type(term)
    if cls is _OX_NAMED:
        return term.value
    if cls is _OX_LITERAL:
        return Lit(term.value, term.language, term.datatype.value if term.datatype else None)
    if isinstance(term, Literal):
        return Lit(str(term), term.language, str(term.datatype) if term.datatype else None)
    kind = type(term).__name__
    if kind == "Literal":  # pyoxigraph
        return Lit(term.value, term.language, term.datatype.value if term.datatype else None)
    if kind == "BlankNode":
        return f"_:{term.value}"
    return term.value if hasattr(term, "value") else str(term)


def _rows(store, name: str) -> list[tuple]:
    raw = getattr(store, "raw", None)
    if raw is not None:  # an Oxigraph store: read its terms directly, without making rdflib terms
        solutions = raw.query(_query_text(name), use_default_graph_as_union=True)
        width = len(solutions.variables)
        return [tuple(_term(sol[i]) for i in range(width)) for sol in solutions]
    return [tuple(_term(t) for t in row) for row in store.query(_query_text(name)).rows]


def _open_store(project):
    """The loaded project's in-memory Oxigraph store."""
    return project.store


@lru_cache(maxsize=None)
def curie(iri: str) -> str:
    return _curie(iri)


def plant_set_from_files(paths=None, root=None) -> PlantSet:
    """The plants of the project's data files (or ``paths``), read under the same input contract as
    ``validate`` into an in-memory Oxigraph store (:func:`battery_kg.stores.open.open_store`) and queried there.

    Raises :class:`battery_kg.errors.InputError` (``file:line:col``) for a file that does not parse.
    """
    from battery_kg.stores.open import open_store

    return plant_set(None, store=open_store(root=root, paths=paths))


def _year(value) -> int | None:
    if value is None:
        return None
    match = re.match(r"^-?(\d{4})", str(value))
    return int(match.group(1)) if match else None


def _number(value) -> float | None:
    if not isinstance(value, Lit):
        return None
    try:
        return float(value.value)
    except ValueError:
        return None


class _Labels:
    def __init__(self, rows) -> None:
        best: dict[str, tuple[int, str]] = {}
        for x, label in rows:
            if not isinstance(label, Lit):
                continue
            rank = 0 if label.language == "en" else 1 if label.language is None else 2
            key = str(x)
            if key not in best or (rank, str(label)) < best[key]:
                best[key] = (rank, str(label))
        self._best = {k: v for k, (_, v) in best.items()}

    def __call__(self, node) -> str:
        if isinstance(node, Lit):
            return node.value
        return self._best.get(node) or curie(node)

    def ref(self, node) -> Ref:
        return Ref(curie(node), node, self(node))


def _group(rows) -> dict[str, dict[str, list[tuple]]]:
    """``subject -> predicate -> [(object, graph)]`` from rows of (subject, predicate, object, graph)."""
    out: dict[str, dict[str, list[tuple]]] = {}
    for s, p, o, g in rows:
        out.setdefault(str(s), {}).setdefault(str(p), []).append((o, g))
    return out


def _first(props: dict, predicate) -> object | None:
    values = sorted(props.get(str(predicate), ()), key=lambda v: str(v[0]))
    return values[0][0] if values else None


def _sources_of(props: dict, predicates, graph_sources: dict[str, list[str]]) -> list[str]:
    out = set()
    for predicate in predicates:
        for _o, g in props.get(str(predicate), ()):
            out.update(graph_sources.get(str(g), ()))
    return sorted(out)


def plant_set(project, store=None) -> PlantSet:
    """Read every plant of ``project`` (a loaded project) from ``store`` (default: an in-memory
    Oxigraph store made from the project)."""
    if store is None:
        store = _open_store(project)
    labels = _Labels(_rows(store, "labels"))
    graph_sources: dict[str, list[str]] = {}
    sources: dict[str, Source] = {}
    for g, src, kind, title, url, publisher, date in _rows(store, "sources"):
        graph_sources.setdefault(str(g), [])
        sid = curie(src)
        if sid not in graph_sources[str(g)]:
            graph_sources[str(g)].append(sid)
        entry = sources.setdefault(sid, Source(sid, str(src), str(title) if title else labels(src)))
        entry.url = entry.url or (str(url) if url else None)
        entry.publisher = entry.publisher or (labels(publisher) if publisher else None)
        entry.date = entry.date or (str(date) if date else None)
        if kind is not None and (entry.kind is None or str(kind) != _P_SourceDocument):
            entry.kind = labels(kind)
    for g in graph_sources:
        graph_sources[g].sort()

    places = _group(_rows(store, "places"))
    sites = _group(_rows(store, "sites"))
    statements: dict[str, dict[str, list[tuple]]] = {}
    statements_of: dict[str, list[str]] = {}
    for stmt, site, p, o, g in _rows(store, "site-statements"):
        statements.setdefault(str(stmt), {}).setdefault(str(p), []).append((o, g))
        bucket = statements_of.setdefault(str(site), [])
        if not bucket or bucket[-1] != str(stmt):
            bucket.append(str(stmt))
    products: dict[str, list[tuple]] = {}
    for site, _product, technology, g in _rows(store, "products"):
        products.setdefault(str(site), []).append((technology, g))

    plants = []
    for site_iri, props in sorted(sites.items()):
        plants.append(_plant(site_iri, props, places, statements, statements_of.get(site_iri, []),
                             products.get(site_iri, []), labels, graph_sources))
    used = {s for p in plants for s in p.sources}
    return PlantSet(plants, {k: v for k, v in sorted(sources.items()) if k in used})


def _chain(place: str | None, places: dict) -> list[str]:
    """``place`` and the places it lies in, nearest first (cycles cut)."""
    out = []
    while place and place not in out:
        out.append(place)
        parent = _first(places.get(place, {}), _P_locatedIn)
        place = str(parent) if parent is not None else None
    return out


def _plant(iri, props, places, statements, stmt_ids, products, labels, graph_sources) -> Plant:
    types = sorted(str(o) for o, _ in props.get(_RDF_TYPE, ()))
    kind_class = min((t for t in types if t in KINDS), key=_PRIORITY.index, default=_P_Site)
    kind, kind_label = KINDS[kind_class]
    place = _first(props, _P_locatedIn)
    chain = _chain(str(place) if place is not None else None, places)

    lat, lon, position_from = _number(_first(props, _P_latitude)), _number(_first(props, _P_longitude)), None
    if lat is not None and lon is not None:
        position_from = curie(iri)
    else:
        lat = lon = None
        for p in chain:
            plat, plon = _number(_first(places.get(p, {}), _P_latitude)), _number(_first(places.get(p, {}), _P_longitude))
            if plat is not None and plon is not None:
                lat, lon, position_from = plat, plon, curie(p)
                break
    country = next((p for p in chain if any(str(o) == _P_Country for o, _ in places.get(p, {}).get(_RDF_TYPE, ()))), None)

    technologies = {str(o): o for o, _ in props.get(_P_technology, ())}
    technologies.update({str(t): t for t, _ in products})
    fact_sources = {
        "operator": _sources_of(props, [_P_operatedBy], graph_sources),
        "place": _sources_of(props, [_P_locatedIn], graph_sources),
        "kind": _sources_of(props, [_RDF_TYPE], graph_sources),
        "technology": sorted(set(_sources_of(props, [_P_technology], graph_sources))
                             | {s for _t, g in products for s in graph_sources.get(str(g), ())}),
        "position": (_sources_of(props, [_P_latitude, _P_longitude], graph_sources) if position_from == curie(iri)
                     else _sources_of(places.get(_expand(position_from), {}), [_P_latitude, _P_longitude], graph_sources)
                     if position_from else []),
    }
    cited: set[str] = {s for group in fact_sources.values() for s in group}

    capacity, history, milestones, customers, energy = [], [], [], [], []
    for sid in stmt_ids:
        sp = statements[sid]
        stypes = {str(o) for o, _ in sp.get(_RDF_TYPE, ())}
        srcs = _sources_of(sp, list(sp), graph_sources)
        cited.update(srcs)
        status = _first(sp, _P_status)
        status_args = dict(status=curie(status) if status is not None else None,
                           status_label=labels(status) if status is not None else None)
        date = _first(sp, _P_date) or _first(sp, _P_sinceYear) or _first(sp, _P_dateAsStated)
        if _P_CapacityStatement in stypes and _number(_first(sp, _P_value)) is not None:
            unit = _first(sp, _P_unit)
            precision = _first(sp, _P_precision)
            value_sources = _sources_of(sp, [_P_value], graph_sources)
            year_sources = _sources_of(sp, [_P_year], graph_sources)
            horizon = _first(sp, _P_horizon)
            capacity.append(CapacityClaim(
                statement=curie(sid), label=labels(sid), value=_number(_first(sp, _P_value)),
                unit=curie(unit) if unit is not None else None,
                unit_label=UNITS.get(str(unit), labels(unit) if unit is not None else ""),
                year=_year(_first(sp, _P_year)), horizon=labels(horizon) if horizon is not None else None,
                precision=curie(precision) if precision is not None else None,
                precision_label=labels(precision) if precision is not None else None,
                sources=value_sources, year_sources=[s for s in year_sources if s not in value_sources],
                **status_args))
        elif _P_SiteStatusStatement in stypes and _first(sp, _P_siteStatus) is not None:
            st = _first(sp, _P_siteStatus)
            d = _first(sp, _P_date)
            history.append(StatusClaim(curie(sid), curie(st), labels(st), str(d) if d is not None else None,
                                       _year(d), srcs))
        else:
            if _P_Milestone in stypes:
                bucket, kind_name, detail_props = milestones, "milestone", (_P_milestoneType,)
            elif _P_Supply in stypes:
                bucket, kind_name, detail_props = customers, "customer", (_P_customer, _P_customerProduct, _P_suppliedProduct)
            elif _P_EnergySupply in stypes:
                bucket, kind_name, detail_props = energy, "energy", (_P_energySource, _P_deliveryMode, _P_deliveredVia)
            else:
                continue
            roles = {}
            for prop in detail_props:
                refs = [labels.ref(o) for o, _ in sorted(sp.get(str(prop), ()), key=lambda v: str(v[0])) if isinstance(o, str)]
                if refs:
                    roles[str(prop)[len(_BKG):]] = list(dict.fromkeys(refs))
            details = [r for refs in roles.values() for r in refs]
            bucket.append(Event(curie(sid), labels(sid), kind_name,
                                str(date) if date is not None else None, _year(date), details=details, sources=srcs,
                                roles=roles, **status_args))

    logistics = []
    for holder, hprops in [(iri, props)] + [(p, places.get(p, {})) for p in chain]:
        for mode, g in sorted(hprops.get(_P_servedByTransportMode, ()), key=lambda v: (str(v[0]), str(v[1]))):
            srcs = graph_sources.get(str(g), [])
            cited.update(srcs)
            via = "" if holder == iri else f" (serves {labels(holder)})"
            logistics.append(Event(curie(mode), labels(mode) + via, "logistics", details=[labels.ref(holder)],
                                   sources=list(srcs)))

    capacity.sort(key=lambda c: (c.year is None, c.year or 0, c.value, c.statement))
    history.sort(key=lambda s: (s.year is None, s.date or "", s.statement))
    for bucket in (milestones, customers, energy):
        bucket.sort(key=lambda e: (e.date is None, e.date or "", e.label))
    return Plant(
        id=curie(iri), iri=iri, label=labels(iri), type=curie(kind_class), kind=kind,
        kind_label=kind_label,
        operators=sorted({labels.ref(o) for o, _ in props.get(_P_operatedBy, ())}, key=lambda r: r.label),
        place=labels.ref(place) if place is not None else None,
        country=labels.ref(country) if country else None,
        lat=lat, lon=lon, position_from=position_from,
        technologies=sorted((labels.ref(t) for t in technologies.values()), key=lambda r: r.label),
        capacity=capacity, status_history=history, milestones=milestones, customers=customers, energy=energy,
        logistics=logistics, sources=sorted(cited), fact_sources=fact_sources,
    )


def _expand(curie_text: str) -> str:
    from battery_kg.namespaces import PREFIXES

    prefix, _, local = curie_text.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie_text


__all__ = ["CapacityClaim", "Event", "KINDS", "Plant", "PlantSet", "Ref", "STATUSES", "Source", "StatusClaim",
           "Lit", "UNITS", "plant_query", "plant_set", "plant_set_from_files"]
