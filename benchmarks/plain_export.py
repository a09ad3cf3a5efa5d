"""The export baseline: a plain script, nothing of battery-kg. It opens an Oxigraph store read-only, selects the
IRI-to-IRI triples of the union of its graphs, makes each an edge of a networkx MultiDiGraph and writes it with
``nx.write_graphml`` (no labels, classes, provenance, literals or layout).

    python benchmarks/plain_export.py STORE_DIR OUT.graphml
"""

import sys

import networkx as nx
import pyoxigraph as ox

store = ox.Store.read_only(sys.argv[1])
g = nx.MultiDiGraph()
for s, p, o in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER (isIRI(?o)) }", use_default_graph_as_union=True):
    g.add_edge(s.value, o.value, key=p.value)
nx.write_graphml(g, sys.argv[2])
print(g.number_of_nodes(), "nodes,", g.number_of_edges(), "edges")
