"""The interface every store implements, and the one result type every query returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from rdflib import Graph, URIRef
from rdflib.term import Node

from battery_kg.sparql_text import with_values
from battery_kg.stores.layout import ONTOLOGY_GRAPH

Quad = tuple[Node, Node, Node, URIRef | None]
"""A quad with rdflib terms; graph ``None`` is the default graph."""


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str  # "select" | "ask" | "graph"
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows) if self.kind == "select" else len(self.graph or ())


class Store(ABC):
    """A queryable dataset in the battery-kg layout (see :mod:`battery_kg.stores.layout`)."""

    name = "store"

    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query; ``params`` binds variables (name without ``?``) with a ``VALUES`` block at
        the start of its WHERE group (:func:`~battery_kg.sparql_text.with_values`), alike on every store."""
        return self._query(with_values(sparql, params) if params else sparql)

    @abstractmethod
    def _query(self, sparql: str) -> QueryResult:
        """Run SPARQL text as it is."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad of the store (graph ``None`` for the default graph)."""

    def graph_names(self) -> list[URIRef]:
        """Named graphs that hold at least one triple, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in result.rows if isinstance(row[0], URIRef))

    def counts(self) -> dict[str, int]:
        """Triples per named graph, by IRI."""
        result = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(g): int(n) for g, n in result.rows}

    def stats(self) -> dict:
        """Figures that every store computes alike: triples, per graph, subjects."""
        counts = self.counts()
        data_graphs = {g: n for g, n in counts.items() if g != str(ONTOLOGY_GRAPH)}
        subjects = self.query(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s>) }" % ONTOLOGY_GRAPH
        ).rows[0][0]
        # A fact stated by two sources is one triple in two graphs: count it once.
        triples = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(?g != <%s>) } }" % ONTOLOGY_GRAPH
        ).rows[0][0]
        return {
            "triples": int(triples),
            "quads": sum(data_graphs.values()),
            "ontology_triples": counts.get(str(ONTOLOGY_GRAPH), 0),
            "graphs": len(data_graphs),
            "subjects": int(subjects),
            "per_graph": dict(sorted(data_graphs.items())),
        }

    def close(self) -> None:
        """Release the store (a no-op for stores in memory)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
