"""Counts that summarise the graph: entities by class, facts by source, read from a store.

>>> from rdflib import Dataset, Literal, URIRef
>>> from rdflib.namespace import RDF, RDFS
>>> from battery_kg.namespaces import BKG, BKR
>>> from battery_kg.stores import OxigraphStore
>>> ds = Dataset(); g = ds.graph(BKR["source-graph"])
>>> _ = g.add((BKR.a, RDF.type, BKG.Gigafactory)); _ = g.add((BKR.b, RDF.type, BKG.Gigafactory))
>>> _ = ds.add((BKR["source-graph"], BKG.statedBy, BKR.article))
>>> _ = ds.add((BKR.article, RDFS.label, Literal("An article", lang="en")))
>>> store = OxigraphStore(); store.add_dataset(ds)
>>> s = summarise(store)
>>> s.triples, s.entities, s.entities_by_class, s.facts_by_source
(4, 2, {'bkg:Gigafactory': 2}, {'(no source)': 2, 'An article': 2})
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from battery_kg.labels import curie, labels
from battery_kg.namespaces import BKG
from battery_kg.stores.layout import ONTOLOGY_GRAPH

_DATA = ("{ GRAPH ?g { %(t)s } FILTER(?g != <%(o)s>) } UNION { %(t)s FILTER NOT EXISTS { GRAPH ?h { %(t)s } } }")
"""A triple pattern matched in the data: a source's graph, or only the default graph (not the ontology)."""


def _data(triple: str) -> str:
    return _DATA % {"t": triple, "o": ONTOLOGY_GRAPH}


_SOURCED = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(?g != <%s>) } }" % ONTOLOGY_GRAPH)
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { %s }" % _data("?s a ?c")
_BY_CLASS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { %s } GROUP BY ?c" % _data("?s a ?c")
_UNSOURCED = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } }"
_SOURCES = "SELECT ?g ?source WHERE { ?g <%s> ?source }" % BKG.statedBy
_KIND = "?%(v)s a ?%(v)sClass . ?%(v)sClass <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <%(c)s> ."
_PLANT = _KIND % {"v": "site", "c": BKG.ProductionSite}
_PLANTS = "SELECT (COUNT(DISTINCT ?site) AS ?n) WHERE { %s }" % _PLANT
_PLANT_COUNTRIES = ("SELECT (COUNT(DISTINCT ?country) AS ?n) WHERE { %s ?site <%s>+ ?country . %s }"
                    % (_PLANT, BKG.locatedIn, _KIND % {"v": "country", "c": BKG.Country}))
_SOURCE_DOCUMENTS = ("SELECT (COUNT(DISTINCT ?doc) AS ?n) WHERE { %s FILTER NOT EXISTS { %s } }"
                     % (_KIND % {"v": "doc", "c": BKG.SourceDocument}, _KIND % {"v": "doc", "c": BKG.EditorialNote}))
"""Production sites (cell, materials and recycling plants), the countries they are in, and the source documents
(editorial notes not counted), whatever the source that states them."""


@dataclass
class Summary:
    triples: int
    entities: int
    entities_by_class: dict[str, int]
    facts_by_source: dict[str, int]
    plants: int = 0
    plant_countries: int = 0
    sources: int = 0

    def as_dict(self) -> dict:
        return {
            "triples": self.triples,
            "entities": self.entities,
            "entitiesByClass": self.entities_by_class,
            "factsBySource": self.facts_by_source,
            "plants": self.plants,
            "plantCountries": self.plant_countries,
            "sources": self.sources,
        }

    def as_text(self) -> str:
        lines = [f"{self.triples} triples about {self.entities} entities",
                 f"{self.plants} production sites in {self.plant_countries} countries, "
                 f"{self.sources} source documents (editorial notes not counted)", "", "entities by class:"]
        width = max((len(k) for k in self.entities_by_class), default=0)
        lines += [f"  {k:<{width}}  {v:>6}" for k, v in self.entities_by_class.items()]
        lines += ["", "facts by source:"]
        width = max((len(k) for k in self.facts_by_source), default=0)
        lines += [f"  {k:<{width}}  {v:>6}" for k, v in self.facts_by_source.items()]
        return "\n".join(lines) + "\n"


def summarise(source) -> Summary:
    """The summary of a store's data (the ontology graph left out); a parsed project is put in Oxigraph first."""
    from battery_kg.stores import Store

    store = source if isinstance(source, Store) else source.store

    def number(text: str) -> int:
        return int(store.query(text).rows[0][0])

    by_class = Counter({curie(c): int(n) for c, n in store.query(_BY_CLASS).rows})
    per_graph = {g: n for g, n in store.counts().items() if g != str(ONTOLOGY_GRAPH)}
    stated_by: dict[str, object] = {}
    for g, src in store.query(_SOURCES).rows:
        stated_by.setdefault(str(g), src)
    names = labels(store, stated_by.values())
    facts: Counter[str] = Counter()
    for graph_name, n in per_graph.items():
        src = stated_by.get(graph_name)
        facts[names[src] if src is not None else f"(undeclared graph {curie(graph_name)})"] += n
    unsourced = number(_UNSOURCED)
    if unsourced:
        facts["(no source)"] = unsourced
    return Summary(
        triples=number(_SOURCED) + unsourced,  # a triple in two sources' graphs counts once
        entities=number(_ENTITIES),
        entities_by_class=dict(sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        facts_by_source=dict(sorted(facts.items(), key=lambda kv: (-kv[1], kv[0]))),
        plants=number(_PLANTS),
        plant_countries=number(_PLANT_COUNTRIES),
        sources=number(_SOURCE_DOCUMENTS),
    )
