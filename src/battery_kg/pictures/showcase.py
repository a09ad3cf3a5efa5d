"""The visual artefacts ``battery-kg build`` writes into its output folder.

>>> import tempfile, pathlib
>>> from battery_kg import load_project
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_visual_artefacts(load_project(), out)]
['battery-kg.graphml', 'explorer.html', 'capacity-roadmap.svg', 'ontology.html']
"""

from __future__ import annotations

from pathlib import Path

from battery_kg.release.docs import write_ontology_docs
from battery_kg.pictures.explorer import write_explorer
from battery_kg.pictures.export import write
from battery_kg.pictures.plot import write_capacity
from battery_kg.pictures.project_nx import project as project_graph

ARTEFACTS = ("battery-kg.graphml", "explorer.html", "capacity-roadmap.svg", "ontology.html")
"""File names written into the output folder, in order."""


def write_visual_artefacts(project, outdir: Path) -> list[Path]:
    """Write the GraphML, the explorer, the capacity roadmap (SVG) and the ontology reference into
    ``outdir``; return their paths. Deterministic: the same input gives the same bytes."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    graph = project_graph(project)
    graphml, explorer, chart, docs = (outdir / name for name in ARTEFACTS)
    return [
        write(graph, graphml, "graphml"),
        write_explorer(project, explorer, graph),
        write_capacity(project, chart, "svg"),
        write_ontology_docs(project, docs),
    ]


__all__ = ["ARTEFACTS", "write_visual_artefacts"]
