"""Vocabulary lint: the data uses the ontology's terms, and uses them the way the ontology says.

Checks, each reported as a located :class:`~battery_kg.checks.validate.Finding` (``file:line: severity: ...``):

* ``undeclared-term`` (violation): a predicate or class used in the data is neither declared in the
  ontology nor one of the standard terms in :data:`STANDARD_TERMS`; a concept (``bkv:``) used in the
  data is not in a vocabulary. A typo must not silently mint a new term.
* ``undocumented-term`` (violation): a class, property or datatype the ontology declares in its own
  namespace has no ``rdfs:label`` or no ``skos:definition``.
* ``blank-node`` (violation): data must name every node with an IRI (blank node ids are random).
* ``iri-pattern`` (violation): a ``bkr:`` IRI does not match :data:`DATA_IRI_PATTERN`.
* ``literal-datatype`` (violation): a literal does not carry the datatype the ontology gives the
  property (``rdfs:range``), is ill-formed for its own datatype, or stands where the range is a class.
  A value of a derived type fits its base (``xsd:integer`` for ``xsd:decimal``), and a whole number
  within bounds fits ``xsd:positiveInteger``. Only a warning: a language-tagged string where the range
  is ``xsd:string``.
* ``unused-prefix`` (warning): a file declares a prefix it never uses.
* ``disjoint-classes`` (violation): a node is typed with two classes the ontology declares disjoint
  (see :mod:`battery_kg.checks.consistency`).

Where a finding points (its ``file:line``): for a term, the first line of the file that writes it
(in full or with one of the file's prefixes); for a value (a literal, a blank node), the first line
that writes the property at or after the line where its subject is defined (:mod:`battery_kg.load`);
for a node, the line where it is defined; for a prefix, the line that declares it.

>>> from battery_kg import load_project
>>> [f for f in lint(load_project()) if f.severity == "Violation"]
[]
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from battery_kg.labels import curie
from battery_kg.load import Location, Project, ReadFile, read_source, read_text, shown_name
from battery_kg.namespaces import BKG, BKR, BKV
from battery_kg.checks.validate import Finding, Report
from battery_kg.stores.layout import ontology_files

DATA_IRI_PATTERN = re.compile(r"^https://w3id\.org/battery-kg/id/[a-z0-9]+(-[a-z0-9]+)*$")
"""Every ``bkr:`` resource IRI: lower-case words of letters and digits joined by single hyphens."""

STANDARD_TERMS: frozenset[URIRef] = frozenset({
    RDF.type,
    RDFS.label, RDFS.comment, RDFS.seeAlso,
    SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.definition, SKOS.note, SKOS.scopeNote,
    SKOS.editorialNote, SKOS.notation, SKOS.inScheme, SKOS.broader, SKOS.narrower, SKOS.related,
    SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
    SKOS.narrowMatch, SKOS.relatedMatch,
    SKOS.Concept, SKOS.ConceptScheme,
    OWL.sameAs, OWL.differentFrom,
})
"""The one allow-list of terms the data may use without the battery-kg ontology declaring them."""

DECLARING_TYPES = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDF.Property, RDFS.Datatype)
"""A term is declared when the ontology gives it one of these types."""

LINT_SHAPE = "lint"
"""``source_shape`` of every lint finding; the rule is in ``component`` as ``lint:<rule>``."""

_PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_IRI_RE = re.compile(r"<[^>\s]*>")
_STRING_RE = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_COMMENT_RE = re.compile(r"#[^\n]*")

_TZ = r"(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?"
_LEXICAL = {
    XSD.gYear: re.compile(r"-?(?:[1-9]\d{4,}|\d{4})" + _TZ),
    XSD.gYearMonth: re.compile(r"-?\d{4,}-(?:0[1-9]|1[0-2])" + _TZ),
    XSD.date: re.compile(r"-?\d{4,}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])" + _TZ),
    XSD.integer: re.compile(r"[+-]?\d+"),
    XSD.decimal: re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"),
    XSD.boolean: re.compile(r"true|false|1|0"),
}
"""Lexical forms (XML Schema 1.1 part 2) checked here because rdflib accepts some that are wrong (``"abcd"^^xsd:gYear``)."""

_XSD_PARENT = {
    XSD.integer: XSD.decimal, XSD.nonNegativeInteger: XSD.integer, XSD.positiveInteger: XSD.nonNegativeInteger,
    XSD.nonPositiveInteger: XSD.integer, XSD.negativeInteger: XSD.nonPositiveInteger, XSD.long: XSD.integer,
    XSD.int: XSD.long, XSD.short: XSD.int, XSD.byte: XSD.short, XSD.unsignedLong: XSD.nonNegativeInteger,
    XSD.normalizedString: XSD.string, XSD.token: XSD.normalizedString,
}
_INTEGER_BOUNDS = {XSD.positiveInteger: (1, None), XSD.nonNegativeInteger: (0, None),
                   XSD.negativeInteger: (None, -1), XSD.nonPositiveInteger: (None, 0)}


@dataclass
class SourceText:
    """One RDF file as text: its lines and prefixes, for locating terms."""

    path: str
    lines: list[str]
    prefixes: dict[str, str] = field(default_factory=dict)
    prefix_lines: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path, shown: str) -> "SourceText":
        return cls.of(shown, read_text(path, shown))

    @classmethod
    def of(cls, shown: str, content: str) -> "SourceText":
        text = cls(shown, content.split("\n"))
        for number, line in enumerate(text.lines, start=1):
            m = _PREFIX_RE.match(line)
            if m:
                text.prefixes[m.group(1) or ""] = m.group(2)
                text.prefix_lines.setdefault(m.group(1) or "", number)
        return text

    def spellings(self, iri: str) -> list[str]:
        return [f"<{iri}>"] + [f"{p}:{iri[len(ns):]}" for p, ns in self.prefixes.items()
                               if iri.startswith(ns) and iri != ns]

    def line_of(self, iri: str, as_subject: bool = False) -> int | None:
        """First line whose first token is ``iri`` (``as_subject``), else first line that writes it."""
        spellings = self.spellings(iri)
        pattern = re.compile("(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\w:/#-])")
        if as_subject:
            for number, line in enumerate(self.lines, start=1):
                if pattern.match(line.lstrip()):
                    return number
        for number, line in enumerate(self.lines, start=1):
            if not _PREFIX_RE.match(line) and pattern.search(line):
                return number
        return None

    def unused_prefixes(self) -> list[str]:
        body = "\n".join(line for line in self.lines if not _PREFIX_RE.match(line))
        body = _COMMENT_RE.sub("", _STRING_RE.sub('""', _IRI_RE.sub("<>", body)))
        return sorted(p for p in self.prefixes
                      if not re.search(r"(?<![\w.:-])" + re.escape(p) + r":", body))


def declared_terms(ontology: Graph) -> set[URIRef]:
    """Every term the ontology declares (classes, properties, datatypes) and every concept and scheme."""
    terms: set[URIRef] = set()
    for kind in DECLARING_TYPES + (SKOS.Concept, SKOS.ConceptScheme):
        terms.update(s for s in ontology.subjects(RDF.type, kind) if isinstance(s, URIRef))
    return terms


def lint(project: Project, consistency: bool = True) -> list[Finding]:
    """Every lint finding for the project's data and ontology, sorted by file and line."""
    from battery_kg.checks.consistency import disjointness_findings

    declared = declared_terms(project.ontology)
    findings: list[Finding] = []
    for path in project.files:
        # What load_project read (each file is read once: no second read that could differ or fail).
        read = project.sources.get(path) or ReadFile.of(read_source(path, shown_name(project.resources.relative(path))))
        source = SourceText.of(read.shown, read.text)
        triples, graph_names = read.triples, read.graph_names
        findings += _undeclared(project, source, triples, declared)
        findings += _blank_nodes(project, source, triples)
        findings += _iri_pattern(source, triples, graph_names)
        findings += _literals(project, source, triples)
        findings += _unused_prefixes(source)
    findings += _undocumented(project)
    if consistency:
        findings += disjointness_findings(project)
    return sorted(set(findings), key=Finding.sort_key)


