"""Load the ontology, the shapes and the data into rdflib graphs, remembering where each node is defined.

Data files are TriG (named graphs: one per source, see ``graph/sources.trig``), Turtle, N-Triples or
N-Quads. Triples outside any named graph are kept, in the default graph, so that validation can
report them as facts without a source.

Where a node is defined (used for ``file:line`` in every report): the first line of a data file
whose first token is the node's IRI, written in full or with one of the file's prefixes; failing
that, the first line that mentions it at all; failing that, line 1 of the first file that states
something about it.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from battery_kg.errors import InputError
from battery_kg.namespaces import BKG, bind_prefixes
from battery_kg.resources import Resources, locate

FORMATS = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads"}
"""Data file types battery-kg reads, by extension."""

_PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_TOKEN_RE = re.compile(r"^\s*(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*[^\s;,.]|:[^\s;,]*[^\s;,.])")


@dataclass(frozen=True)
class Location:
    """Where a node is defined: a file (as shown to people) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Project:
    """The loaded project: ontology, shapes, data (named graph per source) and node locations."""

    resources: Resources
    ontology: Graph
    shapes: Graph
    dataset: Dataset
    files: list[Path]
    locations: dict[Node, Location] = field(default_factory=dict)
    _data: Graph | None = None

    @property
    def data(self) -> Graph:
        """Every data triple, all named graphs merged into one graph."""
        if self._data is None:
            merged = bind_prefixes(Graph())
            for s, p, o, _ in self.dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
            self._data = merged
        return self._data

    def merged(self) -> Graph:
        """Ontology and data in one graph, for queries that need both (labels of terms, hierarchy)."""
        graph = bind_prefixes(Graph())
        for triple in self.ontology:
            graph.add(triple)
        for triple in self.data:
            graph.add(triple)
        return graph

    def fact_graphs(self) -> list[URIRef]:
        """Names of the named graphs that hold data, sorted."""
        names = {g for *_, g in self.dataset.quads((None, None, None, None)) if g != DATASET_DEFAULT_GRAPH_ID}
        return sorted(names)

    def unsourced(self) -> list[tuple[Node, Node, Node]]:
        """Triples stated outside any named graph: facts with no source."""
        return sorted(self.dataset.graph(DATASET_DEFAULT_GRAPH_ID))

    def provenance_index(self) -> Graph:
        """Derived triples that let SHACL check provenance on a merged graph.

        ``?s bkg:statedIn ?g`` for every subject of a named graph, and ``?s bkg:unsourcedProperty ?p`` for
        every triple outside any named graph. Used for validation only; never exported.
        """
        index = Graph()
        for s, _p, _o, g in self.dataset.quads((None, None, None, None)):
            if g != DATASET_DEFAULT_GRAPH_ID:
                index.add((s, BKG.statedIn, g))
        for s, p, _o in self.unsourced():
            index.add((s, BKG.unsourcedProperty, p))
        return index

    def location(self, node: Node) -> Location | None:
        return self.locations.get(node)

    def label(self, node: Node) -> str:
        """A human label for ``node``: its English rdfs:label or skos:prefLabel, else its IRI."""
        from battery_kg.labels import label_of

        return label_of(node, self.data, self.ontology)


def parse_file(path: Path, shown: str | None = None) -> Dataset:
    """Parse one RDF file into a Dataset, or raise :class:`InputError` with ``file:line:col``."""
    shown = shown or str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown file type {path.suffix or '(none)'!r}",
            path=shown,
            hint="expected one of " + ", ".join(sorted(FORMATS)),
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected an RDF file", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=shown) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not valid UTF-8", path=shown, line=line) from None
    ds = Dataset()
    try:
        with _quiet_rdflib_term():
            ds.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        raise _syntax_error(exc, shown) from None
    except Exception as exc:  # rdflib raises assorted errors for N-Triples/N-Quads and bad IRIs
        raise InputError(f"cannot parse as {fmt}: {exc}", path=shown, line=_line_in_message(str(exc))) from None
    return ds


@contextmanager
def _quiet_rdflib_term():
    """rdflib logs a traceback for every ill-typed literal (``"abc"^^xsd:integer``) while parsing.

    Such a literal is data that does not conform, which validation and lint report with its file
    and line; the traceback on stderr would only frighten people, so it is silenced here.
    """
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _syntax_error(exc: BadSyntax, shown: str) -> InputError:
    text: str = exc._str.decode("utf-8", "replace") if isinstance(exc._str, bytes) else exc._str
    offset = min(exc._i, len(text))
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    why = exc._why
    return InputError(f"syntax error: {why}", path=shown, line=line, col=col)


