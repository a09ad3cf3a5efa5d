"""Build the release: validate, then write the merged graph in several formats, atomically.

Nothing is written when the data does not conform. Every file is written to a temporary name in
the output folder and renamed into place, so a reader never sees a half-written artefact.

Artefacts (in ``build/`` by default):

* ``battery-kg.trig`` and ``battery-kg.nq``: the data with its named graphs (one per source);
* ``battery-kg.ttl``, ``battery-kg.nt`` and ``battery-kg.jsonld``: the data merged into one graph;
* ``ontology.ttl``: the ontology modules and vocabularies merged; ``shapes.ttl``: the shapes;
* ``summary.json``: entities by class and facts by source;
* the visual artefacts of :func:`battery_kg.showcase.write_visual_artefacts`, when available.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from battery_kg import serialise
from battery_kg.atomic import atomic_write_bytes
from battery_kg.load import Project
from battery_kg.stats import Summary, summarise
from battery_kg.validate import Report, validate


@dataclass
class BuildResult:
    report: Report
    summary: Summary | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.conforms


def build(project: Project, outdir: str | Path = "build", *, visuals: bool = True) -> BuildResult:
    """Validate ``project`` and, if it conforms, write every artefact into ``outdir``."""
    report = validate(project)
    if not report.conforms:
        return BuildResult(report=report)
    out = Path(outdir)
    summary = summarise(project)
    artefacts: dict[str, bytes] = {
        "battery-kg.trig": serialise.trig(project.dataset),
        "battery-kg.nq": serialise.nquads(project.dataset),
        "battery-kg.ttl": serialise.turtle(project.data),
        "battery-kg.nt": serialise.ntriples(project.data),
        "battery-kg.jsonld": serialise.jsonld(project.data),
        "ontology.ttl": serialise.turtle(project.ontology),
        "shapes.ttl": serialise.turtle(project.shapes),
        "summary.json": (json.dumps(summary.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    }
    written = []
    for name, data in artefacts.items():
        atomic_write_bytes(out / name, data)
        written.append(out / name)
    if visuals:
        written += _visual_artefacts(project, out)
    return BuildResult(report=report, summary=summary, written=written)


def _visual_artefacts(project: Project, out: Path) -> list[Path]:
    try:
        from battery_kg.showcase import write_visual_artefacts
    except ImportError:  # pragma: no cover - only while the visual layer is not installed
        return []
    return list(write_visual_artefacts(project, out))
