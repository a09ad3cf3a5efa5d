"""The query catalogue (``queries/*.rq``) and the one function that runs a query: :func:`run`.

A notebook can use this module directly; ``battery-kg query`` is a thin layer over it.

**The graph queries run over.** :func:`query_dataset` builds an rdflib Dataset with one named graph
per source (as in ``graph/``), the ontology as the named graph ``<https://w3id.org/battery-kg/def>``,
and facts with no source in the default graph; its default graph, as queries see it, is the
**union** of all of these. So plain patterns see data and ontology (labels of concepts, the class
hierarchy) and ``GRAPH ?g { ... } ?g bkg:statedBy ?source`` answers "who says this".

**Query files.** Each ``.rq`` file starts with a comment header::

    # title: Sites of a company
    # question: Which sites does a company operate, where, and what does each make?
    # param: company (entity of class bkg:Organisation) default bkr:verkor -- the operator
    # note: anything worth knowing (continuation lines start with "#   ").

Files declare no ``PREFIX``: :func:`~battery_kg.namespaces.sparql_prologue` is put before them.
Parameter kinds: ``entity`` (optionally ``entity of class CURIE``), ``xsd:gYear``, ``xsd:integer``,
``xsd:positiveInteger``, ``xsd:string``. A parameter ``name`` is the variable ``?name`` of the query.

**Parameters are RDF terms, never text pasted into the query**: :func:`run` adds one
``VALUES ?name { term }`` per parameter at the start of the outer ``WHERE`` group, written with
``term.n3()``; the same query therefore runs unchanged on any SPARQL 1.1 engine.

A file with ``# engine: networkx`` answers a question SPARQL cannot (listing paths): its SPARQL
body selects the edges ``?subject ?property ?object`` to walk, and :func:`run` finds the paths with
:mod:`battery_kg.paths` and returns them as a SELECT result (one row per hop).

>>> project = __import__("battery_kg").load_project()
>>> q = find_query("capacity-as-of", project.resources)
>>> [p.name for p in q.params], q.params[0].default
(['year'], '2030')
>>> result = run(query_dataset(project), q, bind_params(q, {"year": "2029"}, project.merged()))
>>> sorted(str(row.value) for row in result)
['0.8', '16.0']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from rdflib import Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from battery_kg.errors import InputError, UsageError
from battery_kg.labels import curie, label_of
from battery_kg.namespaces import ONTOLOGY_IRI, bind_prefixes, sparql_prologue
from battery_kg.resolve import parse_iri, resolve_entity

ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)
"""Name of the named graph that holds the ontology in :func:`query_dataset`."""

TABLE_FORMATS = ("table",)
RESULT_FORMATS = ("csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "json-ld")
FORMATS = TABLE_FORMATS + RESULT_FORMATS + GRAPH_FORMATS
"""Output formats: a table for people, W3C SPARQL results formats, RDF for CONSTRUCT/DESCRIBE."""

EXTENSIONS = {
    ".txt": "table", ".csv": "csv", ".tsv": "tsv", ".json": "json", ".srj": "json", ".xml": "xml",
    ".srx": "xml", ".ttl": "turtle", ".jsonld": "json-ld",
}
"""Format guessed from the extension of ``-o FILE``."""

ENGINES = ("sparql", "networkx")

_KINDS = {
    "xsd:gYear": XSD.gYear,
    "xsd:integer": XSD.integer,
    "xsd:positiveInteger": XSD.positiveInteger,
    "xsd:string": XSD.string,
}
_KIND_WORDS = {
    XSD.gYear: "a year (xsd:gYear, four digits such as 2030)",
    XSD.integer: "an integer (xsd:integer, such as 4)",
    XSD.positiveInteger: "a positive integer (xsd:positiveInteger, such as 4)",
    XSD.string: "a string",
}
_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<kind>[^)]*)\)(?:\s+default\s+(?P<default>.+?))?(?:\s+--\s+(?P<doc>.*))?$"
)
_HEADER_RE = re.compile(r"^#\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_HEADER_KEYS = ("title", "question", "param", "note", "engine")


@dataclass(frozen=True)
class Param:
    """A declared parameter: a name (the query variable), a kind, an optional default."""

    name: str
    kind: str
    """``entity`` or a datatype CURIE such as ``xsd:gYear``."""
    of_class: URIRef | None = None
    default: str | None = None
    doc: str = ""

    @property
    def datatype(self) -> URIRef | None:
        return _KINDS.get(self.kind)

    def describe(self) -> str:
        """``name (kind) default VALUE``, as in the header.

        >>> Param("year", "xsd:gYear", default="2030").describe()
        'year (xsd:gYear) default 2030'
        """
        kind = self.kind + (f" of class {curie(self.of_class)}" if self.of_class is not None else "")
        return f"{self.name} ({kind})" + (f" default {self.default}" if self.default is not None else "")

    def convert(self, text: str, graph: Graph) -> Node:
        """The RDF term for ``text``; ``graph`` (data and ontology) is used to resolve entities.

        >>> Param("year", "xsd:gYear").convert("2030", Graph())
        rdflib.term.Literal('2030', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
        >>> Param("year", "xsd:gYear").convert("soon", Graph())
        Traceback (most recent call last):
        ...
        battery_kg.errors.UsageError: parameter year: expected a year (xsd:gYear, four digits such as 2030), got 'soon'
        """
        if self.kind == "entity":
            kind = label_of(self.of_class, graph) if self.of_class is not None else "entity"
            try:
                return resolve_entity(graph, text, kind=kind, of_class=self.of_class)
            except UsageError as exc:
                raise UsageError(f"parameter {self.name}: {exc.message}", hint=exc.hint) from None
        datatype = self.datatype
        value = text.strip()
        ok = {
            XSD.gYear: re.fullmatch(r"-?\d{4,}", value),
            XSD.integer: re.fullmatch(r"[+-]?\d+", value),
            XSD.positiveInteger: re.fullmatch(r"\+?0*[1-9]\d*", value),
            XSD.string: True,
        }[datatype]
        if not ok:
            raise UsageError(f"parameter {self.name}: expected {_KIND_WORDS[datatype]}, got {text!r}")
        if datatype in (XSD.integer, XSD.positiveInteger):
            return Literal(int(value), datatype=datatype)
        return Literal(value if datatype != XSD.string else text, datatype=datatype if datatype != XSD.string else None)


@dataclass(frozen=True)
class QueryFile:
    """A catalogue query: its text and what its header says."""

    name: str
    text: str
    shown: str
    """The file as people should see it in messages (``queries/x.rq`` or ``<expression>``)."""
    title: str = ""
    question: str = ""
    params: tuple[Param, ...] = ()
    notes: str = ""
    engine: str = "sparql"
    path: Path | None = None
    form: str = field(default="SELECT")

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        declared = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name} has no parameter {name!r}", hint=f"its parameters: {declared}")

    @property
    def ordered(self) -> bool:
        """True when the query fixes the order of its rows (``ORDER BY``, or the paths engine)."""
        return self.engine == "networkx" or bool(re.search(r"\bORDER\s+BY\b", _code_only(self.text), re.I))


def _code_only(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length, same line breaks)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "<" and (m := re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])):
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_header(text: str, shown: str) -> dict:
    """Read the comment header of a query file into ``title``, ``question``, ``params``, ``notes``, ``engine``."""
    fields: dict[str, list[str]] = {k: [] for k in _HEADER_KEYS}
    lines: dict[int, int] = {}
    current: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_RE.match(line)
        if match and match.group("key") in _HEADER_KEYS:
            fields[match.group("key")].append(match.group("value").strip())
            current = fields[match.group("key")]
            if match.group("key") == "param":
                lines[len(current) - 1] = number
        elif current is not None and re.match(r"^#\s{2,}\S", line):
            current[-1] = f"{current[-1]} {line[1:].strip()}"
        else:
            current = None
    if not fields["title"] or not fields["question"]:
        raise InputError("a query file must start with '# title: ...' and '# question: ...' comment lines", path=shown, line=1)
    params = []
    for index, spec in enumerate(fields["param"]):
        params.append(_parse_param(spec, shown, lines[index]))
    engine = fields["engine"][0].split()[0] if fields["engine"] else "sparql"
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}", path=shown, hint="expected " + " or ".join(ENGINES))
    return {
        "title": fields["title"][0],
        "question": " ".join(fields["question"]),
        "params": tuple(params),
        "notes": " ".join(fields["note"]),
        "engine": engine,
    }


def _parse_param(spec: str, shown: str, line: int) -> Param:
    match = _PARAM_RE.match(spec)
    if not match:
        raise InputError(f"cannot read parameter {spec!r}", path=shown, line=line,
                         hint="expected 'name (kind) default VALUE -- what it is'")
    kind = match.group("kind").strip()
    of_class = None
    class_match = re.fullmatch(r"entity(?:\s+of\s+class\s+(\S+))?", kind)
    if class_match:
        if class_match.group(1):
            of_class = parse_iri(class_match.group(1))
            if of_class is None:
                raise InputError(f"cannot read class {class_match.group(1)!r}", path=shown, line=line)
        kind = "entity"
    elif kind not in _KINDS:
        raise InputError(f"unknown parameter kind {kind!r}", path=shown, line=line,
                         hint="expected entity, entity of class CURIE, " + ", ".join(_KINDS))
    return Param(match.group("name"), kind, of_class, match.group("default"), (match.group("doc") or "").strip())


def check_syntax(text: str, shown: str) -> str:
    """Parse ``text`` (with the project prologue) and return its query form, or raise ``file:line:col``.

    >>> check_syntax("SELECT * WHERE { ?s ?p ?o }", "x.rq")
    'SELECT'
    >>> check_syntax("SELECT * WHERE {\\n  ?s ?p }", "x.rq")
    Traceback (most recent call last):
    ...
    battery_kg.errors.InputError: x.rq:2:3: SPARQL syntax error: expected a SELECT, CONSTRUCT, DESCRIBE or ASK query that parses (near '?s ?p }')
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.algebra import translateQuery

    prologue = sparql_prologue()
    offset = prologue.count("\n")
    try:
        tree = parseQuery(prologue + text)
        algebra = translateQuery(tree)
    except ParseBaseException as exc:
        line = max(1, exc.lineno - offset)
        near = exc.line.strip()[:40] if exc.lineno > offset else ""
        raise InputError(
            "SPARQL syntax error: expected a SELECT, CONSTRUCT, DESCRIBE or ASK query that parses"
            + (f" (near {near!r})" if near else ""),
            path=shown, line=line, col=exc.col,
        ) from None
    except Exception as exc:  # rdflib reports unknown prefixes and similar as plain exceptions
        raise InputError(f"invalid SPARQL: {exc}", path=shown) from None
    name = algebra.algebra.name
    return {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}.get(name, name)


def load_query(path: Path, shown: str | None = None) -> QueryFile:
    """Read and check one ``.rq`` file: its header, its syntax, that each parameter is a variable of it."""
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such query file", path=shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", path=shown) from None
    header = parse_header(text, shown)
    form = check_syntax(text, shown)
    code = _code_only(text)
    for param in header["params"]:
        if header["engine"] == "networkx" and param.name == "hops":
            continue  # read by the paths engine, not by the SPARQL
        if not re.search(rf"[?$]{re.escape(param.name)}\b", code):
            raise InputError(f"parameter {param.name} is not a variable (?{param.name}) of the query", path=shown)
    return QueryFile(name=path.stem, text=text, shown=shown, path=path, form=form, **header)


