"""The ontology is documented, versioned with the package, and tied to standard vocabularies."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from battery_kg import __version__
from battery_kg.load import load_ontology
from battery_kg.namespaces import BKG, BKV
from battery_kg.resources import locate

STANDARD = (
    "https://schema.org/", "http://www.w3.org/ns/org#", "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#", "http://qudt.org/", "http://www.w3.org/2006/time#",
    "http://www.w3.org/2003/01/geo/wgs84_pos#", "http://www.opengis.net/ont/geosparql#",
    "https://w3id.org/emmo/domain/battery#", "https://spec.industrialontologies.org/",
    "http://xmlns.com/foaf/0.1/", "http://purl.org/dc/terms/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
)
MAPPINGS = (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
            SKOS.narrowMatch, SKOS.relatedMatch, OWL.equivalentClass, OWL.equivalentProperty)
# Terms whose subject is French by nature get a French label too; here every term has one.
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(locate())


def local_terms(ontology):
    return sorted({s for kind in KINDS for s in ontology.subjects(RDF.type, kind)
                   if isinstance(s, URIRef) and str(s).startswith(str(BKG))})


def test_there_are_terms(ontology):
    assert len(local_terms(ontology)) >= 100


def test_every_term_has_english_and_french_labels_and_a_definition(ontology):
    problems = []
    for term in local_terms(ontology):
        langs = {label.language for label in ontology.objects(term, RDFS.label)}
        if not {"en", "fr"} <= langs:
            problems.append(f"{term}: labels in {sorted(filter(None, langs))}")
        if not any(d.language == "en" for d in ontology.objects(term, SKOS.definition)):
            problems.append(f"{term}: no English definition")
    assert problems == []


def _standard(node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(STANDARD)


def test_every_term_specialises_or_matches_a_standard_term(ontology):
    def mapped(term, seen=()):
        for prop in MAPPINGS:
            for target in ontology.objects(term, prop):
                if _standard(target):
                    return True
                # a local super-term that is itself mapped: the term specialises that standard term
                if prop in (RDFS.subClassOf, RDFS.subPropertyOf) and str(target).startswith(str(BKG)) \
                        and target not in seen and mapped(target, (*seen, term)):
                    return True
        return False

    assert [t for t in local_terms(ontology) if not mapped(t)] == []


def test_every_module_is_an_ontology_with_this_version(ontology):
    root = locate().ontology
    files = sorted(p for p in root.rglob("*.ttl"))
    assert len(files) >= 14
    modules = sorted(ontology.subjects(RDF.type, OWL.Ontology))
    assert len(modules) >= 14
    for module in modules:
        version_iri = ontology.value(module, OWL.versionIRI)
        assert version_iri is not None and f"/{__version__}" in str(version_iri), module
        assert str(ontology.value(module, OWL.versionInfo)) == __version__, module
        assert ontology.value(module, URIRef("http://purl.org/dc/terms/license")) is not None, module


def test_the_top_file_imports_every_module(ontology):
    top = URIRef("https://w3id.org/battery-kg/def")
    imported = set(ontology.objects(top, OWL.imports))
    modules = {m for m in ontology.subjects(RDF.type, OWL.Ontology) if m != top}
    assert modules - imported == set()


def test_transport_modes_carry_unece_recommendation_19_codes(ontology):
    codes = {str(ontology.value(BKV[m], SKOS.notation)) for m in ("maritime", "rail", "road", "inland-waterway")}
    assert codes == {"1", "2", "3", "8"}
