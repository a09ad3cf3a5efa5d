r"""Load the ontology, the shapes and the data into rdflib graphs, remembering where each node is defined.

Data files are TriG (named graphs: one per source, see ``graph/sources.trig``), Turtle, N-Triples or
N-Quads. Triples outside any named graph are kept, in the default graph, so that validation can
report them as facts without a source.

Every file is read once, as bytes: a UTF-8 byte-order mark is dropped, and CR-LF, CR-only and mixed
line endings all become LF before parsing (a CR-only file would otherwise be one long comment line).
Refused with a ``file:line:col`` :class:`~battery_kg.errors.InputError` (exit 2), before anything is
written: a file under ``graph/`` whose extension is not one of :data:`FORMATS` (a stray ``.rdf``,
``.json`` or editor backup ``x.trig~`` is not skipped silently), a folder that cannot be listed, a
character XML cannot carry (``\u0000`` and other control characters, a lone surrogate ``\uD800``,
written raw or as an escape), an IRI that is not an absolute RFC 3987 IRI (:mod:`battery_kg.iri`;
relative references are refused rather than resolved against the file's location), and a number that
is not finite (``"NaN"``, ``"INF"``, ``"1e999"^^xsd:double``). A command that needs only a store reads
the same files by :mod:`battery_kg.stores.fill` (Oxigraph's parser, the same checks, this module's path
for any file it doubts), so that every command refuses the same files with the same message.

A syntax error is located from rdflib's public message (its line and the text around the failing
place), never from the parser's private attributes.

Where a node is defined (used for ``file:line`` in every report): the first line of a data file
whose first token is the node's IRI, written in full or with one of the file's prefixes; failing
that, the first line that mentions it at all; failing that, line 1 of the first file that states
something about it.
"""

from __future__ import annotations

import codecs
import logging
import math
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph
from rdflib.namespace import RDF, SH, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from battery_kg.errors import InputError, one_line
from battery_kg.iri import iri_problem
from battery_kg.namespaces import BKG, bind_prefixes
from battery_kg.resources import Resources, locate

