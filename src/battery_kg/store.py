"""One interface over three triple stores: in-memory rdflib, embedded Oxigraph, a remote SPARQL endpoint.

Every store holds the same layout, so that a query gives the same answers on each:

* each data source in its own named graph (as in ``graph/*.trig``), unsourced triples in the default graph;
* the ontology (modules and vocabularies, not the shapes) in the named graph :data:`ONTOLOGY_GRAPH`;
* a query's default graph is the union of all of them (``GRAPH ?g`` still picks one source).

Results come back as rdflib terms, plain literals without a datatype (as rdflib parses them), so that
the query catalogue, export and stats code does not care which store answered.

>>> from rdflib import Dataset, URIRef, Literal
>>> ds = Dataset()
>>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), URIRef("urn:p"), Literal("x")))
>>> for store in (RdflibStore(ds), OxigraphStore.from_dataset(ds)):
...     print(store.name, store.query("SELECT ?o WHERE { ?s ?p ?o }").rows)
rdflib [(rdflib.term.Literal('x'),)]
oxigraph [(rdflib.term.Literal('x'),)]
"""

from __future__ import annotations

import base64
import json
import os
import urllib.parse
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.term import Node, Variable

from battery_kg.errors import BatteryKGError, InputError, UsageError
from battery_kg.namespaces import ONTOLOGY_IRI, bind_prefixes

ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)
"""Named graph that holds the ontology in every store."""

Quad = tuple[Node, Node, Node, URIRef | None]
"""A quad with rdflib terms; graph ``None`` is the default graph."""

STORE_KINDS = ("rdflib", "oxigraph")


class StoreError(BatteryKGError):
    """A store cannot be opened or reached, or refused a request."""


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


# ---------------------------------------------------------------- term conversion


def plain(term: Node | None) -> Node | None:
    """Drop ``xsd:string`` from literals, so that every store spells plain strings alike; write a whole
    ``xsd:decimal`` as ``16.0`` (XSD 1.0's canonical form, as the data files do), not ``16`` (Oxigraph's).

    >>> plain(Literal("16", datatype=XSD.decimal))
    rdflib.term.Literal('16.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    if isinstance(term, Literal) and not term.language:
        if term.datatype == XSD.string:
            return Literal(str(term))
        if term.datatype == XSD.decimal and str(term).lstrip("+-").isdigit():
            return Literal(str(term) + ".0", datatype=XSD.decimal)
    return term


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as an rdflib term."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        return plain(Literal(term.value, datatype=URIRef(datatype)))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"unsupported term {term!r}")


def to_oxigraph(term: Node | None):
    """An rdflib term as a pyoxigraph term (``None`` is the default graph)."""
    import pyoxigraph as ox

    if term is None or term == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported term {term!r}")


# ---------------------------------------------------------------- the interface


class Store(ABC):
    """A queryable dataset in the battery-kg layout (see the module docstring)."""

    name = "store"

    @abstractmethod
    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query; ``params`` binds variables (name without ``?``) before it runs."""

    @abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad of the store (graph ``None`` for the default graph)."""

    def graph_names(self) -> list[URIRef]:
        """Named graphs that hold at least one triple, sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row[0] for row in result.rows if isinstance(row[0], URIRef))

    def counts(self) -> dict[str, int]:
        """Triples per named graph (``""`` for the default graph), by IRI."""
        result = self.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {str(g): int(n) for g, n in result.rows}

    def stats(self) -> dict:
        """Figures that every store computes alike: triples, per graph, subjects, classes used."""
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

    def dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (named graphs kept)."""
        ds = bind_prefixes(Dataset())
        for s, p, o, g in self.quads():
            ds.graph(g if g is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, o))
        return ds

    def rdflib_graph(self, ontology: bool = False) -> Graph:
        """The data (and, if asked, the ontology) merged into one rdflib Graph, for code that needs one."""
        graph = bind_prefixes(Graph())
        for s, p, o, g in self.quads():
            if ontology or g != ONTOLOGY_GRAPH:
                graph.add((s, p, o))
        return graph

    def export(self, fmt: str = "nquads") -> bytes:
        """The whole store serialised (``nquads`` or ``trig``)."""
        return self.dataset().serialize(format=fmt, encoding="utf-8")

    def close(self) -> None:
        """Release the store (a no-op for stores in memory)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ---------------------------------------------------------------- rdflib


