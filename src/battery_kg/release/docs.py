"""Ontology reference documentation: one HTML page generated from the ontology with pyLODE.

pyLODE (``OntPub`` profile) documents one ontology: it takes the title and metadata of the graph's
``owl:Ontology`` (or ``skos:ConceptScheme``) node. Our ontology is split into modules and SKOS
vocabularies, each its own ``owl:Ontology`` or scheme, so the page is made from the merged modules
with only the top ontology (``https://w3id.org/battery-kg/def``) left as the documented one: the
modules' own header triples and the schemes' ``rdf:type skos:ConceptScheme`` are set aside, so
pyLODE does not pick a module's or a vocabulary's title. Every class and property is documented.

pyLODE is pinned to 3.3.4: 3.4 fails to import on Python 3.11. The page embeds its style and icons
(data: URIs); its links to term IRIs are plain hyperlinks, nothing is loaded from the network.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from battery_kg.atomic import atomic_write_text
from battery_kg.errors import BatteryKGError
from battery_kg.namespaces import ONTOLOGY_IRI, bind_prefixes


LANGUAGE = "en"
"""The language of the page: the one label, definition and title each term shows in its heading."""
LANGUAGE_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "en": "English"}
TEXT_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, RDFS.comment, DCTERMS.title,
                   DCTERMS.description)
"""Properties whose text pyLODE would run together when given in several languages."""


@dataclass
class Documented:
    """What pyLODE is given (:attr:`graph`), and what is set aside to be shown in rows of its own."""

    graph: Graph
    other_languages: dict[URIRef, list[tuple[str, str, str]]] = field(default_factory=dict)
    """term -> [(property label, language, text)] for texts not in :data:`LANGUAGE`."""
    functional: set[URIRef] = field(default_factory=set)
    """Properties typed ``owl:FunctionalProperty`` besides object or datatype property."""


def _english_label(ontology: Graph, term) -> str:
    for prop in (RDFS.label, SKOS.prefLabel):
        for value in ontology.objects(term, prop):
            if isinstance(value, Literal) and value.language in (LANGUAGE, None):
                return str(value)
    return str(term)


def documented(ontology: Graph) -> Documented:
    """The ontology as pyLODE should see it: one ``owl:Ontology`` (the top one), no concept schemes,
    texts in one language (others set aside), each property typed once (pyLODE lists a property once
    per type: an object property that is also functional came twice, with the same HTML id), and the
    triples added sorted by the English label of their subject, so that pyLODE, which lists terms in
    the order its graph yields them, lists them alphabetically whatever PYTHONHASHSEED is."""
    top = URIRef(ONTOLOGY_IRI)
    modules = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if s != top}
    out = Documented(bind_prefixes(Graph()))
    kept = []
    for s, p, o in ontology:
        if s in modules or (p == RDF.type and o == SKOS.ConceptScheme):
            continue
        if p in TEXT_PROPERTIES and isinstance(o, Literal) and o.language not in (LANGUAGE, None):
            out.other_languages.setdefault(s, []).append((_PROPERTY_NAMES[p], o.language, str(o)))
            continue
        if s == top and p in (RDFS.label, SKOS.prefLabel) and (top, DCTERMS.title, None) in ontology:
            continue  # pyLODE shows an ontology's label and title run together as its title: one title
        if p == RDF.type and o == OWL.FunctionalProperty and any(
                (s, RDF.type, t) in ontology for t in (OWL.ObjectProperty, OWL.DatatypeProperty)):
            out.functional.add(s)
            continue
        kept.append((s, p, o))
    labels: dict = {}
    for s, _, _ in kept:
        if s not in labels:
            labels[s] = _english_label(ontology, s).casefold()
    for triple in sorted(kept, key=lambda t: (labels[t[0]], str(t[0]), str(t[1]), t[2].n3())):
        out.graph.add(triple)
    for entries in out.other_languages.values():
        entries.sort()
    return out


_PROPERTY_NAMES = {RDFS.label: "Label", SKOS.prefLabel: "Label", SKOS.altLabel: "Also called",
                   SKOS.definition: "Definition", RDFS.comment: "Comment", DCTERMS.title: "Title",
                   DCTERMS.description: "Description"}


def documented_graph(ontology: Graph) -> Graph:
    """The graph pyLODE documents; see :func:`documented`."""
    return documented(ontology).graph


def _add_rows(page: str, doc: Documented) -> str:
    """Rows under each term's IRI: its texts in other languages ("Label (French)"), and "functional"."""
    def rows(iri: str) -> str:
        term = URIRef(iri)
        out = [f'<tr><th>{escape(name)} ({LANGUAGE_NAMES.get(lang, lang)})</th><td lang="{escape(lang)}">{escape(text)}</td></tr>'
               for name, lang, text in doc.other_languages.get(term, [])]
        if term in doc.functional:
            out.append("<tr><th>Characteristics</th><td>functional: at most one value per subject</td></tr>")
        return "".join(out)

    def insert(match: re.Match) -> str:
        return match.group(0) + rows(unescape(match.group(1)))

    return _IRI_ROW.sub(insert, page)


_IRI_ROW = re.compile(r"<th>IRI</th>\s*<td>\s*<code>([^<]+)</code>\s*</td>\s*</tr>")


def _check_ids(page: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', page)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise BatteryKGError(f"the ontology page repeats HTML ids: {', '.join(repeated[:10])}")


def ontology_html(ontology: Graph) -> str:
    """The reference page (HTML text) for ``ontology``; deterministic, whatever PYTHONHASHSEED is."""
    try:
        from pylode import OntPub
    except Exception as exc:  # pylode 3.4 raises at import time on Python 3.11
        raise BatteryKGError(f"cannot import pyLODE: {exc}", hint="pip install 'pylode==3.3.4'") from None
    doc = documented(ontology)
    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(max(level, logging.WARNING))
    try:
        page = OntPub(ontology=doc.graph).make_html()
    finally:
        quiet.setLevel(level)
    page = _add_rows(page, doc)
    _check_ids(page)
    return page


def write_ontology_docs(project, path: str | Path) -> Path:
    """Write the ontology reference page to ``path``, atomically."""
    path = Path(path)
    atomic_write_text(path, ontology_html(project.ontology))
    return path


__all__ = ["Documented", "documented", "documented_graph", "ontology_html", "write_ontology_docs"]
