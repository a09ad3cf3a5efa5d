"""The explorer: one self-contained HTML page, offline, whose first screen is a map of the plants.

Tab 1, **Map**: Europe's country outlines (:mod:`battery_kg.pictures.basemap`, shipped in the package) drawn as
SVG, each plant (:mod:`battery_kg.pictures.plants`) at its coordinates, sized by its capacity in the year the
slider names, coloured by its status that year and shaped by its kind; filters by company, country,
technology, status and kind; a search; a click opens the plant's card (operator, capacity over the
years as a small chart, every claim with its source, milestones, customers, energy, logistics).

Tab 2, **Network**: the supply chain around the plants (company, plant, town, country, customer; a
plant's suppliers are the plants whose customer is its company), statements folded into the plants
they describe, relations named both ways ("located in" / "location of"). Drawn with
`vis-network <https://visjs.github.io/vis-network/>`_ (the copy the ``pyvis`` wheel ships, inlined;
built only when the tab is first opened). Positions are computed here, without scipy: each node is
wanted at a geographic position (plants and towns at their coordinates, a company at the mean of its
plants, a country at the mean of its towns...), relaxed by networkx's spring layout up to
:data:`SPRING_LIMIT` nodes, then put in the free grid cell nearest to it, so the layout is linear in the
number of nodes above that, deterministic, and labels do not overlap.

The page loads nothing: no script, style sheet, font or image from the network (a
Content-Security-Policy forbids it and :func:`assert_offline` checks the output before it is written).

>>> class_style("bkg:Gigafactory")["shape"]
'box'
>>> class_style("bkg:SomethingNew") == class_style("bkg:SomethingNew")
True
>>> relation_names("operatedBy")
('operated by', 'operator of')
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from importlib import resources as importlib_resources
from pathlib import Path

import networkx as nx

from battery_kg.atomic import atomic_write_text
from battery_kg.pictures.basemap import WINDOW as MAP_WINDOW, country_paths, project as project_point
from battery_kg.errors import BatteryKGError
from battery_kg.pictures.plants import STATUSES, PlantSet, Ref, plant_set

VIS_VERSION = "9.1.2"

CLASS_STYLES: dict[str, tuple[str, str]] = {
    "bkg:Gigafactory": ("#d62728", "box"),
    "bkg:ProductionSite": ("#d62728", "box"),
    "bkg:ResearchCentre": ("#ff7f0e", "box"),
    "bkg:Site": ("#ff7f0e", "box"),
    "bkg:Company": ("#1f77b4", "ellipse"),
    "bkg:Customer": ("#17becf", "ellipse"),
    "bkg:GridOperator": ("#393b79", "ellipse"),
    "bkg:PublicAuthority": ("#6b6ecf", "ellipse"),
    "bkg:Organisation": ("#1f77b4", "ellipse"),
    "bkg:Person": ("#9467bd", "dot"),
    "bkg:BatteryProduct": ("#2ca02c", "hexagon"),
    "bkg:Vehicle": ("#8c564b", "hexagon"),
    "bkg:GridConnection": ("#bcbd22", "diamond"),
    "bkg:PowerPlant": ("#e7ba52", "triangle"),
    "bkg:Continent": ("#7f7f7f", "dot"),
    "bkg:Country": ("#7f7f7f", "dot"),
    "bkg:Region": ("#a5a5a5", "dot"),
    "bkg:Area": ("#c7c7c7", "dot"),
    "bkg:Town": ("#c7c7c7", "dot"),
    "bkg:Place": ("#c7c7c7", "dot"),
    "bkg:CapacityStatement": ("#e377c2", "square"),
    "bkg:EmploymentStatement": ("#f7b6d2", "square"),
    "bkg:FundingStatement": ("#ad494a", "square"),
    "bkg:ShipmentStatement": ("#ce6dbd", "square"),
    "bkg:ExperienceStatement": ("#de9ed6", "square"),
    "bkg:Milestone": ("#98df8a", "star"),
    "bkg:Supply": ("#31a354", "triangleDown"),
    "bkg:TechnologyTransfer": ("#fd8d3c", "triangleDown"),
    "bkg:EnergySupply": ("#e6550d", "triangleDown"),
    "bkg:RoleAssignment": ("#c5b0d5", "triangleDown"),
    "bkg:Endorsement": ("#c49c94", "triangleDown"),
    "skos:Concept": ("#dbdb8d", "text"),
    "bkg:NewsArticle": ("#525252", "database"),
    "bkg:EditorialNote": ("#525252", "database"),
}
"""Colour and vis-network shape for each class (by CURIE); others get a colour from their name."""

_FALLBACK_COLOURS = ("#637939", "#8ca252", "#b5cf6b", "#843c39", "#d6616b", "#7b4173", "#a55194", "#3182bd")


def class_style(type_curie: str) -> dict[str, str]:
    """``{"color": "#rrggbb", "shape": ...}`` for a class CURIE; stable for unknown classes too."""
    if type_curie in CLASS_STYLES:
        colour, shape = CLASS_STYLES[type_curie]
    else:
        digest = hashlib.sha256(type_curie.encode("utf-8")).digest()
        colour, shape = _FALLBACK_COLOURS[digest[0] % len(_FALLBACK_COLOURS)], "dot"
    return {"color": colour, "shape": shape}


def vis_assets() -> tuple[str, str]:
    """The vis-network script and style sheet shipped in the pyvis package, as text."""
    try:
        base = importlib_resources.files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}"
        script = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - a broken install
        raise BatteryKGError(f"cannot find vis-network {VIS_VERSION} in the pyvis package: {exc}",
                             hint="pip install 'pyvis==0.3.2'") from None
    # Source-map comments make browsers' developer tools fetch a .map file: drop them.
    script = re.sub(r"//# sourceMappingURL=\S+", "", script)
    css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
    return script, css


_NETWORK_REFERENCE = re.compile(
    r"""(?:<(?:script|img|iframe|link|source|video|audio|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\b)""",
    re.IGNORECASE,
)


def assert_offline(page: str) -> None:
    """Raise if ``page`` references anything on the network (a script, a style, a font, an image)."""
    match = _NETWORK_REFERENCE.search(page)
    if match:
        start = max(0, match.start() - 40)
        raise BatteryKGError(f"the explorer page would load from the network: ...{page[start:match.end() + 40]}...")


RELATIONS: dict[str, tuple[str, str]] = {
    "operatedBy": ("operated by", "operator of"),
    "locatedIn": ("located in", "location of"),
    "supplies": ("supplies", "supplied by"),
}
"""Relation key -> (forward words, reverse words): every edge reads in plain words both ways."""

NETWORK_STYLES: dict[str, tuple[str, str, str]] = {
    "cell": ("cell plant", "#c0392b", "dot"),
    "materials": ("materials plant", "#8e44ad", "square"),
    "recycling": ("recycling plant", "#27ae60", "triangle"),
    "research": ("R&D centre", "#e67e22", "diamond"),
    "production": ("production site", "#c0392b", "square"),
    "site": ("site", "#c0392b", "square"),
    "company": ("company", "#1f5fa8", "hexagon"),
    "town": ("town or area", "#9a9a9a", "dot"),
    "country": ("country", "#555555", "star"),
    "customer": ("customer", "#138d90", "triangleDown"),
}
"""Network node group -> (legend name, colour, vis-network shape); the legend draws the same shapes."""


def relation_names(key: str) -> tuple[str, str]:
    """The forward and reverse words of a relation."""
    return RELATIONS[key]


_CELL_W, _CELL_H = 240, 96
"""Grid cell of the network layout, in pixels: a 15 px label wrapped at 215 px, on up to three lines."""


_OFFSETS = sorted(((dx, dy) for dx in range(-40, 41) for dy in range(-120, 121)),
                  key=lambda d: ((d[0] * _CELL_W) ** 2 + (d[1] * _CELL_H) ** 2, d[1], d[0]))
"""Grid offsets nearest first (in pixels), for the search of a free cell."""


def _spiral(cx: int, cy: int):
    for dx, dy in _OFFSETS:
        yield cx + dx, cy + dy
    ring = 121
    while True:  # pragma: no cover - only for a crowd of more than 19,000 nodes in one spot
        for dx in range(-ring, ring + 1):
            yield cx + dx, cy - ring
            yield cx + dx, cy + ring
        ring += 1


def grid_layout(wanted: list[tuple[str, float, float]]) -> dict[str, tuple[int, int]]:
    """Positions (pixels) for ``(id, x_km, y_km)`` in placement order: each node takes the free grid
    cell nearest to its wanted position (scaled so the graph spreads over about three cells a node).

    >>> grid_layout([("a", 0, 0), ("b", 0, 0), ("c", 1000, 0)])
    {'a': (0, 0), 'b': (0, -96), 'c': (720, 0)}
    """
    if not wanted:
        return {}
    xs = [x for _, x, _ in wanted]
    ys = [y for _, _, y in wanted]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    side = (3 * len(wanted)) ** 0.5  # cells along a side
    fx, fy = side * _CELL_W / span, side * _CELL_H / span * 1.2
    taken: set[tuple[int, int]] = set()
    out = {}
    for nid, x, y in wanted:
        cx, cy = round(x * fx / _CELL_W), round(y * fy / _CELL_H)
        for cell in _spiral(cx, cy):
            if cell not in taken:
                taken.add(cell)
                out[nid] = (cell[0] * _CELL_W, cell[1] * _CELL_H)
                break
    return out


SPRING_LIMIT = 400
"""Up to this many nodes, a force-directed layout (networkx's, numpy only below 500 nodes) started from
the geographic positions relaxes the network before it is put on the grid; above it, geography alone."""


def _spring(known: list[tuple[str, float, float]], edges) -> list[tuple[str, float, float]]:
    graph = nx.Graph()
    graph.add_nodes_from(n for n, _, _ in known)
    graph.add_edges_from((a, b) for a, b, _ in edges)
    xs = [x for _, x, _ in known]
    ys = [y for _, _, y in known]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    start = {n: ((x - min(xs)) / span, (y - min(ys)) / span) for n, x, y in known}
    pos = nx.spring_layout(graph, pos=start, seed=7, iterations=80, k=1.6 / max(1, len(known)) ** 0.5)
    return [(n, float(pos[n][0]) * 1000, float(pos[n][1]) * 1000) for n, _, _ in known]


def network_data(plants: PlantSet, positions: dict[str, tuple[float, float]]) -> dict:
    """The plant-centred network: nodes (with group, label, position), edges (with both names and sources)."""
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], set[str]] = {}
    wanted: dict[str, list[tuple[float, float]]] = {}

    rank = {"company": 1, "country": 2, "town": 3, "customer": 4}  # plants 0: a customer that runs plants is a company

    def node(ref: Ref, group: str, at: tuple[float, float] | None) -> str:
        entry = nodes.setdefault(ref.id, {"id": ref.id, "label": ref.label, "group": group})
        if rank.get(group, 0) < rank.get(entry["group"], 0):
            entry["group"] = group
        if at is not None:
            wanted.setdefault(ref.id, []).append(at)
        return ref.id

    def edge(a: str, b: str, key: str, sources) -> None:
        edges.setdefault((a, b, key), set()).update(sources)

    for p in plants.plants:
        at = positions.get(p.id)
        plant = node(Ref(p.id, p.iri, p.label), p.kind, at)
        nodes[plant]["plant"] = True
        for op in p.operators:
            edge(plant, node(op, "company", at), "operatedBy", p.fact_sources.get("operator", []))
        if p.place is not None:
            town = node(p.place, "town", at)
            edge(plant, town, "locatedIn", p.fact_sources.get("place", []))
            if p.country is not None and p.country.id != p.place.id:
                edge(town, node(p.country, "country", at), "locatedIn", [])
        elif p.country is not None:
            edge(plant, node(p.country, "country", at), "locatedIn", p.fact_sources.get("place", []))
        for c in p.customers:
            for role in ("customer", "customerProduct"):
                for ref in c.roles.get(role, []):
                    edge(plant, node(ref, "customer", at), "supplies", c.sources)
    order = {"cell": 0, "materials": 0, "recycling": 0, "research": 0, "production": 0, "site": 0,
             "company": 1, "town": 2, "country": 3, "customer": 4, "supplier": 5}
    known = [(nid, sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts))
             for nid, pts in wanted.items()]
    known.sort(key=lambda t: (order.get(nodes[t[0]]["group"], 9), t[0]))
    unplaced = sorted(n for n in nodes if n not in wanted)
    if known:
        right = max(x for _, x, _ in known) + 400
        known += [(n, right, 0.0) for n in unplaced]
    else:
        known = [(n, 0.0, 0.0) for n in unplaced]
    if len(known) <= SPRING_LIMIT:
        known = _spring(known, edges)
    pos = grid_layout(known)
    out_nodes = []
    for nid in sorted(nodes):
        n = nodes[nid]
        x, y = pos[nid]
        out_nodes.append({**n, "x": x, "y": y})
    out_edges = [{"from": a, "to": b, "rel": key, "sources": sorted(src)} for (a, b, key), src in sorted(edges.items())]
    return {"nodes": out_nodes, "edges": out_edges}


def explorer_data(project, plants: PlantSet | None = None) -> dict:
    """Everything the page draws, as JSON-ready data (sorted, so the page is deterministic)."""
    plants = plants or plant_set(project)
    west, south, east, north = MAP_WINDOW
    positions = {p.id: project_point(p.lon, p.lat) for p in plants.plants
                 if p.lat is not None and p.lon is not None and west <= p.lon <= east and south <= p.lat <= north}
    span = plants.years()
    first, last = span if span else (2025, 2030)
    reached = [c.year for p in plants.plants for c in p.capacity if not c.planned and c.year is not None]
    year = max(reached) if reached else first
    years = range(first, last + 1)
    records = []
    for p in plants.plants:
        record = p.as_dict()
        record.pop("iri", None)
        at = positions.get(p.id)
        record["x"], record["y"] = (round(at[0], 1), round(at[1], 1)) if at else (None, None)
        record["byYear"] = {"capacity": [p.capacity_in(y) for y in years], "status": [p.status_in(y) for y in years]}
        record["unit_label"] = p.unit_label
        records.append(record)
    return {
        "plants": records,
        "sources": {k: dict(v.__dict__) for k, v in sorted(plants.sources.items())},
        "years": [first, last],
        "year": year,
        "statuses": list(STATUSES),
        "network": network_data(plants, positions),
        "styles": {k: {"label": v[0], "color": v[1], "shape": v[2]} for k, v in NETWORK_STYLES.items()},
        "relations": {k: list(v) for k, v in RELATIONS.items()},
    }


def _template() -> str:
    return (importlib_resources.files("battery_kg") / "pictures" / "templates" / "explorer.html").read_text(encoding="utf-8")


def _map_svg() -> str:
    paths = "".join(f'<path d="{c["d"]}"><title>{html.escape(c["name"])}</title></path>' for c in country_paths())
    return paths


def explorer_html(project=None, graph: nx.MultiDiGraph | None = None, title: str = "battery-kg explorer",
                  plants: PlantSet | None = None) -> str:
    """The explorer page of ``project`` (or of ``plants``, read already). ``graph`` is accepted for
    compatibility and not used: the network tab is always the plant-centred view."""
    del graph
    if plants is None and project is None:
        raise BatteryKGError("the explorer needs a project or its plants")
    script, css = vis_assets()
    payload = json.dumps(explorer_data(project, plants), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")  # never end the script element early
    page = (_template()
            .replace("/*VIS_CSS*/", css)
            .replace("/*VIS_JS*/", script.replace("</script", "<\\/script"))
            .replace("<!--COUNTRIES-->", _map_svg())
            .replace("/*GRAPH_DATA*/null", payload)
            .replace("{{title}}", html.escape(title)))
    assert_offline(page)
    return page


def write_explorer(project, path: str | Path, graph: nx.MultiDiGraph | None = None,
                   plants: PlantSet | None = None) -> Path:
    """Write the explorer page to ``path`` atomically."""
    path = Path(path)
    atomic_write_text(path, explorer_html(project, graph, plants=plants))
    return path


__all__ = ["CLASS_STYLES", "NETWORK_STYLES", "RELATIONS", "assert_offline", "class_style", "explorer_data",
           "explorer_html", "grid_layout", "network_data", "relation_names", "vis_assets", "write_explorer"]
