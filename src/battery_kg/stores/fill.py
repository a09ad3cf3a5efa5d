"""Fill an Oxigraph store from the project's files quickly, under the input contract of :mod:`battery_kg.load`.

A command that only needs the store (``query``, ``export``, ``explorer``, ``serve``, the first fill of
``--store oxigraph:DIR``) does not need rdflib's graphs, line index or node locations: each file is read
once by :func:`battery_kg.load.read_text` (bytes, byte-order mark, line endings, the characters no output
can carry), parsed by Oxigraph, and its terms are checked as :mod:`battery_kg.load` checks rdflib's: IRIs
per RFC 3987 (:mod:`battery_kg.iri`), numbers that are finite, no control character or lone surrogate
reached through an escape. Each distinct term is checked once.

On any doubt the file goes the careful way, :func:`battery_kg.load.parse_text` on the text already read
(rdflib, then the same checks), so that a refused file is refused with exactly the message and
``file:line:col`` that ``validate`` gives, and a file rdflib reads where Oxigraph does not (a leading
``;``, ``"a"@en^^xsd:string``) holds the quads ``validate`` reads. The doubts: Oxigraph cannot parse the
file (which includes every relative IRI: no base IRI is given), a term fails a check, the graph of a
quad is a blank node (rdflib puts it in the default graph), the file sets a base IRI (the two parsers
resolve some relative references differently), or the file uses RDF 1.2, which rdflib does not read
(``VERSION``, triple terms, reifiers, directional language tags).

The layout is :mod:`battery_kg.stores.layout`'s: data files keep their own graphs, ontology files go to
:data:`~battery_kg.stores.layout.ONTOLOGY_GRAPH`; the shapes are read and checked, never stored.

Two differences from a fill through rdflib, both in how a literal is spelled and neither in its value:
Oxigraph keeps a literal's lexical form as written (rdflib writes ``"01"^^xsd:integer`` as ``"1"``,
``1e3`` as ``"1000.0"``), and writes language tags in lower case (rdflib keeps ``@en-GB``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from battery_kg.errors import InputError
from battery_kg.iri import iri_problem
from battery_kg.load import (FORMATS, NUMERIC_TYPES, SHAPE_TYPES, data_files, dataset_quads, file_format, finite,
                             ontology_paths, parse_text, read_text, require_shapes, shapes_paths, shown_name,
                             unsafe_character)
from battery_kg.resources import locate

_VERSION_RE = re.compile(r"@version\b|(?:^|[.}])[ \t\n]*version\b", re.IGNORECASE | re.MULTILINE)
"""RDF 1.2's ``VERSION`` directive, where a directive can stand: Oxigraph reads it, rdflib does not, and
it leaves no term to check. Looked for only in a file whose bytes hold ``version`` in any case."""


class _Doubt(Exception):
    """The fast path is not sure: read the file the careful way."""


class TermChecker:
    """Checks Oxigraph terms against the input contract; remembers the terms that passed."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self._numeric = {ox.NamedNode(str(t)): t for t in NUMERIC_TYPES}
        self._passed: set = set()

    def quad(self, quad) -> None:
        """Raise :class:`_Doubt` unless every term of ``quad`` (subject, predicate, object, graph) passes."""
        passed = self._passed
        if passed.issuperset(quad):  # the common case: every term seen before
            return
        for term in quad:
            if term not in passed:
                self._term(term)
                passed.add(term)

    def _term(self, term) -> None:
        ox = self._ox
        kind = type(term)
        if kind is ox.NamedNode:
            if iri_problem(term.value) is not None:
                raise _Doubt
        elif kind is ox.Literal:
            if term.direction is not None or unsafe_character(term.value):
                raise _Doubt
            datatype = term.datatype
            if datatype not in self._passed:
                self._term(datatype)
                self._passed.add(datatype)
            numeric = self._numeric.get(datatype)
            if numeric is not None and finite(term.value, numeric) is False:
                raise _Doubt
        elif kind is not ox.BlankNode and kind is not ox.DefaultGraph:
            raise _Doubt  # an RDF 1.2 triple term


def checked_quads(path: Path, shown: str, checker: TermChecker, graph=None) -> list:
    """The quads of one file as Oxigraph terms, checked; into ``graph`` (an Oxigraph term) when given,
    else each in its own graph. Raises the contract's :class:`InputError` for a file it refuses."""
    import pyoxigraph as ox

    from battery_kg.stores.oxigraph import rdf_formats

    fmt = file_format(path, shown)
    text = read_text(path, shown)
    data = text.encode("utf-8")
    try:
        if b"version" in data.lower() and _VERSION_RE.search(text):
            raise _Doubt
        parser = ox.parse(data, rdf_formats()[path.suffix.lower()], rename_blank_nodes=True)
        quads = list(parser)
        if parser.base_iri is not None:  # @base or BASE: rdflib resolves some references differently (<?q>)
            raise _Doubt
        for quad in quads:
            checker.quad(quad)
            if graph is None and type(quad.graph_name) is ox.BlankNode:
                raise _Doubt
    except (_Doubt, SyntaxError, ValueError):
        return _careful(text, fmt, shown, graph)
    if graph is not None:
        return [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads]
    return quads


def _careful(text: str, fmt: str, shown: str, graph) -> list:
    """The file read by rdflib with the contract's checks (raising their errors), as Oxigraph quads."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    import pyoxigraph as ox

    from battery_kg.stores.terms import to_oxigraph

    parsed = parse_text(text, fmt, shown).dataset
    out = []
    for s, p, o, g in dataset_quads(parsed):
        target = graph if graph is not None else (None if g == DATASET_DEFAULT_GRAPH_ID else to_oxigraph(g))
        term = (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        out.append(ox.Quad(*term, target) if target is not None else ox.Quad(*term))
    return out


def fill_checked(store, root: str | Path | None = None, paths: Iterable[str | Path] | None = None) -> None:
    """Fill ``store`` (an :class:`~battery_kg.stores.oxigraph.OxigraphStore`) with the project's data files
    (``paths`` replace its ``graph/``) and ontology, refusing what :func:`battery_kg.load.load_project`
    refuses, with the same first error: data files in order, then the ontology, then the shapes."""
    import pyoxigraph as ox

    from battery_kg.stores.layout import ONTOLOGY_GRAPH

    resources = locate(root)
    files = data_files(list(paths) if paths else [resources.graph])
    if not files:
        raise InputError("no RDF data files found", path=shown_name(resources.relative(resources.graph)),
                         hint="expected " + ", ".join(sorted(FORMATS)) + " files")
    checker = TermChecker()

    def shown(path: Path) -> str:
        return shown_name(resources.relative(path))

    def stored():
        for path in files:
            yield from checked_quads(path, shown(path), checker)
        ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
        for path in ontology_paths(resources):
            yield from checked_quads(path, shown(path), checker, graph=ontology)

    # One bulk load for every file: on disk, each call writes and ingests its own sorted files.
    store.raw.bulk_extend(stored())
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    kinds = {ox.NamedNode(str(kind)) for kind in SHAPE_TYPES}
    declared = False
    for path in shapes_paths(resources):
        quads = checked_quads(path, shown(path), checker)
        declared = declared or any(q.predicate == rdf_type and q.object in kinds for q in quads)
    require_shapes(declared, resources)


__all__ = ["TermChecker", "checked_quads", "fill_checked"]