def _line_in_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def data_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the RDF files below them (sorted); a named file must exist."""
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS))
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or directory", path=path)
    return files


def _locate_subjects(
    path: Path, shown: str, subjects: set[Node], typed: set[Node], locations: dict[Node, Location], typed_at: set[Node]
) -> None:
    prefixes: dict[str, str] = {}
    first_token: dict[Node, int] = {}
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        m = _PREFIX_RE.match(line)
        if m:
            prefixes[m.group(1) or ""] = m.group(2)
            continue
        t = _TOKEN_RE.match(line)
        if not t:
            continue
        token = t.group(1)
        if token.startswith("<"):
            iri = token[1:-1]
        else:
            prefix, _, local = token.partition(":")
            if prefix not in prefixes:
                continue
            iri = prefixes[prefix] + local.replace("\\", "")
        node = URIRef(iri)
        if node in subjects and node not in first_token:
            first_token[node] = number
    for node in subjects:
        # A node is defined where it gets its rdf:type; other files only add to it.
        if node in locations and (node in typed_at or node not in typed):
            continue
        if node in typed:
            typed_at.add(node)
        line = first_token.get(node)
        if line is None and isinstance(node, URIRef):
            line = _first_mention(lines, str(node), prefixes)
        locations[node] = Location(shown, line or 1)


def _first_mention(lines: list[str], iri: str, prefixes: dict[str, str]) -> int | None:
    spellings = [f"<{iri}>"] + [f"{p}:{iri[len(ns):]}" for p, ns in prefixes.items() if iri.startswith(ns)]
    for number, line in enumerate(lines, start=1):
        if any(s in line for s in spellings):
            return number
    return None


def load_graph_files(files: Iterable[Path], resources: Resources | None = None) -> tuple[Dataset, dict[Node, Location]]:
    """Parse data files into one Dataset (named graphs kept) and find where each subject is defined."""
    dataset = bind_prefixes(Dataset())
    locations: dict[Node, Location] = {}
    typed_at: set[Node] = set()
    for path in files:
        shown = resources.relative(path) if resources else str(path)
        parsed = parse_file(path, shown)
        subjects: set[Node] = set()
        typed: set[Node] = set()
        for s, p, o, g in parsed.quads((None, None, None, None)):
            if p == RDF.type:
                typed.add(s)
            graph_id = g if g is not None else DATASET_DEFAULT_GRAPH_ID
            if isinstance(graph_id, Graph):
                graph_id = graph_id.identifier
            if graph_id != DATASET_DEFAULT_GRAPH_ID and not isinstance(graph_id, URIRef):
                graph_id = DATASET_DEFAULT_GRAPH_ID
            dataset.graph(graph_id).add((s, p, o))
            subjects.add(s)
        for gname in {g.identifier for g in parsed.graphs()}:
            if isinstance(gname, URIRef) and gname != DATASET_DEFAULT_GRAPH_ID:
                subjects.add(gname)
        _locate_subjects(path, shown, subjects, typed, locations, typed_at)
    return dataset, locations


def load_ontology(resources: Resources) -> Graph:
    """The ontology modules and vocabularies (not the shapes), in one graph."""
    graph = bind_prefixes(Graph())
    files = sorted(p for p in resources.ontology.rglob("*.ttl") if resources.shapes not in p.parents)
    for path in files:
        graph += _parse_plain(path, resources)
    return graph


def load_shapes(resources: Resources) -> Graph:
    """Every SHACL shapes file under ``ontology/shapes/``, in one graph."""
    graph = bind_prefixes(Graph())
    for path in sorted(resources.shapes.glob("*.ttl")):
        graph += _parse_plain(path, resources)
    return graph


def _parse_plain(path: Path, resources: Resources) -> Graph:
    ds = parse_file(path, resources.relative(path))
    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def load_project(paths: Iterable[str | Path] | None = None, root: str | Path | None = None) -> Project:
    """Load ontology, shapes and data. ``paths`` (files or folders) replace the project's ``graph/``."""
    resources = locate(root)
    files = data_files(list(paths) if paths else [resources.graph])
    if not files:
        raise InputError("no RDF data files found", path=resources.relative(resources.graph),
                         hint="expected " + ", ".join(sorted(FORMATS)) + " files")
    dataset, locations = load_graph_files(files, resources)
    return Project(
        resources=resources,
        ontology=load_ontology(resources),
        shapes=load_shapes(resources),
        dataset=dataset,
        files=files,
        locations=locations,
    )


__all__ = ["FORMATS", "Location", "Project", "data_files", "load_project", "parse_file"]