def lint_finding(where: Location, focus: Node | str, label: str, rule: str, message: str,
                 severity: str = "Violation", path: Node | None = None, value: str | None = None) -> Finding:
    """A lint finding in the same shape as a SHACL one (``source_shape`` ``lint``, rule in ``component``)."""
    return Finding(path=where.path, line=where.line, focus=str(focus), focus_label=label,
                   result_path=curie(path) if path is not None else None, message=message,
                   severity=severity, source_shape=LINT_SHAPE, component=f"lint:{rule}", value=value)


def _where(project: Project, source: SourceText, node: Node) -> Location:
    loc = project.location(node)
    if loc is not None and loc.path == source.path:
        return loc
    line = source.line_of(str(node), as_subject=True) if isinstance(node, URIRef) else None
    return Location(source.path, line or (loc.line if loc and loc.path == source.path else 1))


def _statement(project: Project, source: SourceText, subject: Node, predicate: URIRef) -> Location:
    """The line that writes ``predicate`` at or after the line where ``subject`` is defined in this file."""
    start = _where(project, source, subject)
    spellings = source.spellings(str(predicate)) + (["a"] if predicate == RDF.type else [])
    pattern = re.compile(r"(?<![\w:/#-])(?:" + "|".join(re.escape(x) for x in spellings) + r")(?![\w:/#-])")
    for number in range(start.line, len(source.lines) + 1):
        if pattern.search(source.lines[number - 1]):
            return Location(source.path, number)
    return start