class RdflibStore(Store):
    """The default store: an rdflib Dataset in memory, queried with the default graph as the union."""

    name = "rdflib"

    def __init__(self, dataset: Dataset, ontology: Graph | None = None) -> None:
        ds = Dataset(default_union=True)
        for prefix, ns in dataset.namespaces():
            ds.bind(prefix, ns, override=True)
        for s, p, o, g in dataset.quads((None, None, None, None)):
            gid = g.identifier if isinstance(g, Graph) else g
            ds.graph(gid if gid is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, o))
        if ontology is not None:
            target = ds.graph(ONTOLOGY_GRAPH)
            for triple in ontology:
                target.add(triple)
        self._ds = ds

    @classmethod
    def from_project(cls, project) -> "RdflibStore":
        return cls(project.dataset, project.ontology)

    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> QueryResult:
        bindings = {Variable(k): v for k, v in (params or {}).items()}
        try:
            result = self._ds.query(sparql, initBindings=bindings or None)
        except Exception as exc:
            raise UsageError(f"query failed: {exc}") from None
        if result.type == "SELECT":
            names = [str(v) for v in result.vars]
            rows = [tuple(plain(row[i]) for i in range(len(names))) for row in result]
            return QueryResult("select", names, rows)
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        graph = bind_prefixes(Graph())
        for triple in result.graph if result.graph is not None else result:
            graph.add(triple)
        return QueryResult("graph", graph=graph)

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self._ds.quads((None, None, None, None)):
            gid = g.identifier if isinstance(g, Graph) else g
            yield s, p, o, (None if gid in (None, DATASET_DEFAULT_GRAPH_ID) else gid)

    def rdflib_graph(self, ontology: bool = False) -> Graph:
        return super().rdflib_graph(ontology)


# ---------------------------------------------------------------- Oxigraph (embedded)


class OxigraphStore(Store):
    """Oxigraph through pyoxigraph: in memory, or persistent in a folder (``--store oxigraph:DIR``)."""

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

    # ---- loading

    @classmethod
    def from_dataset(cls, dataset: Dataset, ontology: Graph | None = None, path: str | Path | None = None) -> "OxigraphStore":
        store = cls(path)
        store.add_dataset(dataset, ontology)
        return store

    @classmethod
    def from_project(cls, project, path: str | Path | None = None) -> "OxigraphStore":
        return cls.from_dataset(project.dataset, project.ontology, path)

    @classmethod
    def from_files(cls, files: Iterable[Path], ontology_files: Iterable[Path] = (), path: str | Path | None = None,
                   progress=None) -> "OxigraphStore":
        """Load RDF files straight into Oxigraph (the fast path: rdflib never sees the data)."""
        store = cls(path)
        store.load_files(files, ontology_files, progress=progress)
        return store

    def add_dataset(self, dataset: Dataset, ontology: Graph | None = None) -> None:
        import pyoxigraph as ox

        def quads():
            for s, p, o, g in dataset.quads((None, None, None, None)):
                gid = g.identifier if isinstance(g, Graph) else g
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(gid))
            for s, p, o in ontology if ontology is not None else ():
                yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.NamedNode(ONTOLOGY_IRI))

        self._store.bulk_extend(quads())

    def load_files(self, files: Iterable[Path], ontology_files: Iterable[Path] = (), progress=None) -> None:
        """Bulk-load data files (TriG/Turtle/N-Triples/N-Quads) and ontology files (into :data:`ONTOLOGY_GRAPH`)."""
        import pyoxigraph as ox

        formats = {".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                   ".nq": ox.RdfFormat.N_QUADS}
        jobs = [(Path(f), None) for f in files] + [(Path(f), ox.NamedNode(ONTOLOGY_IRI)) for f in ontology_files]
        for path, graph in jobs:
            fmt = formats.get(path.suffix.lower())
            if fmt is None:
                raise InputError(f"unknown file type {path.suffix!r}", path=path, hint="expected " + ", ".join(formats))
            try:
                kwargs = {"to_graph": graph} if graph is not None else {}
                self._store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), **kwargs)
            except SyntaxError as exc:
                raise InputError(f"syntax error: {exc.msg}", path=path, line=exc.lineno, col=exc.offset) from None
            except OSError as exc:
                raise InputError(f"cannot read: {exc}", path=path) from None
            if progress is not None:
                progress(path)

    # ---- reading

    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> QueryResult:
        import pyoxigraph as ox

        subs = {ox.Variable(k): to_oxigraph(v) for k, v in (params or {}).items()}
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as exc:
            raise UsageError(f"query syntax error: {exc}") from None
        except OSError as exc:
            raise UsageError(f"query failed: {exc}") from None
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [tuple(to_rdflib(sol[i]) for i in range(len(names))) for sol in result]
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

    def export(self, fmt: str = "nquads") -> bytes:
        import pyoxigraph as ox

        formats = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
        if fmt not in formats:
            raise UsageError(f"unknown export format {fmt!r}", hint="expected one of " + ", ".join(formats))
        return self._store.dump(format=formats[fmt])

    def rdflib_graph(self, ontology: bool = False) -> Graph:
        """An rdflib Graph over this store through oxrdflib when it has the data in its default graph,
        otherwise a copy of the merged data (oxrdflib cannot present a union of named graphs)."""
        return super().rdflib_graph(ontology)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()


