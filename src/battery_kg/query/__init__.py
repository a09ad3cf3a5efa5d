"""The query catalogue and the one way a query runs: on a store (:mod:`battery_kg.stores`).

* :mod:`.catalogue` reads ``queries/*.rq`` (header, parameters, syntax checked by Oxigraph);
* :mod:`.params` turns text a person types into RDF terms, resolving entities in the store;
* :mod:`.run` runs a query on a store (:func:`run`), or by name for a notebook (:func:`execute`);
* :mod:`.output` writes the answer: a table with labels, W3C results formats, Turtle or JSON-LD.

Every query sees the layout of :mod:`battery_kg.stores.layout`: one named graph per source, the
ontology graph, and their union as the default graph (unless the query names graphs with FROM).

>>> from rdflib import Dataset, Literal, URIRef
>>> from battery_kg.stores import OxigraphStore
>>> store = OxigraphStore(); ds = Dataset()
>>> _ = ds.graph(URIRef("urn:source")).add((URIRef("urn:x"), URIRef("urn:year"), Literal(2030)))
>>> store.add_dataset(ds)
>>> run(store, "SELECT ?x WHERE { ?x <urn:year> ?y }", {"y": Literal(2030)}).rows
[(rdflib.term.URIRef('urn:x'),)]
"""

from battery_kg.query.catalogue import ENGINES, QueryFile, adhoc, catalogue, check_syntax, find_query, load_query
from battery_kg.query.output import EXTENSIONS, FORMATS, format_name, format_table, labeller, serialize
from battery_kg.query.params import Param, bind_params
from battery_kg.query.run import PATH_VARS, execute, run
from battery_kg.sparql_text import with_values
from battery_kg.stores import ONTOLOGY_GRAPH, QueryResult

__all__ = [
    "ENGINES", "EXTENSIONS", "FORMATS", "ONTOLOGY_GRAPH", "PATH_VARS", "Param", "QueryFile", "QueryResult", "adhoc",
    "bind_params", "catalogue", "check_syntax", "execute", "find_query", "format_name", "format_table", "labeller",
    "load_query", "run", "serialize", "with_values",
]
