"""Counts that summarise the graph: entities by class, facts by source.

>>> from battery_kg import load_project
>>> s = summarise(load_project())
>>> s.entities_by_class["bkg:Gigafactory"]
18
>>> s.plants, s.plant_countries, s.sources
(23, 9, 69)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS

from battery_kg.labels import curie, label_of
from battery_kg.load import Project
from battery_kg.namespaces import BKG


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


def summarise(project: Project) -> Summary:
    data = project.data
    by_class = Counter(curie(cls) for _s, cls in data.subject_objects(RDF.type))
    facts: Counter[str] = Counter()
    for graph_name in project.fact_graphs():
        source = project.data.value(graph_name, BKG.statedBy)
        name = label_of(source, data) if source is not None else f"(undeclared graph {curie(graph_name)})"
        facts[name] += len(project.dataset.graph(graph_name))
    unsourced = len(project.dataset.graph(DATASET_DEFAULT_GRAPH_ID))
    if unsourced:
        facts["(no source)"] = unsourced
    subjects = {s for s in data.subjects(RDF.type)}
    plants, countries = _plants(project)
    return Summary(
        triples=len(data),
        entities=len(subjects),
        entities_by_class=dict(sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        facts_by_source=dict(sorted(facts.items(), key=lambda kv: (-kv[1], kv[0]))),
        plants=len(plants),
        plant_countries=len(countries),
        sources=len(_instances(project, BKG.SourceDocument) - _instances(project, BKG.EditorialNote)),
    )


def _instances(project: Project, cls) -> set:
    """Data nodes typed with ``cls`` or one of its subclasses in the ontology."""
    classes = set(project.ontology.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in project.data.subjects(RDF.type, c)}


def _plants(project: Project) -> tuple[set, set]:
    """Production sites (cell, materials and recycling plants) and the countries they are in, any source."""
    plants = _instances(project, BKG.ProductionSite)
    country_nodes = _instances(project, BKG.Country)
    countries = {c for p in plants for c in project.data.transitive_objects(p, BKG.locatedIn) if c in country_nodes}
    return plants, countries
