"""Write the networkx projection (:mod:`battery_kg.pictures.project_nx`) in the formats graph tools read.

=============  =========================  ==============================================
format         extensions                 read by, written with
=============  =========================  ==============================================
``graphml``    ``.graphml``               Gephi, igraph, Cytoscape Desktop; ``nx.write_graphml``
``yed``        ``.yed.graphml``           yEd: GraphML with yEd's node and edge graphics
``gexf``       ``.gexf``                  Gephi; ``nx.write_gexf`` (positions, sizes, colours)
``cytoscape``  ``.cyjs``                  Cytoscape.js / Desktop; elements, positions, style
``json``       ``.json``                  D3 (node-link); ``nx.node_link_data``
``dot``        ``.dot``, ``.gv``          Graphviz ``dot``; written here, ranked by kind
``html``       ``.html``, ``.htm``        a browser: the explorer, :mod:`battery_kg.pictures.explorer`
=============  =========================  ==============================================

Every writer is deterministic: the same graph gives the same bytes (GEXF's "last modified" date is
left out for that reason). GraphML, GEXF, Cytoscape.js and DOT carry a drawing: positions from
:func:`battery_kg.pictures.layout.layered_layout` (no scipy), size by capacity, colour and shape by class.

>>> guess_format("out/graph.gexf")
'gexf'
>>> guess_format("g.txt")
Traceback (most recent call last):
...
battery_kg.errors.UsageError: cannot guess the format of 'g.txt' from its extension (expected one of .cyjs, .dot, .gexf, .graphml, .gv, .htm, .html, .json; or give --format)
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx
from xml.sax.saxutils import escape as xml_escape

from battery_kg.atomic import atomic_write_bytes
from battery_kg.errors import UsageError

FORMATS = ("graphml", "yed", "gexf", "cytoscape", "json", "dot", "html")
"""Formats ``battery-kg export`` writes."""

EXTENSIONS = {
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cytoscape",
    ".json": "json",
    ".dot": "dot",
    ".gv": "dot",
    ".html": "html",
    ".htm": "html",
}


def guess_format(path: str | Path) -> str:
    """The export format for a file name, from its extension (``.yed.graphml``: GraphML for yEd)."""
    if Path(path).name.lower().endswith(".yed.graphml"):
        return "yed"
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"cannot guess the format of {str(path)!r} from its extension",
            hint="expected one of " + ", ".join(sorted(EXTENSIONS)) + "; or give --format",
        )
    return EXTENSIONS[suffix]


QUOTE = {'"': "&quot;"}
YED_NS = "http://www.yworks.com/xml/graphml"
YED_SHAPES = {"box": "rectangle", "ellipse": "ellipse", "dot": "ellipse", "hexagon": "hexagon", "diamond": "diamond",
              "triangle": "triangle", "square": "rectangle", "star": "star8", "triangleDown": "trapezoid",
              "text": "roundrectangle", "database": "roundrectangle"}
"""yEd's shape for each explorer (vis-network) shape, so a class looks alike in both."""
DOT_SHAPES = {"box": "box", "ellipse": "ellipse", "dot": "ellipse", "hexagon": "hexagon", "diamond": "parallelogram",
              "triangle": "house", "square": "note", "star": "cds", "triangleDown": "invhouse",
              "text": "plaintext", "database": "cylinder"}
"""Graphviz's shape for each explorer shape: shapes that stay the label's height (a star or a
triangle around a long label grows into a giant)."""


def node_size(data: dict) -> float:
    """A node's drawn size in pixels: 20, or more for a site by the square root of its largest
    capacity (so that area follows capacity): 100 GWh gives 70."""
    capacity = data.get("capacity_max")
    if isinstance(capacity, (int, float)) and capacity > 0:
        return round(20 + 5 * capacity ** 0.5, 1)
    return 20.0