# ---------------------------------------------------------------- remote SPARQL 1.1 endpoint


def auth_header() -> str | None:
    """The Authorization header from the environment: ``BATTERY_KG_TOKEN`` (bearer) or
    ``BATTERY_KG_USER`` + ``BATTERY_KG_PASSWORD`` (basic). Never from the command line."""
    token = os.environ.get("BATTERY_KG_TOKEN")
    if token:
        return f"Bearer {token}"
    user = os.environ.get("BATTERY_KG_USER")
    if user is not None:
        secret = f"{user}:{os.environ.get('BATTERY_KG_PASSWORD', '')}".encode()
        return "Basic " + base64.b64encode(secret).decode("ascii")
    return None


def redact(url: str) -> str:
    """A URL as it may be shown or logged: without user info, query string or fragment.

    >>> redact("http://bob:secret@host:7878/store?token=x")
    'http://host:7878/store'
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def http_request(url: str, method: str = "GET", data: bytes | None = None, headers: Mapping[str, str] | None = None,
                 timeout: float = 60.0) -> tuple[int, bytes, str]:
    """One HTTP request by :mod:`battery_kg.http_client` (checked URL, no redirects, the environment's
    credentials to that origin only); returns (status, body, content type)."""
    from battery_kg.http_client import HTTPError, request

    try:
        return request(url, method, data, headers, timeout)
    except HTTPError as exc:
        raise StoreError(exc.message) from None


def _json_term(value: Mapping | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if value.get("xml:lang"):
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    return plain(Literal(value["value"], datatype=URIRef(datatype) if datatype else None))


class EndpointStore(Store):
    """A remote SPARQL 1.1 Protocol endpoint (``--endpoint URL``), read with plain HTTP.

    The query's default graph is made the union of the endpoint's named graphs (``default-graph-uri``
    for each), as in the other stores; pass ``union=False`` for servers that already do so.
    """

    name = "endpoint"

    def __init__(self, url: str, union: bool = True, timeout: float = 120.0) -> None:
        from battery_kg.http_client import check_url

        self.url = check_url(url)
        self.union = union
        self.timeout = timeout
        self._graphs: list[str] | None = None

    def _post(self, sparql: str, accept: str, dataset: bool) -> tuple[bytes, str]:
        fields = [("query", sparql)]
        if dataset and self.union:
            graphs = self._named_graphs()
            fields += [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]
        body = urllib.parse.urlencode(fields).encode()
        status, data, ctype = http_request(
            self.url, "POST", body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, self.timeout,
        )
        if status >= 400:
            raise StoreError(f"{redact(self.url)} answered {status}: {data[:300].decode('utf-8', 'replace').strip()}")
        return data, ctype

    def _named_graphs(self) -> list[str]:
        if self._graphs is None:
            data, _ = self._post("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", "application/sparql-results+json", False)
            self._graphs = sorted(b["g"]["value"] for b in json.loads(data)["results"]["bindings"] if "g" in b)
        return self._graphs

    def query(self, sparql: str, params: Mapping[str, Node] | None = None) -> QueryResult:
        if params:
            names = sorted(params)
            sparql = sparql.rstrip() + "\nVALUES (" + " ".join("?" + n for n in names) + ") { (" + \
                " ".join(params[n].n3() for n in names) + ") }\n"
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        data, ctype = self._post(sparql, accept, True)
        if "json" in ctype:
            doc = json.loads(data)
            if "boolean" in doc:
                return QueryResult("ask", boolean=bool(doc["boolean"]))
            names = doc["head"].get("vars", [])
            rows = [tuple(_json_term(b.get(n)) for n in names) for b in doc["results"]["bindings"]]
            return QueryResult("select", names, rows)
        graph = bind_prefixes(Graph())
        fmt = "turtle" if "turtle" in ctype else "xml" if "xml" in ctype else "nt"
        graph.parse(data=data, format=fmt)
        return QueryResult("graph", graph=graph)

    def quads(self) -> Iterator[Quad]:
        named = self._post("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-results+json",
                           False)[0]
        seen: set = set()
        for b in json.loads(named)["results"]["bindings"]:
            quad = (_json_term(b["s"]), _json_term(b["p"]), _json_term(b["o"]), _json_term(b["g"]))
            seen.add(quad[:3])
            yield quad
        default = self._post("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "application/sparql-results+json", False)[0]
        for b in json.loads(default)["results"]["bindings"]:
            triple = (_json_term(b["s"]), _json_term(b["p"]), _json_term(b["o"]))
            if triple not in seen:  # servers whose default graph is already the union
                yield (*triple, None)


# ---------------------------------------------------------------- a project read back from a store


def as_project(store: Store, root: str | Path | None = None):
    """The store's contents as a :class:`~battery_kg.load.Project` (data per named graph, the ontology from
    :data:`ONTOLOGY_GRAPH`, the shapes from ``root``), so that code written for a loaded project (stats,
    export, labels, parameter binding) runs on any store. Nodes have no file locations.

    >>> p = as_project(OxigraphStore.from_project(__import__("battery_kg").load_project()))
    >>> len(p.ontology) > 0, len(p.fact_graphs()) > 0
    (True, True)
    """
    from battery_kg.load import Project, load_shapes
    from battery_kg.resources import locate

    resources = locate(root)
    dataset = bind_prefixes(Dataset())
    ontology = bind_prefixes(Graph())
    for s, p, o, g in store.quads():
        if g == ONTOLOGY_GRAPH:
            ontology.add((s, p, o))
        else:
            dataset.graph(g if g is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, plain(o)))
    return Project(resources=resources, ontology=ontology, shapes=load_shapes(resources), dataset=dataset, files=[])


# ---------------------------------------------------------------- opening a store from options


def parse_store_spec(spec: str | None) -> tuple[str, Path | None]:
    """``rdflib``, ``oxigraph`` or ``oxigraph:DIR`` as (kind, folder).

    >>> parse_store_spec("oxigraph:/tmp/kg")
    ('oxigraph', PosixPath('/tmp/kg'))
    >>> parse_store_spec(None)
    ('rdflib', None)
    """
    if not spec:
        return "rdflib", None
    kind, _, where = spec.partition(":")
    if kind not in STORE_KINDS:
        raise UsageError(f"unknown store {kind!r}", hint="expected rdflib, oxigraph or oxigraph:DIR")
    if kind == "rdflib" and where:
        raise UsageError("the rdflib store lives in memory and takes no folder")
    return kind, Path(where) if where else None


def open_store(spec: str | None = None, endpoint: str | None = None, root: str | Path | None = None,
               paths: Iterable[str | Path] | None = None) -> Store:
    """Open the store the command-line options name, loading the project into it when it is embedded.

    A persistent Oxigraph folder that already holds data is used as it is (``battery-kg`` loaded it
    before); an empty one is filled from the project's files.
    """
    if endpoint:
        if spec:
            raise UsageError("give either --store or --endpoint, not both")
        return EndpointStore(endpoint)
    kind, folder = parse_store_spec(spec)
    if kind == "rdflib":
        from battery_kg.load import load_project

        return RdflibStore.from_project(load_project(paths, root))
    store = OxigraphStore(folder)
    if len(store) == 0:
        from battery_kg.load import data_files
        from battery_kg.resources import locate

        resources = locate(root)
        files = data_files(list(paths) if paths else [resources.graph])
        ontology_files = sorted(p for p in resources.ontology.rglob("*.ttl") if resources.shapes not in p.parents)
        store.load_files(files, ontology_files)
        store.flush()
    return store


__all__ = [
    "ONTOLOGY_GRAPH", "EndpointStore", "OxigraphStore", "QueryResult", "RdflibStore", "Store", "StoreError",
    "as_project", "auth_header", "open_store", "parse_store_spec", "redact",
]