def adhoc(text: str, shown: str = "<expression>") -> QueryFile:
    """A query given on the command line (``-e``): no header, no parameters."""
    return QueryFile(name=shown, text=text, shown=shown, form=check_syntax(text, shown))


def catalogue(resources=None) -> list[QueryFile]:
    """Every query of ``queries/``, sorted by name."""
    from battery_kg.resources import locate

    resources = resources or locate()
    return [load_query(p, resources.relative(p)) for p in sorted(resources.queries.glob("*.rq"))]


def find_query(name: str, resources=None) -> QueryFile:
    """A catalogue query by name (``capacity-as-of``), or any ``.rq`` file by path."""
    from battery_kg.resources import locate

    resources = resources or locate()
    if name.endswith(".rq") or "/" in name or "\\" in name:
        path = Path(name)
        return load_query(path, resources.relative(path) if path.exists() else name)
    path = resources.queries / f"{name}.rq"
    if not path.is_file():
        names = ", ".join(p.stem for p in sorted(resources.queries.glob("*.rq")))
        raise UsageError(f"no query named {name!r}", hint=f"known queries: {names}; or give a .rq file")
    return load_query(path, resources.relative(path))


def query_dataset(project) -> Dataset:
    """The Dataset every query runs over: named graphs per source, the ontology graph, union default graph."""
    ds = bind_prefixes(Dataset(default_union=True))
    for s, p, o, g in project.dataset.quads((None, None, None, None)):
        ds.graph(g if g is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, o))
    ontology = ds.graph(ONTOLOGY_GRAPH)
    for triple in project.ontology:
        ontology.add(triple)
    return ds