def decorated(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose nodes carry ``x``, ``y`` (pixels, :func:`battery_kg.pictures.layout.layered_layout`),
    ``size`` (:func:`node_size`), ``color`` (``#rrggbb`` of the class) and ``shape``: what every
    format below draws with."""
    from battery_kg.pictures.explorer import class_style
    from battery_kg.pictures.layout import layered_layout

    out = graph.copy()
    positions = layered_layout(graph)
    for n, data in out.nodes(data=True):
        style = class_style(data.get("type", ""))
        data["x"], data["y"] = positions[n]
        data["size"] = node_size(data)
        data["color"], data["shape"] = style["color"], style["shape"]
    return out


GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
"""GraphML's ``attr.type`` for each Python type of an attribute value."""


def _graphml_keys(items, domain: str) -> dict[str, tuple[str, str]]:
    """``{attribute: (key id, attr.type)}`` for one domain; ids ``node-label``, ``edge-label``...:
    unique across domains (networkx's named ids repeat a name that nodes and edges share)."""
    types: dict[str, type] = {}
    for data in items:
        for k, v in data.items():
            if k not in types and type(v) in GRAPHML_TYPES:
                types[k] = type(v)
    return {k: (f"{domain}-{k}", GRAPHML_TYPES[t]) for k, t in sorted(types.items())}


def _graphml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # xs:boolean, not Python's True
    return xml_escape(str(value) if not isinstance(value, float) else repr(value))


def _yed_node(data: dict) -> str:
    size = data["size"]
    return ('<data key="node-graphics"><y:ShapeNode>'
            f'<y:Geometry x="{data["x"] - size / 2}" y="{data["y"] - size / 2}" width="{size}" height="{size}"/>'
            f'<y:Fill color="{data["color"].upper()}" transparent="false"/>'
            f'<y:NodeLabel modelName="sides" modelPosition="s">{xml_escape(str(data.get("label", "")))}</y:NodeLabel>'
            f'<y:Shape type="{YED_SHAPES.get(data["shape"], "ellipse")}"/></y:ShapeNode></data>')


def _yed_edge(data: dict) -> str:
    return ('<data key="edge-graphics"><y:PolyLineEdge><y:Arrows source="none" target="standard"/>'
            f'<y:EdgeLabel>{xml_escape(str(data.get("label", "")))}</y:EdgeLabel></y:PolyLineEdge></data>')


def to_graphml(graph: nx.MultiDiGraph, yed: bool = False) -> bytes:
    """GraphML valid against the GraphML 1.0 schema: unique key ids (``node-label``, ``edge-label``),
    booleans as ``true``/``false``, edge ids ``e0``, ``e1``..., node attributes ``x``, ``y``, ``size``,
    ``color`` from the layout. Written here rather than by networkx, for the ids, the booleans and speed.

    With ``yed``, also yEd's node and edge graphics, so that yEd opens it drawn and labelled. yEd
    finds them through a ``yfiles.type`` attribute on their ``key``, which GraphML's own schema does
    not allow (yEd's schema, ygraphml.xsd, adds it): that file is valid against GraphML's schema as
    yEd extends it, and the plain one against GraphML's, hence two formats. Without the graphics yEd
    shows a node's ``label`` only after Edit > Properties Mapper maps it."""
    drawn = decorated(graph)
    node_keys = _graphml_keys((d for _, d in drawn.nodes(data=True)), "node")
    edge_keys = _graphml_keys((d for *_, d in drawn.edges(keys=True, data=True)), "edge")
    graph_keys = _graphml_keys([drawn.graph], "graph")
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           + (f'xmlns:y="{YED_NS}" ' if yed else "")
           + 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for domain, keys in (("graph", graph_keys), ("node", node_keys), ("edge", edge_keys)):
        for name, (key, kind) in keys.items():
            out.append(f'  <key id="{key}" for="{domain}" attr.name="{xml_escape(name)}" attr.type="{kind}"/>')
    if yed:
        out += ['  <key id="node-graphics" for="node" yfiles.type="nodegraphics"/>',
                '  <key id="edge-graphics" for="edge" yfiles.type="edgegraphics"/>']
    out.append('  <graph id="battery-kg" edgedefault="directed">')
    for name, value in drawn.graph.items():
        if name in graph_keys:
            out.append(f'    <data key="{graph_keys[name][0]}">{_graphml_value(value)}</data>')

    def data_lines(data: dict, keys: dict) -> str:
        return "".join(f'<data key="{keys[k][0]}">{_graphml_value(v)}</data>' for k, v in data.items() if k in keys)

    for n, data in drawn.nodes(data=True):
        out.append(f'    <node id="{xml_escape(n, QUOTE)}">{data_lines(data, node_keys)}'
                   f'{_yed_node(data) if yed else ""}</node>')
    for i, (u, v, _k, data) in enumerate(drawn.edges(keys=True, data=True)):
        out.append(f'    <edge id="e{i}" source="{xml_escape(u, QUOTE)}" target="{xml_escape(v, QUOTE)}">'
                   f'{data_lines(data, edge_keys)}{_yed_edge(data) if yed else ""}</edge>')
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi: nodes placed by the layout (y upwards, as Gephi reads it), sized by capacity
    and coloured by class; no modification date, so the bytes are stable."""
    drawn = decorated(graph)
    for _, data in drawn.nodes(data=True):
        r, g, b = _rgb(data["color"])
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": data["size"],
                       "position": {"x": data["x"], "y": -data["y"], "z": 0.0}}
        for key in ("x", "y", "size", "color", "shape"):
            del data[key]
    buf = io.BytesIO()
    nx.write_gexf(drawn, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


CYTOSCAPE_STYLE = [
    {"selector": "node", "style": {"label": "data(label)", "background-color": "data(color)", "width": "data(size)",
                                   "height": "data(size)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3}},
    {"selector": "node[kind = 'site']", "style": {"shape": "round-rectangle"}},
    {"selector": "node[kind = 'statement']", "style": {"shape": "diamond"}},
    {"selector": "edge", "style": {"label": "data(label)", "curve-style": "bezier", "target-arrow-shape": "triangle",
                                   "width": 1, "font-size": 7, "line-color": "#999999", "target-arrow-color": "#999999",
                                   "text-rotation": "autorotate"}},
]
"""The Cytoscape.js style shipped in the ``.cyjs`` file: label, class colour, size by capacity."""


def to_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js JSON: ``elements.nodes`` with ``position``, ``elements.edges`` with ids ``e0``, ``e1``...,
    a ``style`` and a ``preset`` layout, so ``cytoscape(json)`` draws it as laid out here."""
    drawn = decorated(graph)
    nodes = []
    for n, data in drawn.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in ("x", "y")}
        nodes.append({"data": {**attrs, "id": n, "value": n}, "position": {"x": data["x"], "y": data["y"]}})
    edges = [{"data": {**data, "id": f"e{i}", "source": u, "target": v, "key": k}}
             for i, (u, v, k, data) in enumerate(drawn.edges(keys=True, data=True))]
    return _json({"data": dict(drawn.graph), "directed": True, "multigraph": True,
                  "elements": {"nodes": nodes, "edges": edges}, "style": CYTOSCAPE_STYLE, "layout": {"name": "preset"}})


def to_node_link(graph: nx.MultiDiGraph) -> bytes:
    """Node-link JSON for D3 (``nodes`` and ``links``), as ``nx.node_link_data`` makes it."""
    return _json(nx.node_link_data(graph, edges="links"))


def _dot_id(text) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_value(value) -> str:
    return _dot_id(str(value).lower() if isinstance(value, bool) else value)


def _dot_attrs(attrs: dict) -> str:
    # attribute names are plain identifiers (local names): unquoted, as DOT readers expect them
    return "[" + ", ".join(f"{k if re.fullmatch(r'[A-Za-z_][A-Za-z0-9_]*', k) else _dot_id(k)}={_dot_value(v)}"
                           for k, v in attrs.items()) + "]"


RANK_SIZE = 40
"""Nodes of one kind per DOT rank (column) at most."""


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT for ``dot``: left to right, one rank (column) per kind (organisations, then their
    sites, statements, products, places...), nodes filled in their class colour and shaped by kind;
    every attribute kept (quoted), so tools reading DOT get the same data."""
    from battery_kg.pictures.project_nx import KIND_ORDER

    drawn = decorated(graph)
    lines = [f"digraph {_dot_id(graph.graph.get('name', 'battery-kg'))} {{",
             '  graph [rankdir="LR", ranksep="1.5", nodesep="0.12", fontname="Helvetica", '
             'label="battery-kg: one column per kind of entity; colour = class", labelloc="t"];',
             '  node [style="filled", fontname="Helvetica", fontsize="10", penwidth="0.5"];',
             '  edge [fontname="Helvetica", fontsize="8", color="#777777", fontcolor="#555555", arrowsize="0.6"];']
    by_kind: dict[str, list[str]] = {}
    for n, data in drawn.nodes(data=True):
        by_kind.setdefault(data.get("kind", "other"), []).append(n)
    for n, data in drawn.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in ("x", "y", "size", "color", "shape", "name")}
        attrs.update({"fillcolor": data["color"], "shape": DOT_SHAPES.get(data["shape"], "ellipse")})
        lines.append(f"  {_dot_id(n)} {_dot_attrs(attrs)};")
    chains = []
    for kind in KIND_ORDER:
        if kind not in by_kind:
            continue
        # a kind of many nodes (statements: 185 in the shipped graph) would make one column thousands of
        # points high: it takes several neighbouring columns of RANK_SIZE, held in order by invisible edges
        members = sorted(by_kind[kind], key=lambda n: (drawn.nodes[n]["x"], n))
        chunks = [members[i:i + RANK_SIZE] for i in range(0, len(members), RANK_SIZE)]
        for chunk in chunks:
            lines.append("  { rank=same; " + " ".join(_dot_id(n) + ";" for n in chunk) + " }")
        chains += [(a[0], b[0]) for a, b in zip(chunks, chunks[1:])]
    for u, v, k, data in drawn.edges(keys=True, data=True):
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} {_dot_attrs({'key': k, **data})};")
    for a, b in chains:
        lines.append(f'  {_dot_id(a)} -> {_dot_id(b)} [style="invis"];')
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render(graph: nx.MultiDiGraph, fmt: str, project=None) -> bytes:
    """The bytes of ``graph`` in ``fmt`` (one of :data:`FORMATS`). ``html`` needs the ``project``."""
    if fmt == "graphml":
        return to_graphml(graph)
    if fmt == "yed":
        return to_graphml(graph, yed=True)
    if fmt == "gexf":
        return to_gexf(graph)
    if fmt == "cytoscape":
        return to_cytoscape(graph)
    if fmt == "json":
        return to_node_link(graph)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "html":
        from battery_kg.pictures.explorer import explorer_html

        if project is None:
            raise UsageError("the html format needs the loaded project, for the sources of each fact")
        return explorer_html(project, graph).encode("utf-8")
    raise UsageError(f"unknown format {fmt!r}", hint="expected one of " + ", ".join(FORMATS))


def write(graph: nx.MultiDiGraph, path: str | Path, fmt: str | None = None, project=None) -> Path:
    """Write ``graph`` to ``path`` atomically, in ``fmt`` or the format its extension names."""
    path = Path(path)
    atomic_write_bytes(path, render(graph, fmt or guess_format(path), project), parents=False)
    return path


__all__ = ["EXTENSIONS", "FORMATS", "guess_format", "render", "to_cytoscape", "to_dot", "to_gexf", "to_graphml", "to_node_link", "write"]
