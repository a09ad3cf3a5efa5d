"""Parse each SPARQL query text once while pySHACL validates.

pySHACL runs a SPARQL-based constraint (``sh:sparql``) as query text with ``$this`` bound, once per
focus node, and rdflib parses and translates that text on every call: most of the time such a
constraint takes. Inside :func:`reused_sparql_queries`, rdflib's SPARQL processor reuses the parsed and
translated query for the same text, base and prefixes; evaluation is unchanged. The patch is undone on
leaving the block.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor


@contextmanager
def reused_sparql_queries() -> Iterator[None]:
    """Within this block, the same SPARQL text is parsed and translated only once."""
    original = SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in cache:
                cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original
