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
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from battery_kg.atomic import atomic_write_text
from battery_kg.errors import BatteryKGError
from battery_kg.namespaces import ONTOLOGY_IRI, bind_prefixes


def documented_graph(ontology: Graph) -> Graph:
    """The ontology as pyLODE should see it: one ``owl:Ontology`` (the top one), no concept schemes."""
    top = URIRef(ONTOLOGY_IRI)
    modules = {s for s in ontology.subjects(RDF.type, OWL.Ontology) if s != top}
    graph = bind_prefixes(Graph())
    for s, p, o in ontology:
        if s in modules or (p == RDF.type and o == SKOS.ConceptScheme):
            continue
        graph.add((s, p, o))
    return graph


def ontology_html(ontology: Graph) -> str:
    """The reference page (HTML text) for ``ontology``; deterministic."""
    try:
        from pylode import OntPub
    except Exception as exc:  # pylode 3.4 raises at import time on Python 3.11
        raise BatteryKGError(f"cannot import pyLODE: {exc}", hint="pip install 'pylode==3.3.4'") from None
    quiet = logging.getLogger()
    level = quiet.level
    quiet.setLevel(max(level, logging.WARNING))
    try:
        return OntPub(ontology=documented_graph(ontology)).make_html()
    finally:
        quiet.setLevel(level)


def write_ontology_docs(project, path: str | Path) -> Path:
    """Write the ontology reference page to ``path``, atomically."""
    path = Path(path)
    atomic_write_text(path, ontology_html(project.ontology))
    return path


__all__ = ["documented_graph", "ontology_html", "write_ontology_docs"]