def _undeclared(project: Project, source: SourceText, triples: set, declared: set[URIRef]) -> list[Finding]:
    used: dict[URIRef, tuple[str, Node]] = {}
    for s, p, o in sorted(triples):
        used.setdefault(p, ("property", s))
        if p == RDF.type and isinstance(o, URIRef):
            used.setdefault(o, ("class", s))
        elif isinstance(o, URIRef) and o.startswith(str(BKV)):
            used.setdefault(o, ("concept", s))
    out = []
    known = sorted(str(t) for t in declared)
    for term, (kind, subject) in sorted(used.items()):
        if term in declared or term in STANDARD_TERMS:
            continue
        if kind == "concept" and (term, None, None) in project.data:
            continue  # a concept the data itself describes
        guess = difflib.get_close_matches(str(term), known, n=1, cutoff=0.8)
        hint = f"; did you mean {curie(URIRef(guess[0]))}?" if guess else ""
        line = source.line_of(str(term)) or _where(project, source, subject).line
        out.append(lint_finding(Location(source.path, line), subject, project.label(subject), "undeclared-term",
                                f"uses {kind} {curie(term)}, which the ontology does not declare{hint}",
                                value=curie(term)))
    return out


def _blank_nodes(project: Project, source: SourceText, triples: set) -> list[Finding]:
    out = []
    for s, p, o in sorted(triples):
        if isinstance(o, BNode) and not isinstance(s, BNode):
            out.append(lint_finding(_statement(project, source, s, p), s, project.label(s), "blank-node",
                                    f"the value of {curie(p)} is a blank node: give it an IRI under bkr:",
                                    path=p))
    if not out and any(isinstance(s, BNode) for s, _, _ in triples):
        out.append(lint_finding(Location(source.path, 1), source.path, source.path, "blank-node",
                                "the file has blank nodes: give every node an IRI under bkr:"))
    return out


def _iri_pattern(source: SourceText, triples: set, graph_names: set[URIRef]) -> list[Finding]:
    nodes = {n for t in triples for n in (t[0], t[2])} | graph_names
    out = []
    for node in sorted(n for n in nodes if isinstance(n, URIRef) and str(n).startswith(str(BKR))):
        if not DATA_IRI_PATTERN.match(str(node)):
            line = source.line_of(str(node), as_subject=True) or 1
            out.append(lint_finding(Location(source.path, line), node, curie(node), "iri-pattern",
                                    f"the IRI does not follow the pattern {DATA_IRI_PATTERN.pattern}"
                                    " (lower-case letters and digits in words joined by single hyphens)"))
    return out


def _literals(project: Project, source: SourceText, triples: set) -> list[Finding]:
    out = []
    for s, p, o in sorted(triples):
        if not isinstance(o, Literal):
            continue
        problem = literal_problem(project.ontology, p, o)
        if problem:
            # A language tag on an xsd:string property loses nothing a reader needs: a warning, not an error.
            tagged_string = o.language is not None and XSD.string in set(project.ontology.objects(p, RDFS.range))
            if tagged_string:
                problem += " (drop the language tag, or give the property the range rdf:langString)"
            out.append(lint_finding(_statement(project, source, s, p), s, project.label(s), "literal-datatype", problem,
                                    severity="Warning" if tagged_string else "Violation",
                                    path=p, value=o.n3(project.data.namespace_manager)))
    return out


