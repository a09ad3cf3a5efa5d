"""A synthetic but realistic battery supply chain in the project's own vocabulary, for scale tests.

Companies are spread over seven tiers (mines, refineries, cathode plants, anode plants, cell
gigafactories, pack plants, car makers). Each operates sites in synthetic towns (with coordinates),
of the kinds the plant contract names (``bkg:Gigafactory`` for cells, ``bkg:MaterialsPlant`` for
refining and electrode materials, ``bkg:RecyclingPlant`` for every second refinery site), with a
product, capacities that grow by year (GWh for cells and packs, tonnes for materials and recycling),
a status history (announced, under construction, operating; about 5% paused and 3% cancelled since),
milestones in order, energy supply through a grid connection, transport
modes and jobs; each site supplies its product to companies of the next tier (``bkg:Supply``), and car
makers sell vehicle models that take the packs. Every company's facts live in their own named graph,
stated by a (synthetic) news article declared in ``graph/sources.trig``, as in the real graph.

The output conforms to the shapes and depends only on ``companies`` and ``seed``; ``inject`` adds known
violations, listed with their focus nodes in ``injected.json`` so that tests can check they are found.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> summary = generate(out, companies=7, seed=1)
>>> summary.companies, summary.triples > 500, (out / "graph" / "sources.trig").is_file()
(7, True, True)
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from battery_kg.atomic import atomic_write_text
from battery_kg.errors import UsageError
from battery_kg.progress import bar

TIERS = ("mine", "refinery", "cathode", "anode", "cell", "pack", "carmaker")
TIER_LABEL = {
    "mine": "lithium mine", "refinery": "lithium refinery", "cathode": "cathode material plant",
    "anode": "anode material plant", "cell": "cell gigafactory", "pack": "battery pack plant",
    "carmaker": "vehicle assembly plant",
}
NEXT_TIER = {"mine": ("refinery",), "refinery": ("cathode", "anode"), "cathode": ("cell",), "anode": ("cell",),
             "cell": ("pack",), "pack": ("carmaker",), "carmaker": ()}

VIOLATIONS = {
    "capacity-decrease": "a capacity that falls from one year to the next (SPARQL constraint bksh:CapacityNotDecreasing)",
    "milestone-order": "mass production dated before construction start (SPARQL constraint bksh:MilestoneOrder)",
    "missing-operator": "a site with no bkg:operatedBy",
    "bad-unit": "a capacity in a unit other than GWh, MWh or tonnes (kW, a power)",
    "missing-label": "a company with no rdfs:label",
}
"""Kinds of violation ``inject`` can add, with what each one is."""
COMPONENTS = {
    "capacity-decrease": "sh:SPARQLConstraintComponent", "milestone-order": "sh:SPARQLConstraintComponent",
    "missing-operator": "sh:MinCountConstraintComponent", "bad-unit": "sh:InConstraintComponent",
    "missing-label": "sh:MinCountConstraintComponent",
}
"""The constraint component that must report each kind."""

CONTINENT = "europe"
COUNTRIES = ("france", "germany", "spain", "poland", "sweden", "hungary", "italy", "portugal", "finland", "czechia")
TECHNOLOGIES = ("lithium-ion", "solid-state", "solid-state-lithium-ceramic")
ATTRIBUTES = ("low-carbon", "high-performance", "safety", "energy-density", "manufacturability")
TRANSPORT = ("maritime", "rail", "road", "inland-waterway", "multimodal")
FILES_PER = 200
"""Companies per data file (so that no file grows to thousands of lines)."""

PREFIXES = """@prefix bkg:     <https://w3id.org/battery-kg/def#> .
@prefix bkr:     <https://w3id.org/battery-kg/id/> .
@prefix bkv:     <https://w3id.org/battery-kg/vocab/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""


@dataclass
class Summary:
    """What was generated: counts, files and the injected violations (kind, focus node IRI)."""

    companies: int
    sites: int = 0
    triples: int = 0
    files: list[Path] = field(default_factory=list)
    injected: list[dict] = field(default_factory=list)


