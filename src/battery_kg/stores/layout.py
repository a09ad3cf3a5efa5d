"""The dataset layout every store holds, defined once.

* each data file's named graphs as they are written (``graph/*.trig``: one graph per source), and
  triples outside any named graph in the default graph;
* the ontology (modules and vocabularies, not the shapes) in the named graph :data:`ONTOLOGY_GRAPH`;
* a query's default graph is the union of all of them (``GRAPH ?g`` still picks one source), unless
  the query names its own dataset with ``FROM`` / ``FROM NAMED`` (graphs of the store only). Oxigraph
  matches a triple once per graph that states it there: queries that count use ``DISTINCT``.

:func:`sources` lists the files a store is filled from; :func:`fingerprint` records them (path, size,
SHA-256) so that a store kept on disk knows when they changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from rdflib import URIRef

from battery_kg.namespaces import ONTOLOGY_IRI

ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)
"""Named graph that holds the ontology in every store."""


@dataclass(frozen=True)
class Sources:
    """The files a store is filled from: data files (graphs as written) and ontology files."""

    data: tuple[Path, ...]
    ontology: tuple[Path, ...]

    def jobs(self) -> list[tuple[Path, URIRef | None]]:
        """(file, target graph): ``None`` keeps the file's own graphs, else everything goes in that graph."""
        return [(p, None) for p in self.data] + [(p, ONTOLOGY_GRAPH) for p in self.ontology]


def ontology_files(resources) -> list[Path]:
    """The ontology's Turtle files, without the SHACL shapes, sorted."""
    return sorted(p for p in resources.ontology.rglob("*.ttl") if resources.shapes not in p.parents)


def sources(resources, paths: Iterable[str | Path] | None = None) -> Sources:
    """The files of the project (``paths`` replace its ``graph/`` folder when given)."""
    from battery_kg.load import data_files

    data = data_files(list(paths) if paths else [resources.graph])
    return Sources(tuple(p.resolve() for p in data), tuple(p.resolve() for p in ontology_files(resources)))


def fingerprint(src: Sources) -> dict:
    """What the files were when a store was loaded: for each, its path, role, size and SHA-256."""
    entries = []
    for path, graph in src.jobs():
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        entries.append({"path": str(path), "ontology": graph is not None, "size": path.stat().st_size,
                        "sha256": digest.hexdigest()})
    return {"format": 1, "files": entries}


def changes(old: dict, new: dict) -> list[str]:
    """What differs between two fingerprints, one phrase per file, e.g. ``graph/a.trig changed``.

    >>> a = {"files": [{"path": "/g/a.trig", "sha256": "1"}]}
    >>> changes(a, {"files": [{"path": "/g/a.trig", "sha256": "2"}, {"path": "/g/b.trig", "sha256": "3"}]})
    ['/g/a.trig changed', '/g/b.trig is new']
    >>> changes(a, {"files": []})
    ['/g/a.trig is gone']
    """
    before = {f["path"]: f for f in old.get("files", [])}
    after = {f["path"]: f for f in new.get("files", [])}
    out = []
    for path in sorted(set(before) | set(after)):
        if path not in after:
            out.append(f"{path} is gone")
        elif path not in before:
            out.append(f"{path} is new")
        elif before[path] != after[path]:
            out.append(f"{path} changed")
    return out
