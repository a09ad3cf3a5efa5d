"""Oxigraph through pyoxigraph: the store that answers queries, in memory or in a folder.

A folder store remembers the files it was loaded from (:data:`MANIFEST`: path, size, SHA-256 of each):
opened again for the same project it is reused as it is when they are unchanged, and reloaded when
they changed (saying which); a folder that holds data but no manifest is refused, since nothing says
what is in it.

>>> from rdflib import Dataset, URIRef, Literal
>>> ds = Dataset()
>>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
>>> store = OxigraphStore(); store.add_dataset(ds)
>>> store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
[(rdflib.term.Literal('x'),)]
>>> store.query("SELECT ?o FROM <urn:other> WHERE { ?s ?p ?o }").rows
[]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

from rdflib import Dataset, Graph

from battery_kg.errors import UsageError
from battery_kg.namespaces import bind_prefixes
from battery_kg.sparql_text import names_dataset
from battery_kg.stores.base import Quad, QueryResult, Store
from battery_kg.stores.guard import without_network
from battery_kg.stores.layout import ONTOLOGY_GRAPH, Sources, changes, fingerprint
from battery_kg.stores.terms import StoreError, to_oxigraph, to_rdflib

MANIFEST = "battery-kg-files.json"
"""File in a store's folder listing the files it was loaded from."""


def rdf_formats():
    """Oxigraph's parser for each data file extension battery-kg reads (the table is :data:`battery_kg.load.FORMATS`)."""
    import pyoxigraph as ox

    from battery_kg.load import FORMATS

    by_name = {"trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "nquads": ox.RdfFormat.N_QUADS}
    return {ext: by_name[name] for ext, name in FORMATS.items()}


def _memo(convert):
    """``convert`` remembering its answers, for one query's terms."""
    seen: dict = {}

    def term(value):
        if value is None:
            return None
        found = seen.get(value)
        if found is None:
            found = seen[value] = convert(value)
        return found

    return term


class OxigraphStore(Store):
    """Oxigraph in memory (``path=None``) or persistent in a folder."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = Path(path) if path else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store in {self.path}: {exc}") from None

    @property
    def raw(self):
        """The underlying :class:`pyoxigraph.Store`."""
        return self._store

    # ---- filling

    @classmethod
    def from_project(cls, project, path: str | Path | None = None) -> "OxigraphStore":
        """A store holding a project already parsed by rdflib (data graphs and ontology)."""
        store = cls(path)
        store.add_project(project)
        return store

    def add_dataset(self, dataset: Dataset, ontology: Graph | None = None) -> None:
        import pyoxigraph as ox

        def quads():
            for s, p, o, g in dataset.quads((None, None, None, None)):
                gid = g.identifier if isinstance(g, Graph) else g
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(gid))
            for s, p, o in ontology if ontology is not None else ():
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(ONTOLOGY_GRAPH))

        self._store.bulk_extend(quads())

    def add_graph(self, graph: Graph) -> None:
        """Add the triples of an rdflib Graph to the default graph."""
        import pyoxigraph as ox

        self._store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)

    def add_project(self, project) -> None:
        """Add a project parsed by rdflib (its data graphs, and its ontology in :data:`ONTOLOGY_GRAPH`)."""
        self.add_dataset(project.dataset, project.ontology)

    def sync(self, sources: Sources, fill) -> None:
        """Make a folder store hold exactly ``sources``: load an empty one, reuse an unchanged one,
        reload a changed one (saying what changed on stderr), refuse one that battery-kg did not fill.
        ``fill()`` fills the empty store (:func:`battery_kg.stores.fill.fill_checked`: the files under the
        input contract); when it raises, the store is left empty."""
        assert self.path is not None, "sync is for a store in a folder"
        manifest = self.path / MANIFEST
        current = fingerprint(sources)
        if len(self._store) > 0:
            if not manifest.is_file():
                raise StoreError(f"{self.path} holds an Oxigraph store that battery-kg did not load (no {MANIFEST}), "
                                 "so it cannot tell which files it holds: give an empty or new folder")
            try:
                recorded = json.loads(manifest.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise StoreError(f"cannot read {manifest}: {exc}") from None
            changed = changes(recorded, current)
            if not changed:
                return
            shown = "; ".join(changed[:3]) + (f"; and {len(changed) - 3} more" if len(changed) > 3 else "")
            print(f"battery-kg: {self.path}: reloading, the files changed since it was loaded ({shown})", file=sys.stderr)
            manifest.unlink()
            self._store.clear()
        try:
            fill()
        except BaseException:
            self._store.clear()  # a refused file leaves the folder empty, not half-filled and unlisted
            raise
        self.flush()
        manifest.write_text(json.dumps(current, indent=1) + "\n", encoding="utf-8")

    # ---- reading

    def _query(self, sparql: str) -> QueryResult:
        """Run ``sparql``; its default graph is the union of the store's graphs unless it names its own
        dataset (``FROM``/``FROM NAMED``, graphs of this store only). The query runs, and its answer is
        read to the end, where no network socket can be opened (``SERVICE`` never leaves the process)."""
        try:
            return without_network(self._answer, sparql)
        except SyntaxError as exc:
            raise UsageError(f"query syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise UsageError(f"query failed: {exc}") from None

    def _answer(self, sparql: str) -> QueryResult:
        import pyoxigraph as ox

        result = self._store.query(sparql, use_default_graph_as_union=not names_dataset(sparql))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            term = _memo(to_rdflib)  # answers repeat their terms (statuses, units, sites): convert each once
            rows = [tuple(term(value) for value in solution) for solution in result]
            return QueryResult("select", names, rows)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        graph = bind_prefixes(Graph())
        for t in result:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return QueryResult("graph", graph=graph)

    def quads(self) -> Iterator[Quad]:
        for q in self._store.quads_for_pattern(None, None, None, None):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
