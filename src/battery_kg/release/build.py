"""Build the release: validate, then write the merged graph in several formats, swapped in whole.

``build`` is ``validate`` plus writing: the same checks run first (the SHACL shapes and the vocabulary
lint; what every output format needs, XML-safe text, finite numbers and RFC 3987 IRIs, is refused
when the files are read, see :mod:`battery_kg.load`). Nothing is written when the data does not
conform. The release is written into a new folder beside the output folder and swapped in whole
(:func:`battery_kg.atomic.atomic_folder`): a build killed at any moment leaves the previous release
complete, and the next build removes what the killed one left. An existing output folder is only
replaced when it looks like a release (every entry is a file a build writes), so ``-o .`` cannot
wipe a project.

Artefacts (in ``build/`` by default):

* ``battery-kg.trig`` and ``battery-kg.nq``: the data with its named graphs (one per source);
* ``battery-kg.ttl``, ``battery-kg.nt`` and ``battery-kg.jsonld``: the data merged into one graph;
* ``ontology.ttl``: the ontology modules and vocabularies merged; ``shapes.ttl``: the shapes;
* ``summary.json``: entities by class and facts by source;
* the visual artefacts of :func:`battery_kg.pictures.showcase.write_visual_artefacts`, when available.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from battery_kg import serialise
from battery_kg.atomic import atomic_folder, atomic_write_bytes, is_stale_temporary
from battery_kg.errors import InputError, one_line
from battery_kg.checks.lint import with_lint
from battery_kg.load import Project
from battery_kg.stats import Summary, summarise
from battery_kg.checks.validate import Report, validate


@dataclass
class BuildResult:
    report: Report
    summary: Summary | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report.conforms


def build(project: Project, outdir: str | Path = "build", *, visuals: bool = True) -> BuildResult:
    """Validate ``project`` (shapes and lint) and, if it conforms, write every artefact into ``outdir``."""
    report = with_lint(project, validate(project))
    if not report.conforms:
        return BuildResult(report=report)
    target = Path(outdir)
    with atomic_folder(target, replaceable=_replaceable) as staging:
        summary, names = _write(project, staging, visuals)
    return BuildResult(report=report, summary=summary, written=[target / name for name in names])


def _replaceable(target: Path, new_names: set[str]) -> None:
    """Refuse to replace a folder that holds anything a build does not write (it is not a release)."""
    known = new_names | set(DATA_ARTEFACTS) | set(_visual_names())  # a build with or without --no-visuals
    foreign = sorted(p.name for p in target.iterdir() if p.name not in known and not is_stale_temporary(p.name))
    if foreign:
        raise InputError(f"not replaced: this folder holds {', '.join(one_line(n) for n in foreign[:3])}"
                         + (" ..." if len(foreign) > 3 else "") + ", which a build does not write",
                         path=one_line(str(target)), hint="choose an empty or new folder for -o")


DATA_ARTEFACTS = ("battery-kg.trig", "battery-kg.nq", "battery-kg.ttl", "battery-kg.nt", "battery-kg.jsonld",
                  "ontology.ttl", "shapes.ttl", "summary.json")
"""The files every build writes, visuals aside."""


def _visual_names() -> tuple[str, ...]:
    try:
        from battery_kg.pictures.showcase import ARTEFACTS
    except ImportError:  # pragma: no cover - only while the visual layer is not installed
        return ()
    return tuple(ARTEFACTS)


def _write(project: Project, out: Path, visuals: bool) -> tuple[Summary, list[str]]:
    summary = summarise(project)
    merged = serialise.single_graph(project.data)
    artefacts: dict[str, bytes] = {
        "battery-kg.trig": serialise.trig(project.dataset),
        "battery-kg.nq": serialise.nquads(project.dataset),
        "battery-kg.ttl": serialise.turtle(merged),
        "battery-kg.nt": serialise.ntriples(merged),
        "battery-kg.jsonld": serialise.jsonld(merged),
        "ontology.ttl": serialise.turtle(project.ontology),
        "shapes.ttl": serialise.turtle(project.shapes),
        "summary.json": (json.dumps(summary.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
    }
    written = []
    for name, data in artefacts.items():
        atomic_write_bytes(out / name, data)
        written.append(name)
    if visuals:
        written += [p.name for p in _visual_artefacts(project, out)]
    return summary, written


def _visual_artefacts(project: Project, out: Path) -> list[Path]:
    try:
        from battery_kg.pictures.showcase import write_visual_artefacts
    except ImportError:  # pragma: no cover - only while the visual layer is not installed
        return []
    return list(write_visual_artefacts(project, out))
