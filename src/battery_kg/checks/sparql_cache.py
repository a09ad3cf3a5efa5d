"""A graph that parses each SPARQL text once, for pySHACL.

pySHACL runs a SPARQL-based constraint (``sh:sparql``) as query text with ``$this`` bound, once per
focus node, through the data graph's ``query``; rdflib parses and translates that text on every call,
which is most of the time such a constraint takes. :class:`PreparedQueryGraph` keeps each text's
parsed and translated form (for the same base and prefixes); evaluation is unchanged. Only the graph
built for validation is such a graph: nothing process-wide is patched.
"""

from __future__ import annotations

from rdflib import Graph

_PREPARED: dict = {}
"""Parsed and translated queries by (text, base, prefixes), shared by every such graph of the process."""


class PreparedQueryGraph(Graph):
    """An rdflib Graph whose :meth:`query` reuses the parsed form of a SPARQL text it has seen."""

    def query(self, query_object, processor="sparql", result="sparql", initNs=None,  # noqa: N803
              initBindings=None, use_store_provided=True, **kwargs):
        if isinstance(query_object, str) and processor == "sparql":
            key = (query_object, kwargs.get("base"), tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in _PREPARED:
                from rdflib.plugins.sparql import prepareQuery  # here: importing it builds the SPARQL grammar

                _PREPARED[key] = prepareQuery(query_object, initNs=dict(initNs or {}), base=kwargs.get("base"))
            query_object = _PREPARED[key]
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


__all__ = ["PreparedQueryGraph"]