def bind_params(query: QueryFile, values: Mapping[str, str] | None, graph: Graph) -> dict[str, Node]:
    """Turn ``name -> text`` (plus defaults) into ``name -> RDF term``, checking each against its kind.

    ``graph`` is used to resolve entities (labels, CURIEs, IRIs); pass data and ontology
    (``project.merged()``).
    """
    values = dict(values or {})
    for name in values:
        query.param(name)  # raises for an unknown name
    bound: dict[str, Node] = {}
    for param in query.params:
        text = values.get(param.name, param.default)
        if text is None:
            raise UsageError(f"query {query.name} needs parameter {param.name}", hint=f"--param {param.describe()}")
        bound[param.name] = param.convert(text, graph)
    return bound


def with_values(text: str, params: Mapping[str, Node]) -> str:
    """``text`` with ``VALUES ?name { term }`` added at the start of the outer WHERE group.

    >>> print(with_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": Literal(2030)}))
    SELECT ?x WHERE { VALUES ?y { "2030"^^<http://www.w3.org/2001/XMLSchema#integer> }
     ?x ?p ?y }
    """
    if not params:
        return text
    code = _code_only(text)
    where = re.search(r"\bWHERE\s*\{", code, re.I)
    if where is None:
        raise UsageError("a query with parameters needs a WHERE keyword before its pattern")
    at = where.end()
    clause = " ".join(f"VALUES ?{name} {{ {term.n3()} }}" for name, term in params.items())
    return f"{text[:at]} {clause}\n{text[at:]}"


