"""An interactive explorer of the graph: one self-contained HTML file that works offline.

The drawing library is `vis-network <https://visjs.github.io/vis-network/>`_, taken at build time
from the copy the ``pyvis`` package ships on PyPI (``pyvis/templates/lib/vis-9.1.2``), and inlined
into the page. pyvis's own page template is *not* used: it loads vis-network, Bootstrap and
Tom Select from CDNs. The page written here loads nothing: no script, style sheet, font or image
from the network (``assert_offline`` checks the output before it is written).

What the page offers: nodes coloured and shaped by class, with their labels; a legend whose
check boxes filter by class; search by name; a click on a node lists its properties, each value
with the source documents that state it (named graph -> ``bkg:statedBy`` -> title). The layout is
computed here (networkx spring layout, fixed seed, rounded positions) and the physics simulation
is off, so the same graph always draws the same picture.

>>> class_style("bkg:Gigafactory")["shape"]
'box'
>>> class_style("bkg:SomethingNew") == class_style("bkg:SomethingNew")
True
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from importlib import resources as importlib_resources
from pathlib import Path

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from battery_kg.atomic import atomic_write_text
from battery_kg.errors import BatteryKGError
from battery_kg.labels import curie, label_of
from battery_kg.project_nx import Provenance, project as project_graph

VIS_VERSION = "9.1.2"

PROPERTY_NAMES = {RDF.type: "type", RDFS.label: "label", SKOS.altLabel: "also called", RDFS.comment: "comment"}
"""Names shown for properties the ontology does not label."""

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


def layout(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[int, int]]:
    """Fixed positions (pixels) for every node: spring layout with a fixed seed, rounded."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in graph.edges() if u != v))
    if simple.number_of_nodes() == 0:
        return {}
    k = 4.5 / max(1, simple.number_of_nodes()) ** 0.5
    pos = nx.spring_layout(simple, seed=seed, iterations=300, k=k)
    scale = 150 * max(1, simple.number_of_nodes()) ** 0.5
    return {n: (round(float(x) * scale), round(float(y) * scale)) for n, (x, y) in sorted(pos.items())}


def node_facts(project, prov: Provenance, iri: URIRef) -> list[dict]:
    """Every statement about ``iri`` (outgoing, then incoming), with the source titles of each."""
    data, onto = project.data, project.ontology
    facts = []
    for p, o in sorted(data.predicate_objects(iri)):
        value = str(o) if isinstance(o, Literal) else label_of(o, data, onto)
        facts.append({
            "property": PROPERTY_NAMES.get(p) or label_of(p, data, onto),
            "value": value,
            "target": curie(o) if isinstance(o, URIRef) else None,
            "sources": sorted({prov.title(s) for s in prov.sources((iri, p, o))}),
        })
    for s, p in sorted(data.subject_predicates(iri)):
        facts.append({
            "property": "is " + label_of(p, data, onto) + " of",
            "value": label_of(s, data, onto),
            "target": curie(s),
            "sources": sorted({prov.title(src) for src in prov.sources((s, p, iri))}),
        })
    return facts


def explorer_data(project, graph: nx.MultiDiGraph) -> dict:
    """Everything the page draws, as JSON-ready data (sorted, so the page is deterministic)."""
    prov = Provenance(project)
    positions = layout(graph)
    nodes, facts, classes = [], {}, {}
    for n, d in sorted(graph.nodes(data=True)):
        style = class_style(d.get("type", ""))
        x, y = positions[n]
        nodes.append({"id": n, "label": d.get("label", n), "group": d.get("type", ""),
                      "color": style["color"], "shape": style["shape"], "x": x, "y": y,
                      "classLabel": d.get("type_label", "")})
        facts[n] = {"iri": d.get("iri", ""), "facts": node_facts(project, prov, URIRef(d["iri"])) if d.get("iri") else []}
        entry = classes.setdefault(d.get("type", ""), {"id": d.get("type", ""), "label": d.get("type_label", ""),
                                                      "color": style["color"], "shape": style["shape"], "count": 0})
        entry["count"] += 1
    edges = []
    for i, (u, v, k, d) in enumerate(sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        edges.append({"id": f"e{i}", "from": u, "to": v, "label": d.get("label", k), "property": k})
    return {"nodes": nodes, "edges": edges, "facts": facts,
            "classes": sorted(classes.values(), key=lambda c: c["label"])}


def _template() -> str:
    return (importlib_resources.files("battery_kg") / "templates" / "explorer.html").read_text(encoding="utf-8")


def explorer_html(project, graph: nx.MultiDiGraph | None = None, title: str = "battery-kg explorer") -> str:
    """The explorer page for ``graph`` (default: the projection with statements as nodes)."""
    if graph is None:
        graph = project_graph(project)
    script, css = vis_assets()
    payload = json.dumps(explorer_data(project, graph), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = payload.replace("</", "<\\/")  # never end the script element early
    page = (_template()
            .replace("/*VIS_CSS*/", css)
            .replace("/*VIS_JS*/", script.replace("</script", "<\\/script"))
            .replace("/*GRAPH_DATA*/null", payload)
            .replace("{{title}}", html.escape(title)))
    assert_offline(page)
    return page


def write_explorer(project, path: str | Path, graph: nx.MultiDiGraph | None = None) -> Path:
    """Write the explorer page to ``path`` atomically."""
    path = Path(path)
    atomic_write_text(path, explorer_html(project, graph))
    return path


__all__ = ["CLASS_STYLES", "assert_offline", "class_style", "explorer_data", "explorer_html", "layout", "node_facts", "vis_assets", "write_explorer"]
