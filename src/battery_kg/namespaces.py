"""Every namespace and prefix the project uses, defined once.

>>> str(BKG.Gigafactory)
'https://w3id.org/battery-kg/def#Gigafactory'
>>> PREFIXES["bkr"] == str(BKR)
True
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BKG = Namespace("https://w3id.org/battery-kg/def#")
"""Ontology terms: classes and properties."""
BKV = Namespace("https://w3id.org/battery-kg/vocab/")
"""SKOS concepts and concept schemes."""
BKR = Namespace("https://w3id.org/battery-kg/id/")
"""Data: organisations, sites, statements, sources and fact graphs."""
BKSH = Namespace("https://w3id.org/battery-kg/shapes#")
"""SHACL shapes."""
ONTOLOGY_IRI = "https://w3id.org/battery-kg/def"

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
TIME = Namespace("http://www.w3.org/2006/time#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
EMMO_BATTERY = Namespace("https://w3id.org/emmo/domain/battery#")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, str] = {
    "bkg": str(BKG),
    "bkv": str(BKV),
    "bkr": str(BKR),
    "bksh": str(BKSH),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "time": str(TIME),
    "wgs": str(WGS),
    "geo": str(GEO),
    "emmo-battery": str(EMMO_BATTERY),
    "vann": str(VANN),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "sh": str(SH),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """``PREFIX`` lines for every project prefix, to put before a query that uses them.

    >>> sparql_prologue().splitlines()[0]
    'PREFIX bkg: <https://w3id.org/battery-kg/def#>'
    """
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