def parse_inject(spec: str | None) -> dict[str, int]:
    """``kind=K,kind=K`` (or ``K`` alone: that many of every kind) as {kind: count}.

    >>> parse_inject("capacity-decrease=2,missing-label=1")
    {'capacity-decrease': 2, 'missing-label': 1}
    >>> sorted(parse_inject("1"))[:2]
    ['bad-unit', 'capacity-decrease']
    """
    if not spec:
        return {}
    if spec.strip().isdigit():
        return {kind: int(spec) for kind in VIOLATIONS}
    out: dict[str, int] = {}
    for part in spec.split(","):
        kind, _, count = part.strip().partition("=")
        if kind not in VIOLATIONS:
            raise UsageError(f"unknown violation kind {kind!r}", hint="expected one of " + ", ".join(VIOLATIONS))
        try:
            out[kind] = int(count or 1)
        except ValueError:
            raise UsageError(f"bad count {count!r} for {kind}", hint="write kind=N") from None
    return out


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.triples = 0

    def subject(self, iri: str, *pairs: tuple[str, str | list[str]]) -> None:
        body = []
        for p, o in pairs:
            objects = o if isinstance(o, list) else [o]
            if not objects:
                continue
            self.triples += len(objects)
            body.append(f"{p} {' , '.join(objects)}")
        self.lines.append(f"    {iri} " + " ;\n        ".join(body) + " .\n")


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@en'


