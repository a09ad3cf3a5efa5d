"""Where the graph lives: one dataset layout (:mod:`.layout`), one interface (:mod:`.base`), two stores
(:mod:`.oxigraph` in memory or on disk, :mod:`.endpoint` a remote SPARQL endpoint), opened from the
command-line options by :func:`open_store`.

Every query of battery-kg runs on a store; rdflib parses files with their line numbers, writes files
deterministically and runs pySHACL, and answers no query.
"""

from battery_kg.stores.base import Quad, QueryResult, Store
from battery_kg.stores.endpoint import EndpointStore, auth_header, http_request, redact
from battery_kg.stores.layout import ONTOLOGY_GRAPH, Sources, ontology_files, sources
from battery_kg.stores.open import open_store, parse_store_spec
from battery_kg.stores.oxigraph import OxigraphStore
from battery_kg.stores.terms import StoreError, plain, to_oxigraph, to_rdflib

__all__ = [
    "ONTOLOGY_GRAPH", "EndpointStore", "OxigraphStore", "Quad", "QueryResult", "Sources", "Store", "StoreError",
    "auth_header", "http_request", "ontology_files", "open_store", "parse_store_spec", "plain", "redact",
    "sources", "to_oxigraph", "to_rdflib",
]