def run(source: Graph, query: QueryFile | str, params: Mapping[str, Node] | None = None) -> Result:
    """Run ``query`` over ``source`` (an rdflib Graph or Dataset, or a :class:`battery_kg.store.Store`) with
    parameters bound as RDF terms.

    The single entry point for query execution: other stores will be added behind it. ``query`` is a
    :class:`QueryFile` or SPARQL text (the project prologue is put before it either way).
    """
    if isinstance(query, str):
        query = adhoc(query)
    params = dict(params or {})
    if query.engine == "networkx":
        return _run_paths(source, query, params)
    from battery_kg.store import Store

    if isinstance(source, Store):  # any store of battery_kg.store (rdflib, Oxigraph, an endpoint)
        return _as_result(source.query(sparql_prologue() + with_values(query.text, params)))
    result = source.query(sparql_prologue() + with_values(query.text, params))
    if result.type == "SELECT":  # each row's values in the order of the variables, as every store gives them
        result.bindings = [{v: row[v] for v in result.vars if v in row} for row in result.bindings]
    return result


def _as_result(answer) -> Result:
    """A :class:`battery_kg.store.QueryResult` as an rdflib Result, for :func:`serialize`."""
    if answer.kind == "ask":
        result = Result("ASK")
        result.askAnswer = bool(answer.boolean)
        return result
    if answer.kind == "graph":
        result = Result("CONSTRUCT")
        result.graph = answer.graph
        return result
    result = Result("SELECT")
    result.vars = [Variable(v) for v in answer.vars]
    result.bindings = [{Variable(v): t for v, t in zip(answer.vars, row) if t is not None} for row in answer.rows]
    return result


PATH_VARS = ("path", "length", "step", "subject", "property", "object", "forward")
"""Columns of a paths result: one row per hop."""


def _run_paths(source: Graph, query: QueryFile, params: dict[str, Node]) -> Result:
    from battery_kg.paths import edge_graph, paths_in

    for needed in ("from", "to", "hops"):
        if needed not in params:
            raise UsageError(f"query {query.name} (engine networkx) needs parameter {needed}")
    edges_query = QueryFile(**{**query.__dict__, "engine": "sparql"})
    edges = [(row[0], row[1], row[2]) for row in run(source, edges_query, params)]
    paths = paths_in(edge_graph(edges), params["from"], params["to"], max_hops=int(params["hops"].toPython()))
    result = Result("SELECT")
    result.vars = [Variable(v) for v in PATH_VARS]
    rows = []
    for number, path in enumerate(paths, start=1):
        for step, (s, p, o, forward) in enumerate(path, start=1):
            values = (Literal(number), Literal(len(path)), Literal(step), s, p, o, Literal(forward))
            rows.append({Variable(v): value for v, value in zip(PATH_VARS, values)})
    result.bindings = rows
    return result


