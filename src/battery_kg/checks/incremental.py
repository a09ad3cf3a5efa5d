"""Validate only what changed: the focus nodes of data files changed since a git revision.

Which nodes are checked (:func:`nodes_to_check`):

1. *touched*: every subject (and named graph) of a data file that changed since ``REV`` (committed,
   staged, unstaged or untracked), in its new version and in its version at ``REV`` (so a node whose
   statements were deleted is checked too, when it still exists);
2. *reached*: the nodes whose shapes can see a touched node: the nodes that point at it (their
   ``sh:class``/``sh:node`` checks read its type), the data nodes it points at (inverse-path shapes
   such as "some site produces this product" read its links), and the nodes that point at those
   (SPARQL constraints compare statements about the same site).

Those nodes are validated on the whole merged graph with shapes that target only them
(:func:`restrict_shapes`), so each one gets exactly the findings a full run gives it. When the ontology or the shapes changed, every node is checked.

>>> from battery_kg import load_project
>>> from battery_kg.namespaces import BKR
>>> project = load_project()
>>> BKR["verkor-bourbourg-gigafactory"] in nodes_to_check(project, {BKR["verkor"]})
True
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from battery_kg.errors import UsageError
from battery_kg.load import Project, parse_file
from battery_kg.namespaces import bind_prefixes
from battery_kg.checks.validate import Report, focus_nodes, report_of, run_pyshacl, validation_graph


@dataclass
class IncrementalRun:
    """What ``validate --changed`` did: the report, the files it looked at and the nodes it checked."""

    report: Report
    changed_files: list[str] = field(default_factory=list)
    checked: list[Node] = field(default_factory=list)
    everything: bool = False

    def summary(self) -> str:
        scope = "all nodes (the ontology or shapes changed)" if self.everything else (
            f"{len(self.changed_files)} changed data file(s)")
        return f"checked {len(self.checked)} node(s) from {scope}"


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError("--changed needs git, which is not installed") from None
    if done.returncode != 0:
        raise UsageError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}",
                         hint="--changed takes a git revision, such as HEAD or origin/main")
    return done.stdout


def changed_paths(rev: str, where: Path) -> tuple[Path, list[Path]]:
    """The repository top folder and every file changed since ``rev`` (including untracked files)."""
    top = Path(_git(where, "rev-parse", "--show-toplevel").strip())
    _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    names = _git(top, "diff", "--name-only", "-z", rev, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return top, sorted({top / n for n in names if n})


def _old_subjects(top: Path, rev: str, path: Path) -> set[Node]:
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    done = subprocess.run(["git", "show", f"{rev}:{relative}"], cwd=top, capture_output=True, check=False)
    if done.returncode != 0:  # the file is new since rev
        return set()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        copy.write_bytes(done.stdout)
        try:
            parsed = parse_file(copy, relative)
        except Exception:  # an old version that no longer parses adds no nodes
            return set()
    return _subjects(parsed)


def _subjects(parsed) -> set[Node]:
    nodes = {s for s, *_ in parsed.quads((None, None, None, None))}
    nodes |= {g.identifier for g in parsed.graphs() if isinstance(g.identifier, URIRef)}
    return nodes


def nodes_to_check(project: Project, touched: Iterable[Node]) -> set[URIRef]:
    """``touched`` plus the nodes whose shapes reach them (see the module docstring), all IRIs in the data."""
    data = project.data
    described = set(data.subjects()) | set(project.fact_graphs())
    touched = {n for n in touched if n in described}
    out = set(touched)
    for node in touched:
        out.update(data.subjects(None, node))  # referrers read its type
        for target in data.objects(node, None):
            if target in described:
                out.add(target)  # inverse-path shapes on what it points at
                out.update(data.subjects(None, target))  # SPARQL constraints on siblings
    return {n for n in out if isinstance(n, URIRef)}


TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


def restrict_shapes(shapes: Graph, graph: Graph, nodes: set[URIRef]) -> Graph:
    """A copy of ``shapes`` in which each shape targets only the ``nodes`` it would target in ``graph``.

    Every shape's targets are computed as SHACL defines them (``sh:targetClass`` through
    ``rdfs:subClassOf*`` in the data graph, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``,
    ``sh:targetNode``) and replaced by ``sh:targetNode`` for those among ``nodes``. Nested checks
    (``sh:node``, ``sh:not``, ``sh:or``) are untouched, so each node gets exactly the results of a full
    run. (pySHACL's own ``focus_nodes`` option also filters nested checks and drops literal values.)
    """
    restricted = Graph()
    for prefix, ns in shapes.namespaces():
        restricted.bind(prefix, ns)
    targeted = {s for t in TARGETS for s in shapes.subjects(t, None)}
    for triple in shapes:
        if not (triple[0] in targeted and triple[1] in TARGETS):
            restricted.add(triple)
    for shape in targeted:
        for node in focus_nodes(shape, shapes, graph) & nodes:
            restricted.add((shape, SH.targetNode, node))
    return restricted


def validate_nodes(project: Project, nodes: Iterable[Node], graph: Graph | None = None) -> Report:
    """Validate only ``nodes`` as focus nodes, on the whole merged graph (same findings as a full run).

    ``graph`` is the merged graph when the caller already has it (it is not modified).
    """
    focus = {n for n in nodes if isinstance(n, URIRef)}
    if not focus:
        return Report(conforms=True, findings=[], graph=bind_prefixes(Graph()))
    data = graph if graph is not None else validation_graph(project)
    _conforms, results = run_pyshacl(data, restrict_shapes(project.shapes, data, focus))
    return report_of(results, project, data)


def validate_changed(project: Project, rev: str) -> IncrementalRun:
    """Validate the nodes of the data files changed since ``rev`` (see the module docstring)."""
    top, changed = changed_paths(rev, project.resources.graph)
    changed_set = {p.resolve() for p in changed}
    model = [p for p in project.resources.ontology.rglob("*.ttl") if p.resolve() in changed_set]
    if model:
        nodes = {n for n in set(project.data.subjects()) | set(project.fact_graphs()) if isinstance(n, URIRef)}
        report = validate_nodes(project, nodes)
        return IncrementalRun(report, [project.resources.relative(p) for p in sorted(model)], sorted(nodes), True)
    data_files = {p.resolve(): p for p in project.files}
    graph_dir = project.resources.graph.resolve()
    touched_files = [p for p in changed if p.resolve() in data_files
                     or (graph_dir in p.resolve().parents and not p.exists())]
    touched: set[Node] = set()
    for path in touched_files:
        if path.exists():
            touched |= _subjects(parse_file(path, project.resources.relative(path)))
        touched |= _old_subjects(top, rev, path)
    nodes = nodes_to_check(project, touched)
    return IncrementalRun(validate_nodes(project, nodes), [project.resources.relative(p) for p in touched_files],
                          sorted(nodes))


__all__ = ["IncrementalRun", "changed_paths", "restrict_shapes", "nodes_to_check", "validate_changed", "validate_nodes"]
