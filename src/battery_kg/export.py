"""Write the networkx projection (:mod:`battery_kg.project_nx`) in the formats graph tools read.

=============  =========================  ==============================================
format         extensions                 read by, written with
=============  =========================  ==============================================
``graphml``    ``.graphml``               Gephi, yEd, Cytoscape Desktop; ``nx.write_graphml``
``gexf``       ``.gexf``                  Gephi; ``nx.write_gexf`` (with node colours)
``cytoscape``  ``.cyjs``                  Cytoscape.js / Desktop; ``nx.cytoscape_data``
``json``       ``.json``                  D3 (node-link); ``nx.node_link_data``
``dot``        ``.dot``, ``.gv``          Graphviz; ``nx.nx_pydot.to_pydot``
``html``       ``.html``, ``.htm``        a browser: the explorer, :mod:`battery_kg.explorer`
=============  =========================  ==============================================

Every writer is deterministic: the same graph gives the same bytes (GEXF's "last modified" date is
left out for that reason).

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

from battery_kg.atomic import atomic_write_bytes
from battery_kg.errors import UsageError

FORMATS = ("graphml", "gexf", "cytoscape", "json", "dot", "html")
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
    """The export format for a file name, from its extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"cannot guess the format of {str(path)!r} from its extension",
            hint="expected one of " + ", ".join(sorted(EXTENSIONS)) + "; or give --format",
        )
    return EXTENSIONS[suffix]


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML (``key`` ids are the attribute names), valid against the GraphML 1.0 schema."""
    # Edge ids must be unique in a GraphML document: number the edges; the property stays an attribute.
    numbered = nx.MultiDiGraph()
    numbered.graph.update(graph.graph)
    numbered.add_nodes_from(graph.nodes(data=True))
    for i, (u, v, _k, data) in enumerate(graph.edges(keys=True, data=True)):
        numbered.add_edge(u, v, key=f"e{i}", **data)
    buf = io.BytesIO()
    nx.write_graphml(numbered, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


def _with_colours(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    from battery_kg.explorer import class_style

    coloured = graph.copy()
    for _, data in coloured.nodes(data=True):
        style = class_style(data.get("type", ""))
        r, g, b = (int(style["color"][i : i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    return coloured


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi, nodes coloured by class; no modification date, so the bytes are stable."""
    buf = io.BytesIO()
    nx.write_gexf(_with_colours(graph), buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    return re.sub(rb' lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def to_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js JSON (``elements.nodes`` / ``elements.edges``), as ``nx.cytoscape_data`` makes it."""
    return _json(nx.cytoscape_data(graph, name="name", ident="id"))


def to_node_link(graph: nx.MultiDiGraph) -> bytes:
    """Node-link JSON for D3 (``nodes`` and ``links``), as ``nx.node_link_data`` makes it."""
    return _json(nx.node_link_data(graph, edges="links"))


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT through pydot. Node ids are quoted (a CURIE's colon would read as a port)."""
    copy = nx.MultiDiGraph()
    copy.graph.update({k: v for k, v in graph.graph.items() if k != "name"})
    for n, data in graph.nodes(data=True):
        copy.add_node(f'"{n}"', **{k: v for k, v in data.items() if k != "name"})
    for u, v, k, data in graph.edges(keys=True, data=True):
        copy.add_edge(f'"{u}"', f'"{v}"', key=k, **data)
    dot = nx.nx_pydot.to_pydot(copy)
    dot.set_name('"battery-kg"')
    return dot.to_string().encode("utf-8")


def render(graph: nx.MultiDiGraph, fmt: str, project=None) -> bytes:
    """The bytes of ``graph`` in ``fmt`` (one of :data:`FORMATS`). ``html`` needs the ``project``."""
    if fmt == "graphml":
        return to_graphml(graph)
    if fmt == "gexf":
        return to_gexf(graph)
    if fmt == "cytoscape":
        return to_cytoscape(graph)
    if fmt == "json":
        return to_node_link(graph)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "html":
        from battery_kg.explorer import explorer_html

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