def execute(query: QueryFile | str, params: Mapping[str, str] | None = None, *, project=None) -> Result:
    """Run a catalogue query by name (or a ``.rq`` path, or a :class:`QueryFile`) over the project.

    ``params`` are text as a person types them (labels, CURIEs, years); defaults fill the rest.

    >>> rows = execute("capacity-roadmap", {"site": "ProLogium gigafactory, Dunkirk"})
    >>> [str(r.value) for r in rows]
    ['0.8', '4.0', '12.0', '48.0']
    """
    from battery_kg.load import load_project

    project = project or load_project()
    if isinstance(query, str):
        query = find_query(query, project.resources)
    bound = bind_params(query, params, project.merged())
    return run(query_dataset(project), query, bound)


# ---------------------------------------------------------------- output


def format_name(fmt: str | None, output: str | Path | None) -> str:
    """The output format: ``fmt`` when given, else guessed from ``output``'s extension, else table."""
    if fmt:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}", hint="expected one of " + ", ".join(FORMATS))
        return fmt
    if output is not None:
        return EXTENSIONS.get(Path(output).suffix.lower(), "table")
    return "table"


def serialize(result: Result, fmt: str, label: Callable[[Node], str] = curie) -> bytes:
    """``result`` in ``fmt``: a table (labels for IRIs), a W3C SPARQL results format, or RDF.

    SELECT and ASK results in JSON, XML and CSV are written by rdflib's own serializers; TSV (which
    rdflib does not write) by pyoxigraph, from rdflib's JSON. CONSTRUCT and DESCRIBE give Turtle
    (also for ``table``) or JSON-LD (also for ``json``).
    """
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = bind_prefixes(result.graph)
        if fmt in ("table", "turtle"):
            return graph.serialize(format="turtle").encode("utf-8")
        if fmt in ("json", "json-ld"):
            return graph.serialize(format="json-ld").encode("utf-8")
        raise UsageError(f"a {result.type} query gives a graph: format {fmt!r} is for SELECT or ASK results",
                         hint="use turtle or json-ld")
    if fmt in GRAPH_FORMATS:
        raise UsageError(f"a {result.type} query gives results, not a graph: format {fmt!r} is for CONSTRUCT or DESCRIBE",
                         hint="use table, csv, tsv, json or xml")
    if fmt == "table":
        return format_table(result, label).encode("utf-8")
    if result.type == "ASK" and fmt in ("csv", "tsv"):
        raise UsageError(f"the SPARQL {fmt.upper()} results format has no form for ASK results", hint="use json or xml")
    if fmt == "tsv":
        return _tsv(result)
    data = result.serialize(format=fmt)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _tsv(result: Result) -> bytes:
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - pyoxigraph is installed with battery-kg's query extras
        raise UsageError("TSV output needs pyoxigraph", hint="pip install pyoxigraph") from None
    parsed = pyoxigraph.parse_query_results(result.serialize(format="json"), format=pyoxigraph.QueryResultsFormat.JSON)
    return parsed.serialize(format=pyoxigraph.QueryResultsFormat.TSV)


def cell(node: Node | None, label: Callable[[Node], str] = curie) -> str:
    """How one value shows in a table: nothing for unbound, a label for an IRI, the text of a literal.

    >>> cell(None), cell(Literal(True)), cell(URIRef("https://w3id.org/battery-kg/id/x"))
    ('', 'true', 'bkr:x')
    """
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    return label(node)


def format_table(result: Result, label: Callable[[Node], str] = curie) -> str:
    """A plain-text table for people: a header, a rule, one line per row, and the row count.

    >>> r = Result("SELECT"); r.vars = [Variable("n"), Variable("name")]
    >>> r.bindings = [{Variable("n"): Literal(1), Variable("name"): Literal("one")}]
    >>> print(format_table(r), end="")
    n  name
    -  ----
    1  one
    (1 row)
    """
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    names = [str(v) for v in result.vars or []]
    rows = [[cell(row.get(Variable(v)) if hasattr(row, "get") else row[i], label) for i, v in enumerate(names)]
            for row in result.bindings]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out.extend(line(r) for r in rows)
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


def labeller(project) -> Callable[[Node], str]:
    """Labels from the project's data and ontology, for :func:`format_table`."""
    graphs = (project.data, project.ontology)
    return lambda node: label_of(node, *graphs)


__all__ = [
    "FORMATS", "ONTOLOGY_GRAPH", "Param", "QueryFile", "adhoc", "bind_params", "catalogue", "check_syntax",
    "execute", "find_query", "format_name", "format_table", "labeller", "load_query", "query_dataset", "run",
    "serialize", "with_values",
]