def literal_problem(ontology: Graph, predicate: URIRef, literal: Literal) -> str | None:
    """Why ``literal`` is not a valid value of ``predicate`` given the ontology's ``rdfs:range``, or None.

    >>> from battery_kg.load import load_ontology
    >>> from battery_kg.resources import locate
    >>> onto = load_ontology(locate())
    >>> literal_problem(onto, BKG.value, Literal("16.0", datatype=XSD.decimal)) is None
    True
    >>> literal_problem(onto, BKG.value, Literal("16.0"))
    'bkg:value takes xsd:decimal, not xsd:string'
    """
    datatype = literal.datatype or (RDF.langString if literal.language else XSD.string)
    lexical = _LEXICAL.get(datatype)
    if getattr(literal, "ill_typed", False) or (lexical is not None and not lexical.fullmatch(str(literal))):
        return f"{literal!s} is not a valid {curie(datatype)}"
    ranges = [r for r in ontology.objects(predicate, RDFS.range) if isinstance(r, URIRef)]
    if not ranges or RDFS.Literal in ranges:
        return None
    for rng in ranges:
        if _datatype_fits(ontology, rng, datatype, literal):
            return None
    rng = ranges[0]
    if not _is_datatype(ontology, rng):
        return f"{curie(predicate)} takes a node of class {curie(rng)}, not a literal"
    return f"{curie(predicate)} takes {curie(rng)}, not {curie(datatype)}"


def _is_datatype(ontology: Graph, node: URIRef) -> bool:
    return (node.startswith(str(XSD)) or node in (RDF.langString, RDFS.Literal, RDF.PlainLiteral)
            or (node, RDF.type, RDFS.Datatype) in ontology)


def _datatype_fits(ontology: Graph, rng: URIRef, datatype: URIRef, literal: Literal) -> bool:
    if rng == datatype:
        return True
    if not _is_datatype(ontology, rng):
        return False
    ancestor = datatype
    while ancestor in _XSD_PARENT:  # a value of a derived type is a value of its base type
        ancestor = _XSD_PARENT[ancestor]
        if ancestor == rng:
            return True
    bounds = _INTEGER_BOUNDS.get(rng)
    if bounds and datatype in (XSD.integer, XSD.decimal):  # "4" written as xsd:integer for xsd:positiveInteger
        try:
            number = Decimal(str(literal))
        except InvalidOperation:
            return False
        low, high = bounds
        return number == number.to_integral_value() and (low is None or number >= low) and (high is None or number <= high)
    return False


def _unused_prefixes(source: SourceText) -> list[Finding]:
    return [lint_finding(Location(source.path, source.prefix_lines[p]), source.prefixes[p], f"prefix {p}:",
                         "unused-prefix", f"the prefix {p}: is declared but never used", severity="Warning")
            for p in source.unused_prefixes()]


def _undocumented(project: Project) -> list[Finding]:
    if project.ontology_sources:  # as load_project read them: no file is read twice
        sources = [SourceText.of(read.shown, read.text) for _, read in sorted(project.ontology_sources.items())]
    else:
        sources = [SourceText.read(p, project.resources.relative(p)) for p in ontology_files(project.resources)]
    onto = project.ontology
    out = []
    terms = {t for kind in DECLARING_TYPES for t in onto.subjects(RDF.type, kind)
             if isinstance(t, URIRef) and t.startswith(str(BKG))}
    for term in sorted(terms):
        missing = [name for name, prop in (("rdfs:label", RDFS.label), ("skos:definition", SKOS.definition))
                   if onto.value(term, prop) is None]
        if not missing:
            continue
        where = next((Location(s.path, line) for s in sources if (line := s.line_of(str(term), as_subject=True))),
                     Location(sources[0].path if sources else "ontology", 1))
        out.append(lint_finding(where, term, curie(term), "undocumented-term",
                                f"the ontology declares {curie(term)} without " + " and ".join(missing)))
    return out


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "Violation" for f in findings)


def with_lint(project: Project, report: Report, files: Iterable[str] | None = None,
              nodes: Iterable[Node] | None = None) -> Report:
    """``report`` with the lint findings added (only those in ``files`` or on ``nodes`` when given)."""
    found = lint(project)
    if files is not None or nodes is not None:
        keep_files = set(files or ())
        keep_nodes = {str(n) for n in nodes or ()}
        found = [f for f in found if f.path in keep_files or f.focus in keep_nodes]
    return Report(conforms=report.conforms and not has_errors(found),
                  findings=sorted(set(report.findings) | set(found), key=Finding.sort_key), graph=report.graph)


__all__ = ["DATA_IRI_PATTERN", "STANDARD_TERMS", "declared_terms", "has_errors", "lint", "literal_problem", "with_lint"]