def generate(out: str | Path, companies: int = 20, seed: int = 0, inject: dict[str, int] | None = None) -> Summary:
    """Write ``out/graph/{sources,places}.trig`` and ``out/graph/organisations/part-NNNN.trig``."""
    if companies < len(TIERS):
        raise UsageError(f"--companies must be at least {len(TIERS)} (one per tier)")
    rng = random.Random(seed)
    inject = dict(inject or {})
    out = Path(out)
    graph_dir = out / "graph"
    summary = Summary(companies)

    # ---- companies by tier, deterministic
    plan = [TIERS[i % len(TIERS)] for i in range(companies)]
    names = [f"gen-{tier}-{i:06d}" for i, tier in enumerate(plan)]
    by_tier: dict[str, list[int]] = {t: [i for i, x in enumerate(plan) if x == t] for t in TIERS}
    rank_in_tier = {i: m for members in by_tier.values() for m, i in enumerate(members)}

    # ---- places: countries, 3 regions each, towns
    places = _Writer()
    n_towns = max(10, companies // 2)
    towns = []
    for c in COUNTRIES:
        places.subject(f"bkr:{c}", ("a", "bkg:Country"), ("rdfs:label", _lit(c.title())), ("bkg:locatedIn", f"bkr:{CONTINENT}"))
        for r in range(3):
            places.subject(f"bkr:gen-{c}-region-{r}", ("a", "bkg:Region"), ("rdfs:label", _lit(f"{c.title()} region {r}")),
                           ("bkg:locatedIn", f"bkr:{c}"))
    for t in range(n_towns):
        c = COUNTRIES[t % len(COUNTRIES)]
        town = f"bkr:gen-town-{t:06d}"
        towns.append((town, c))
        places.subject(town, ("a", "bkg:Town"), ("rdfs:label", _lit(f"Town {t}")),
                       ("bkg:locatedIn", f"bkr:gen-{c}-region-{t % 3}"),
                       ("bkg:latitude", f"{rng.uniform(37, 65):.3f}"), ("bkg:longitude", f"{rng.uniform(-8, 28):.3f}"),
                       ("bkg:coordinatePrecision", "bkv:town-centre"))
    grid_operators = {c: f"bkr:gen-grid-operator-{c}" for c in COUNTRIES}

    # ---- which (company, site) gets which injected violation
    targets: dict[tuple[int, str], str] = {}
    order = list(range(companies))
    rng.shuffle(order)
    slots = iter(order)
    for kind, count in sorted(inject.items()):
        for _ in range(count):
            try:
                targets[(next(slots), kind)] = kind
            except StopIteration:
                raise UsageError("more violations asked for than there are companies") from None
    injected_at = {i: kind for (i, kind) in targets}

    sources = _Writer()
    site_lists: list[list[tuple[str, str]]] = [[] for _ in range(companies)]  # (site IRI, product IRI)
    parts: list[list[str]] = []
    chunk: list[str] = []
    triples = 0
    used_countries: set[str] = set()
    with bar(total=companies, desc="generate", unit="company") as progress:
        # sites first, so that supplies can point downstream
        n_sites = [1 + rng.randrange(3) for _ in range(companies)]
        for i in range(companies):
            site_lists[i] = [(f"bkr:{names[i]}-site-{k}", f"bkr:{names[i]}-product") for k in range(n_sites[i])]
        for i in range(companies):
            w = _Writer()
            tier, name, kind = plan[i], names[i], injected_at.get(i)
            graph = f"bkr:graph-{name}"
            source = f"bkr:source-{name}"
            company = f"bkr:{name}"
            label = f"{tier.title()} company {i}"
            classes = ["bkg:Company", "bkg:Customer"] if tier != "mine" else ["bkg:Company"]
            if kind == "missing-label":
                w.subject(company, ("a", classes))
                summary.injected.append({"kind": kind, "focus": _iri(company)})
            else:
                w.subject(company, ("a", classes), ("rdfs:label", _lit(label)))
            product = f"bkr:{name}-product"
            w.subject(product, ("a", "bkg:BatteryProduct"), ("rdfs:label", _lit(f"{label} {TIER_LABEL[tier]} output")),
                      ("bkg:technology", f"bkv:{rng.choice(TECHNOLOGIES)}"),
                      ("bkg:productAttribute", f"bkv:{rng.choice(ATTRIBUTES)}"),
                      ("bkg:application", "bkv:electric-vehicles"))
            for k, (site, _) in enumerate(site_lists[i]):
                town, country = towns[rng.randrange(len(towns))]
                used_countries.add(country)
                site_class = _site_class(tier, k)
                unit = "unit:TONNE" if site_class in ("bkg:MaterialsPlant", "bkg:RecyclingPlant") else "unit:GigaW-HR"
                pairs = [("a", site_class), ("rdfs:label", _lit(f"{label} {TIER_LABEL[tier]} {k}"))]
                if not (kind == "missing-operator" and k == 0):
                    pairs.append(("bkg:operatedBy", company))
                else:
                    summary.injected.append({"kind": kind, "focus": _iri(site)})
                pairs += [("bkg:locatedIn", town), ("bkg:produces", product), ("bkg:application", "bkv:electric-vehicles"),
                          ("bkg:servedByTransportMode", [f"bkv:{m}" for m in sorted(rng.sample(TRANSPORT, 2))])]
                w.subject(site, *pairs)
                summary.sites += 1
                # capacities by year, growing
                start = 2024 + rng.randrange(4)
                value = round(rng.uniform(0.5, 20), 1) * (2000 if unit == "unit:TONNE" else 1)
                for year in range(start, 2031, 2):
                    cap = f"{site}-capacity-{year}"
                    shown, shown_unit = value, unit
                    if kind == "capacity-decrease" and k == 0 and year == start + 2:
                        shown = round(value / 4, 1)
                        summary.injected.append({"kind": kind, "focus": _iri(cap)})
                    if kind == "bad-unit" and k == 0 and year == start:
                        shown_unit = "unit:KiloW"  # a power, not an energy: never a capacity unit (tonnes are, for materials)
                        summary.injected.append({"kind": kind, "focus": _iri(cap)})
                    w.subject(cap, ("a", "bkg:CapacityStatement"), ("rdfs:label", _lit(f"capacity of {label} site {k} in {year}")),
                              ("bkg:site", site), ("bkg:value", f"{shown:.1f}"), ("bkg:unit", shown_unit),
                              ("bkg:year", f'"{year}"^^xsd:gYear'), ("bkg:precision", "bkv:exact"),
                              ("bkg:status", "bkv:operational" if year <= 2025 else "bkv:planned"))
                    value = round(value * rng.uniform(1.1, 1.8), 1)
                # milestones in order: construction, mass production
                build = start - 2
                produce = start
                if kind == "milestone-order" and k == 0:
                    produce = build - 1
                for mtype, year in (("construction-start", build), ("mass-production-start", produce)):
                    m = f"{site}-milestone-{mtype}"
                    if kind == "milestone-order" and k == 0 and mtype == "mass-production-start":
                        summary.injected.append({"kind": kind, "focus": _iri(m)})
                    w.subject(m, ("a", "bkg:Milestone"), ("rdfs:label", _lit(f"{mtype.replace('-', ' ')} of {label} site {k}")),
                              ("bkg:site", site), ("bkg:milestoneType", f"bkv:{mtype}"),
                              ("bkg:date", f'"{year}"^^xsd:gYear'), ("bkg:datePrecision", "time:unitYear"),
                              ("bkg:status", "bkv:achieved" if year <= 2025 else "bkv:planned"))
                # status history (the contract's bkg:SiteStatusStatement): announced, building, operating;
                # a few plants paused or cancelled since
                fate = rng.random()
                history = [("announced", build - 1), ("under-construction", build)]
                if produce <= 2025:
                    history.append(("operating", produce))
                if fate < 0.05:
                    history.append(("paused", 2025))
                elif fate < 0.08:
                    history.append(("cancelled", 2025))
                for status, year in history:
                    w.subject(f"{site}-status-{status}", ("a", "bkg:SiteStatusStatement"),
                              ("rdfs:label", _lit(f"{label} site {k} {status.replace('-', ' ')} in {year}")),
                              ("bkg:site", site), ("bkg:siteStatus", f"bkv:{status}"),
                              ("bkg:date", f'"{year}"^^xsd:gYear'), ("bkg:datePrecision", "time:unitYear"))
                # energy
                conn = f"{site}-grid-connection"
                w.subject(f"{site}-energy", ("a", "bkg:EnergySupply"), ("rdfs:label", _lit(f"energy supply of {label} site {k}")),
                          ("bkg:site", site), ("bkg:energySource", "bkv:carbon-free"), ("bkg:deliveryMode", "bkv:grid-connection"),
                          ("bkg:deliveredVia", conn), ("bkg:status", "bkv:planned"))
                w.subject(conn, ("a", "bkg:GridConnection"), ("rdfs:label", _lit(f"grid connection of {label} site {k}")),
                          ("bkg:managedBy", grid_operators[country]))
                # jobs
                w.subject(f"{site}-jobs", ("a", "bkg:EmploymentStatement"), ("rdfs:label", _lit(f"direct jobs at {label} site {k}")),
                          ("bkg:site", site), ("bkg:jobKind", "bkv:direct-jobs"), ("bkg:value", f"{rng.randrange(50, 3000)}.0"),
                          ("bkg:unit", "unit:NUM"), ("bkg:precision", "bkv:about"), ("bkg:status", "bkv:planned"))
                # supplies to the next tier
                # The m-th company of a tier supplies the m-th and (m+1)-th of the next (by position, modulo
                # the pool): every tier has at least as many companies as the next, so every customer gets
                # a supply at any size. (Indexing by i * 7 instead skipped most customers whenever the
                # pool size was a multiple of 7: 592 customers without supply at 5,500 companies.)
                m = rank_in_tier[i]
                for nxt in NEXT_TIER[tier]:
                    pool = by_tier[nxt]
                    for c in sorted({pool[(m + k * 13 + j) % len(pool)] for j in range(2)}):
                        sup = f"{site}-supply-{names[c]}"
                        pairs = [("a", "bkg:Supply"), ("rdfs:label", _lit(f"{label} site {k} supplies {nxt} company {c}")),
                                 ("bkg:site", site), ("bkg:suppliedProduct", product), ("bkg:customer", f"bkr:{names[c]}"),
                                 ("bkg:sinceYear", f'"{start}"^^xsd:gYear'), ("bkg:status", "bkv:planned")]
                        w.subject(sup, *pairs)
            if tier == "carmaker":
                vehicle = f"bkr:{name}-vehicle"
                w.subject(vehicle, ("a", "bkg:Vehicle"), ("rdfs:label", _lit(f"{label} electric car")),
                          ("bkg:manufacturer", company), ("bkg:application", "bkv:electric-vehicles"))
            elif tier == "pack":
                maker = by_tier["carmaker"][rank_in_tier[i] % len(by_tier["carmaker"])]
                site, product = site_lists[i][0]
                w.subject(f"{site}-supply-vehicle", ("a", "bkg:Supply"),
                          ("rdfs:label", _lit(f"{label} packs for the {names[maker]} car")),
                          ("bkg:site", site), ("bkg:suppliedProduct", product), ("bkg:customer", f"bkr:{names[maker]}"),
                          ("bkg:customerProduct", f"bkr:{names[maker]}-vehicle"), ("bkg:sinceYear", '"2027"^^xsd:gYear'),
                          ("bkg:status", "bkv:planned"))
            triples += w.triples
            chunk.append(f"bkr:graph-{name} {{\n\n" + "\n".join(w.lines) + "}\n")
            sources.subject(source, ("a", "bkg:NewsArticle"), ("rdfs:label", _lit(f"article about {label}")),
                            ("bkg:title", _lit(f"{label} announces its {TIER_LABEL[tier]} plans")),
                            ("bkg:publisher", "bkr:gen-news-publisher"), ("bkg:relaysAnnouncementOf", company),
                            ("bkg:publicationYear", '"2025"^^xsd:gYear'),
                            ("bkg:localCopy", f'"sources/{name}.txt"'))
            sources.subject(graph, ("a", "bkg:FactGraph"), ("rdfs:label", _lit(f"facts stated by the article about {label}")),
                            ("bkg:statedBy", source))
            if len(chunk) == FILES_PER:
                parts.append(chunk)
                chunk = []
            progress.update(1)
    if chunk:
        parts.append(chunk)

    # ---- shared things: continent, grid operators, the publisher, the gazetteer source
    sources.subject("bkr:gen-news-publisher", ("a", "bkg:Organisation"), ("rdfs:label", _lit("synthetic news publisher")))
    sources.subject("bkr:source-gen-gazetteer", ("a", "bkg:EditorialNote"), ("rdfs:label", _lit("synthetic gazetteer")),
                    ("bkg:title", _lit("battery-kg generator: synthetic places and grid operators")),
                    ("bkg:publisher", "bkr:gen-news-publisher"),
                    ("bkg:method", _lit(f"Generated by battery-kg generate (companies={companies}, seed={seed}).")))
    sources.subject("bkr:source-gen-catalogue", ("a", "bkg:EditorialNote"), ("rdfs:label", _lit("synthetic source catalogue")),
                    ("bkg:title", _lit("battery-kg generator: catalogue of synthetic sources")),
                    ("bkg:publisher", "bkr:gen-news-publisher"),
                    ("bkg:method", _lit("Declares each synthetic article and the fact graph that holds what it states.")))
    sources.subject("bkr:graph-gen-gazetteer", ("a", "bkg:FactGraph"), ("rdfs:label", _lit("synthetic places")),
                    ("bkg:statedBy", "bkr:source-gen-gazetteer"))
    sources.subject("bkr:graph-gen-catalogue", ("a", "bkg:FactGraph"), ("rdfs:label", _lit("synthetic source catalogue")),
                    ("bkg:statedBy", "bkr:source-gen-catalogue"))
    places.subject(f"bkr:{CONTINENT}", ("a", "bkg:Continent"), ("rdfs:label", _lit("Europe")))
    for c, op in sorted(grid_operators.items()):
        if c not in used_countries:
            continue
        places.subject(op, ("a", "bkg:GridOperator"), ("rdfs:label", _lit(f"grid operator of {c.title()}")))

    files: list[tuple[Path, str]] = [
        (graph_dir / "sources.trig", "# Synthetic sources and their fact graphs.\n" + PREFIXES +
         "\nbkr:graph-gen-catalogue {\n\n" + "\n".join(sources.lines) + "}\n"),
        (graph_dir / "places.trig", "# Synthetic places and grid operators.\n" + PREFIXES +
         "\nbkr:graph-gen-gazetteer {\n\n" + "\n".join(places.lines) + "}\n"),
    ]
    for n, part in enumerate(parts):
        files.append((graph_dir / "organisations" / f"part-{n:04d}.trig",
                      f"# Synthetic companies, part {n}.\n" + PREFIXES + "\n" + "\n".join(part)))
    for path, text in files:
        atomic_write_text(path, text)
        summary.files.append(path)
    summary.triples = triples + sources.triples + places.triples
    for entry in summary.injected:
        entry["component"] = COMPONENTS[entry["kind"]]
    summary.injected.sort(key=lambda d: (d["kind"], d["focus"]))
    atomic_write_text(out / "injected.json", json.dumps(summary.injected, indent=2) + "\n")
    return summary


def _site_class(tier: str, k: int) -> str:
    """The contract's site kinds: cell gigafactories; refineries, cathode and anode plants make
    materials, and every second refinery site recycles; the others are production sites."""
    if tier == "cell":
        return "bkg:Gigafactory"
    if tier == "refinery" and k % 2 == 1:
        return "bkg:RecyclingPlant"
    if tier in ("refinery", "cathode", "anode"):
        return "bkg:MaterialsPlant"
    return "bkg:ProductionSite"


def _iri(curie: str) -> str:
    return "https://w3id.org/battery-kg/id/" + curie.split(":", 1)[1]


__all__ = ["VIOLATIONS", "Summary", "generate", "parse_inject"]