FORMATS = {".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".nq": "nquads"}
"""Data file types battery-kg reads, by extension."""

_PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_RELATIVE_BASE = "https://relative-iri.battery-kg.invalid/"
"""The base relative references are resolved against while parsing, so that they can be recognised and refused."""
_ESCAPE_RE = re.compile(r"(\\+)(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
"""A run of backslashes before ``uXXXX`` or ``UXXXXXXXX``: an escape when the run is odd (``\\\\u`` is a backslash, then u)."""
_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NUMERIC_TYPES = {XSD.double, XSD.float, XSD.decimal, XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte,
                 XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger,
                 XSD.unsignedLong, XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte}
"""Datatypes whose values must be finite numbers (``"NaN"^^xsd:double`` is refused)."""
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
    """The loaded project: ontology, shapes, data (named graph per source) and node locations, and
    the store its queries run on (:attr:`store`)."""

    resources: Resources
    ontology: Graph
    shapes: Graph
    dataset: Dataset
    files: list[Path]
    locations: dict[Node, Location] = field(default_factory=dict)
    _data: Graph | None = None
    sources: dict[Path, "ReadFile"] = field(default_factory=dict)
    """Each data file as read (its text, triples and graph names), for the lint: no file is read twice."""
    ontology_sources: dict[Path, "ReadFile"] = field(default_factory=dict)
    """Each ontology file (not the shapes) as read, for the lint."""
    _store: object = None

    @property
    def store(self):
        """The project's data and ontology in an in-memory Oxigraph store (:mod:`battery_kg.stores`), filled
        on first use and kept: every query about the project (the catalogue, stats, plants) runs there."""
        if self._store is None:
            from battery_kg.stores.oxigraph import OxigraphStore

            self._store = OxigraphStore.from_project(self)
        return self._store

    @property
    def data(self) -> Graph:
        """Every data triple, all named graphs merged into one graph: a read-only view of :attr:`dataset`'s
        own store (each triple once, however many graphs state it), not a copy."""
        if self._data is None:
            self._data = DataView(self.dataset)
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


class DataView(ConjunctiveGraph):
    """The union of a Dataset's graphs as one read-only graph over the Dataset's store: each triple once.

    What :attr:`Project.data` is. It holds no triples of its own, so that a million-triple project is kept
    in memory once, not once per view (rdflib's union graph, read through its public ``store`` argument).
    """

    def __init__(self, dataset: Dataset) -> None:
        super().__init__(store=dataset.store)

    def add(self, triple):
        raise TypeError("Project.data is a read-only view of Project.dataset: add to a graph of the dataset")

    def addN(self, quads):
        raise TypeError("Project.data is a read-only view of Project.dataset: add to a graph of the dataset")

    def remove(self, triple):
        raise TypeError("Project.data is a read-only view of Project.dataset: remove from the dataset")


@dataclass(frozen=True)
class Source:
    """One file as read: its name as shown to people, its text (line endings made LF) and its parsed data."""

    shown: str
    text: str
    dataset: Dataset


@dataclass(frozen=True)
class ReadFile:
    """What the lint needs of a file :func:`load_project` read, kept instead of its parsed Dataset (which
    would be a second copy of every triple): its name as shown, its text, its triples and named graphs."""

    shown: str
    text: str
    triples: frozenset = frozenset()
    graph_names: frozenset = frozenset()

    @classmethod
    def of(cls, source: Source) -> "ReadFile":
        parsed = source.dataset
        return cls(source.shown, source.text, frozenset((s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None))),
                   frozenset(g.identifier for g in parsed.graphs() if isinstance(g.identifier, URIRef)))


def shown_name(path: Path | str) -> str:
    """A file name as printed in messages: characters that do not print (a line break...) escaped."""
    return one_line(str(path))


def read_text(path: Path, shown: str | None = None) -> str:
    """The text of an RDF file: UTF-8 (a byte-order mark dropped), every line ending made LF, XML-safe."""
    shown = shown_name(shown or path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected an RDF file", path=shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=shown) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + data[: exc.start].count(b"\r") - data[: exc.start].count(b"\r\n") + 1
        col = exc.start - max(data.rfind(b"\n", 0, exc.start), data.rfind(b"\r", 0, exc.start))
        raise InputError("not valid UTF-8", path=shown, line=line, col=col,
                         hint="save the file as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_characters(text, shown)
    return text


def _forbidden(code: int) -> str | None:
    """Why a code point cannot be in the data (every output format, GraphML and HTML included, is XML-safe)."""
    if code == 0:
        return "a NUL character (\\u0000)"
    if code < 0x20 and code not in (0x09, 0x0A, 0x0D):
        return f"the control character U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is half of a character"
    if code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
        return f"U+{code:04X}, which is not a character"
    return None


def unsafe_character(value: str) -> bool:
    """Does ``value`` hold a character no output format can carry (NUL, a control character, a lone surrogate...)?"""
    return _UNSAFE_RE.search(value) is not None


def _check_characters(text: str, shown: str) -> None:
    for match in _UNSAFE_RE.finditer(text):
        line, col = _line_col(text, match.start())
        raise InputError(f"{_forbidden(ord(match.group()))} cannot be stored (XML and most tools refuse it)",
                         path=shown, line=line, col=col)
    if "\\u" not in text and "\\U" not in text:  # most files: no escape to look at (the search is 40x faster)
        return
    for match in _ESCAPE_RE.finditer(text):
        if len(match.group(1)) % 2 == 0:
            continue
        code = int(match.group(2)[1:], 16)
        why = _forbidden(code)
        if why:
            line, col = _line_col(text, match.start() + len(match.group(1)) - 1)
            raise InputError(f"\\{match.group(2)} is {why} and cannot be stored", path=shown, line=line, col=col,
                             hint="remove it, or write the character itself")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _find(text: str, needles: Iterable[str]) -> tuple[int, int] | None:
    for needle in needles:
        if needle:
            index = text.find(needle)
            if index >= 0:
                return _line_col(text, index)
    return None


def parse_file(path: Path, shown: str | None = None) -> Dataset:
    """Parse one RDF file into a Dataset, or raise :class:`InputError` with ``file:line:col``."""
    return read_source(path, shown).dataset


def read_source(path: Path, shown: str | None = None) -> Source:
    """Read and parse one RDF file once, checking its characters, IRIs and numbers."""
    shown = shown_name(shown or path)
    fmt = file_format(path, shown)
    return parse_text(read_text(path, shown), fmt, shown)


def file_format(path: Path, shown: str) -> str:
    """The format of a file from its extension (a value of :data:`FORMATS`), or an :class:`InputError`."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            f"unknown file type {path.suffix or '(none)'!r}",
            path=shown,
            hint="battery-kg reads " + ", ".join(sorted(FORMATS)) + " files; convert it, or move it out of the folder",
        )
    return fmt


def parse_text(text: str, fmt: str, shown: str) -> Source:
    """Parse the text of one file (as :func:`read_text` returns it) with rdflib and check its terms.

    ``fmt`` is a value of :data:`FORMATS`; the errors are the contract's ``file:line:col`` ones."""
    ds = Dataset()
    try:
        with _quiet_rdflib():
            ds.parse(data=text, format=fmt, publicID=_RELATIVE_BASE)
    except BadSyntax as exc:
        raise _syntax_error(exc, text, shown) from None
    except Exception as exc:  # rdflib raises assorted errors for N-Triples/N-Quads and bad IRIs
        line = _line_in_message(str(exc)) or _failing_line(text, fmt)
        raise InputError(f"cannot parse as {fmt}: {_first_line(str(exc))}", path=shown, line=line) from None
    _check_terms(ds, text, shown)
    return Source(shown, text, ds)


def _failing_line(text: str, fmt: str) -> int | None:
    """N-Triples and N-Quads are one statement a line: the first line that fails on its own is the one."""
    if fmt not in ("nt", "nquads"):
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        try:
            with _quiet_rdflib():
                Dataset().parse(data=line + "\n", format=fmt)
        except Exception:  # noqa: BLE001 - any failure locates the line
            return number
    return None


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "malformed"


def _check_terms(ds: Dataset, text: str, shown: str) -> None:
    """Refuse IRIs that are not RFC 3987 IRIs and numbers that are not finite, located in the text."""
    seen: set[Node] = set()
    for quad in ds.quads((None, None, None, None)):
        if isinstance(quad[0], Literal) or not isinstance(quad[1], URIRef):  # N3 allows these, RDF does not
            what, term = ("subject", quad[0]) if isinstance(quad[0], Literal) else ("predicate", quad[1])
            line, col = _find(text, [term.n3(), f'"{term}"', str(term)]) or (1, 1)
            raise InputError(f"{term.n3()} cannot be a {what}: in RDF a {what} is an IRI", path=shown, line=line,
                             col=col)
        for term in quad:
            if isinstance(term, Graph):
                term = term.identifier
            if term in seen:
                continue
            seen.add(term)
            if isinstance(term, URIRef):
                _check_iri(str(term), text, shown)
            elif isinstance(term, Literal):
                if term.datatype is not None and term.datatype not in seen:
                    seen.add(term.datatype)
                    _check_iri(str(term.datatype), text, shown)
                bad = _UNSAFE_RE.search(str(term))
                if bad:  # reached through an escape such as \b or \f (raw ones and \u escapes are refused earlier)
                    line, col = _find(text, ["\\b", "\\f"]) or (1, 1)
                    raise InputError(f"{_forbidden(ord(bad.group()))} cannot be stored (XML and most tools refuse it)",
                                     path=shown, line=line, col=col)
                if term.datatype in NUMERIC_TYPES:
                    _check_number(term, text, shown)


def _check_iri(iri: str, text: str, shown: str) -> None:
    if iri.startswith(_RELATIVE_BASE):
        written = iri[len(_RELATIVE_BASE):]
        line, col = _find(text, [f"<{written}>", f"<{written}", written]) or (1, 1)
        raise InputError(f"relative IRI <{written}>: write the IRI in full (https://...) or with a prefix",
                         path=shown, line=line, col=col)
    problem = iri_problem(iri)
    if problem:
        tail = re.split(r"[/#:]", iri)[-1]
        line, col = _find(text, [f"<{iri}>", f"<{iri}", tail]) or (1, 1)
        raise InputError(f"bad IRI <{iri}>: {problem}", path=shown, line=line, col=col)


def _check_number(term: Literal, text: str, shown: str) -> None:
    if finite(str(term), term.datatype) is not False:
        return
    # rdflib normalises the lexical form ("NaN" -> "nan"): find the value as written.
    for match in _TYPED_RE.finditer(text):
        if finite(match.group(2), None) is False:
            line, col = _line_col(text, match.start())
            written = match.group(2)
            break
    else:
        line, col, written = 1, 1, str(term)
    raise InputError(f'"{written}" is not a finite number', path=shown, line=line, col=col,
                     hint="a value must be a number; leave the property out when it is not known")


_TYPED_RE = re.compile(r"""(["'])([^"'\\\n]*)\1\s*\^\^""")


def finite(lexical: str, datatype: URIRef | None) -> bool | None:
    """False for NaN, INF and numbers too large for a double; True when finite; None when not a number.

    >>> finite("NaN", XSD.decimal), finite("1e999", XSD.double), finite("1.5", XSD.double), finite("abc", None)
    (False, False, True, None)
    """
    word = lexical.strip().lower().lstrip("+-")
    if word in ("nan", "inf", "infinity"):
        return False
    if datatype is None or datatype in (XSD.double, XSD.float):
        try:
            return math.isfinite(float(lexical))
        except ValueError:
            return None  # ill-typed: validation and lint report it with its file and line
    return True


@contextmanager
def _quiet_rdflib():
    """rdflib logs a traceback for every ill-typed literal (``"abc"^^xsd:integer``) while parsing, and
    a warning for every IRI it finds suspicious.

    An ill-typed literal is data that does not conform, which validation and lint report with its file
    and line; a bad IRI is refused by :func:`_check_iri` with its file, line and column. The noise on
    stderr would only frighten people, so it is silenced here.
    """
    import warnings

    loggers = [logging.getLogger(name) for name in ("rdflib.term", "rdflib")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _syntax_error(exc: BadSyntax, text: str, shown: str) -> InputError:
    """The error at the place rdflib's message shows.

    rdflib's public message reads ``at line N of <base>:``, ``Bad syntax (WHY) at ^ in:`` and up to 60
    bytes either side of the failing offset (``"...b'before'^b'after'..."``). The offset is where that
    context occurs in the text (the occurrence nearest line N when it occurs more than once); at the
    end of the file, or when the context cannot be found, the error points just after the last
    character or at line N.
    """
    message = str(exc)
    match = _BAD_SYNTAX_RE.match(message)
    if match is None:
        return InputError(f"syntax error: {_first_line(message)}", path=shown, line=_line_in_message(message) or 1)
    reported, why, context = int(match["line"]), match["why"], match["context"]
    split = _split_context(context)
    # rdflib cuts its context from the UTF-8 bytes at character offsets: the place the context is found
    # at in the bytes, plus the length of the part before the ^, is the failing character's offset.
    data = text.encode("utf-8")
    end = len(text.rstrip())
    offset = None
    if split is not None:
        before, after = split
        offset = _nearest(data, before + after, reported, len(before))
    if offset is None:
        line, col = (reported, 1) if reported <= text.count("\n") + 1 else _line_col(text, end)
    else:
        line, col = _line_col(text, min(offset, end))  # at the end of the file: just after its last character
    return InputError(f"syntax error: {_first_line(why)}", path=shown, line=line, col=col)


_BAD_SYNTAX_RE = re.compile(r'at line (?P<line>\d+) of <[^\n]*>:\nBad syntax \((?P<why>.*)\) at \^ in:\n"(?P<context>.*)"\Z',
                            re.DOTALL)


def _split_context(context: str) -> tuple[bytes, bytes] | None:
    """The bytes before and after the ``^`` of rdflib's context (two ``bytes`` literals, maybe ``...``-padded)."""
    import ast

    context = context.removeprefix("...")
    if context.endswith("..."):
        context = context[:-3]
    for index, char in enumerate(context):
        if char != "^":
            continue
        try:
            before, after = ast.literal_eval(context[:index]), ast.literal_eval(context[index + 1:])
        except (ValueError, SyntaxError):
            continue
        if isinstance(before, bytes) and isinstance(after, bytes):
            return before, after
    return None


def _nearest(data: bytes, needle: bytes, line: int, shift: int) -> int | None:
    """Byte offset of ``needle`` in ``data`` (plus ``shift``), the occurrence nearest to ``line``."""
    best = None
    at = data.find(needle)
    while at >= 0:
        distance = abs(data.count(b"\n", 0, at) + 1 - line)
        if best is None or distance < best[0]:
            best = (distance, at + shift)
        at = data.find(needle, at + 1)
    return best[1] if best else None


def _line_in_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def data_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the RDF files below them (sorted); a named file must exist.

    Nothing below a folder is skipped silently: a file of another type, a folder that cannot be
    listed, a broken link or a folder reached twice through links is an :class:`InputError`.
    """
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files.extend(_walk(path))
        elif path.exists():
            files.append(path)
        elif path.is_symlink():
            raise InputError("broken symbolic link", path=shown_name(path))
        else:
            raise InputError("no such file or directory", path=shown_name(path))
    return files


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    visited: set[str] = set()

    def refuse(exc: OSError) -> None:
        raise InputError(f"cannot list folder: {exc.strerror}", path=shown_name(exc.filename or folder),
                         hint="make it readable, or move it out of the folder") from None

    for here, dirs, names in os.walk(folder, onerror=refuse, followlinks=True):
        real = os.path.realpath(here)
        if real in visited:
            raise InputError("folder reached twice through symbolic links", path=shown_name(here))
        visited.add(real)
        dirs.sort()
        for name in sorted(names):
            path = Path(here) / name
            try:
                mode = path.stat().st_mode
            except FileNotFoundError:
                raise InputError("broken symbolic link" if path.is_symlink() else "no such file",
                                 path=shown_name(path)) from None
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", path=shown_name(path)) from None
            if not stat.S_ISREG(mode):
                raise InputError("not a regular file", path=shown_name(path))
            if path.suffix.lower() not in FORMATS:
                raise InputError(f"unknown file type {path.suffix or '(none)'!r}: not read", path=shown_name(path),
                                 hint="battery-kg reads " + ", ".join(sorted(FORMATS))
                                 + " files; convert it, or move it out of the folder")
            found.append(path)
    return sorted(found)


def _locate_subjects(
    text: str, shown: str, subjects: set[Node], typed: set[Node], locations: dict[Node, Location], typed_at: set[Node]
) -> None:
    prefixes: dict[str, str] = {}
    first_token: dict[Node, int] = {}
    lines = text.split("\n")
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


def dataset_quads(parsed: Dataset) -> Iterable[tuple[Node, Node, Node, URIRef]]:
    """The quads of a parsed file with the graph each goes to: its named graph when that is an IRI, else
    the default graph (``DATASET_DEFAULT_GRAPH_ID``; a TriG graph named by a blank node has no source)."""
    for s, p, o, g in parsed.quads((None, None, None, None)):
        graph_id = g if g is not None else DATASET_DEFAULT_GRAPH_ID
        if isinstance(graph_id, Graph):
            graph_id = graph_id.identifier
        if graph_id != DATASET_DEFAULT_GRAPH_ID and not isinstance(graph_id, URIRef):
            graph_id = DATASET_DEFAULT_GRAPH_ID
        yield s, p, o, graph_id


def load_graph_files(files: Iterable[Path], resources: Resources | None = None,
                     sources: dict[Path, ReadFile] | None = None) -> tuple[Dataset, dict[Node, Location]]:
    """Parse data files into one Dataset (named graphs kept) and find where each subject is defined.

    Each file is read once; when ``sources`` is given, what was read is kept there (for lint).
    """
    dataset = bind_prefixes(Dataset())
    locations: dict[Node, Location] = {}
    typed_at: set[Node] = set()
    for path in files:
        shown = shown_name(resources.relative(path) if resources else str(path))
        source = read_source(path, shown)
        if sources is not None:
            sources[path] = ReadFile.of(source)
        parsed = source.dataset
        subjects: set[Node] = set()
        typed: set[Node] = set()
        for s, p, o, graph_id in dataset_quads(parsed):
            if p == RDF.type:
                typed.add(s)
            dataset.graph(graph_id).add((s, p, o))
            subjects.add(s)
        for gname in {g.identifier for g in parsed.graphs()}:
            if isinstance(gname, URIRef) and gname != DATASET_DEFAULT_GRAPH_ID:
                subjects.add(gname)
        _locate_subjects(source.text, shown, subjects, typed, locations, typed_at)
    return dataset, locations


def ontology_paths(resources: Resources) -> list[Path]:
    """The ontology's modules and vocabularies (not the shapes), sorted; none is an :class:`InputError`."""
    from battery_kg.stores.layout import ontology_files

    files = ontology_files(resources)
    if not files:
        raise InputError("no ontology modules (*.ttl) in this folder", path=shown_name(resources.relative(resources.ontology)),
                         hint="remove the empty ontology/ folder to use the one shipped with battery-kg")
    return files


def shapes_paths(resources: Resources) -> list[Path]:
    """The SHACL shapes files under ``ontology/shapes/``, sorted; none is an :class:`InputError`."""
    files = sorted(resources.shapes.glob("*.ttl"))
    if not files:
        raise InputError("no SHACL shapes (*.ttl) in this folder: nothing could be checked",
                         path=shown_name(resources.relative(resources.shapes)),
                         hint="an ontology/ folder must hold shapes/ with the shapes files")
    return files


def require_shapes(declared: bool, resources: Resources) -> None:
    """Refuse shapes files that declare no shape (``declared``: one is typed sh:NodeShape or sh:PropertyShape)."""
    if not declared:
        raise InputError("the shapes files declare no sh:NodeShape: nothing could be checked",
                         path=shown_name(resources.relative(resources.shapes)))


SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)
"""A shapes file must type at least one node with one of these."""


def load_ontology(resources: Resources, sources: dict[Path, ReadFile] | None = None) -> Graph:
    """The ontology modules and vocabularies (not the shapes), in one graph; each file as read kept in
    ``sources`` when given."""
    graph = bind_prefixes(Graph())
    for path in ontology_paths(resources):
        graph += _parse_plain(path, resources, sources)
    return graph


def load_shapes(resources: Resources) -> Graph:
    """Every SHACL shapes file under ``ontology/shapes/``, in one graph."""
    graph = bind_prefixes(Graph())
    for path in shapes_paths(resources):
        graph += _parse_plain(path, resources)
    require_shapes(any((None, RDF.type, kind) in graph for kind in SHAPE_TYPES), resources)
    return graph


def _parse_plain(path: Path, resources: Resources, sources: dict[Path, ReadFile] | None = None) -> Graph:
    source = read_source(path, shown_name(resources.relative(path)))
    if sources is not None:
        sources[path] = ReadFile(source.shown, source.text)
    ds = source.dataset
    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def load_project(paths: Iterable[str | Path] | None = None, root: str | Path | None = None) -> Project:
    """Load ontology, shapes and data. ``paths`` (files or folders) replace the project's ``graph/``."""
    resources = locate(root)
    files = data_files(list(paths) if paths else [resources.graph])
    if not files:
        raise InputError("no RDF data files found", path=shown_name(resources.relative(resources.graph)),
                         hint="expected " + ", ".join(sorted(FORMATS)) + " files")
    sources: dict[Path, ReadFile] = {}
    dataset, locations = load_graph_files(files, resources, sources)
    ontology_sources: dict[Path, ReadFile] = {}
    return Project(
        resources=resources,
        ontology=load_ontology(resources, ontology_sources),
        ontology_sources=ontology_sources,
        shapes=load_shapes(resources),
        dataset=dataset,
        files=files,
        locations=locations,
        sources=sources,
    )


__all__ = ["FORMATS", "SHAPE_TYPES", "DataView", "Location", "Project", "ReadFile", "Source", "data_files", "dataset_quads", "file_format", "finite",
           "load_project", "ontology_paths", "parse_file", "parse_text", "read_source", "read_text", "require_shapes",
           "shapes_paths", "unsafe_character"]
