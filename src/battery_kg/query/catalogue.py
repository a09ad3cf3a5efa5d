"""The query catalogue (``queries/*.rq``): reading a query file's header and checking its text.

Each ``.rq`` file starts with a comment header::

    # title: Sites of a company
    # question: Which sites does a company operate, where, and what does each make?
    # param: company (entity of class bkg:Organisation) default bkr:verkor -- the operator
    # note: anything worth knowing (continuation lines start with "#   ").

Files declare no ``PREFIX``: :func:`~battery_kg.namespaces.sparql_prologue` is put before them.
A parameter ``name`` is the variable ``?name`` of the query (see :mod:`battery_kg.query.params`).
A file with ``# engine: networkx`` answers a question SPARQL cannot (listing paths), see
:mod:`battery_kg.query.run`. The text is checked by Oxigraph, the engine that runs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from battery_kg.errors import InputError, UsageError
from battery_kg.namespaces import sparql_prologue
from battery_kg.query.params import _KINDS, Param
from battery_kg.query.resolve import parse_iri
from battery_kg.sparql_text import code_only

ENGINES = ("sparql", "networkx")

_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<kind>[^)]*)\)(?:\s+default\s+(?P<default>.+?))?(?:\s+--\s+(?P<doc>.*))?$"
)
_HEADER_RE = re.compile(r"^#\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_HEADER_KEYS = ("title", "question", "param", "note", "engine")


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
    form: str = "SELECT"
    """``SELECT``, ``ASK`` or ``GRAPH`` (CONSTRUCT and DESCRIBE), as Oxigraph read it."""

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        declared = ", ".join(p.name for p in self.params) or "none"
        raise UsageError(f"query {self.name} has no parameter {name!r}", hint=f"its parameters: {declared}")

    @property
    def ordered(self) -> bool:
        """True when the query fixes the order of its rows (``ORDER BY``, or the paths engine)."""
        return self.engine == "networkx" or bool(re.search(r"\bORDER\s+BY\b", code_only(self.text), re.I))


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
    """Have Oxigraph read ``text`` (with the project prologue) on an empty store; return its result form
    (``SELECT``, ``ASK`` or ``GRAPH`` for CONSTRUCT and DESCRIBE), or raise ``file:line:col``.

    >>> check_syntax("SELECT * WHERE { ?s ?p ?o }", "x.rq")
    'SELECT'
    >>> check_syntax("SELECT * WHERE {\\n  ?s ?p }", "x.rq")
    Traceback (most recent call last):
    ...
    battery_kg.errors.InputError: x.rq:2:9: SPARQL syntax error: expected one of LATERAL, SERVICE, [_] (near '}')
    """
    import pyoxigraph as ox

    from battery_kg.stores.guard import without_network

    prologue = sparql_prologue()
    offset = prologue.count("\n")
    def form(sparql: str) -> str:  # read inside the guard's thread: Oxigraph's answers stay in the thread
        result = ox.Store().query(sparql)
        if isinstance(result, ox.QuerySolutions):
            return "SELECT"
        return "ASK" if isinstance(result, ox.QueryBoolean) else "GRAPH"

    try:
        return without_network(form, prologue + text)
    except SyntaxError as exc:
        match = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.S)
        if match is None:
            raise InputError(f"SPARQL syntax error: {exc}", path=shown) from None
        line, col = int(match.group(1)) - offset, int(match.group(2))
        lines = text.splitlines()
        if line > len(lines) or (line == len(lines) and col > len(lines[-1])):  # past the end: the last token
            line = len(text.rstrip().splitlines())
            col = len(lines[line - 1].rstrip()) if line else 1
        near = lines[line - 1][max(0, col - 2):].strip()[:30] if 0 < line <= len(lines) else ""
        raise InputError(f"SPARQL syntax error: {_short(match.group(3))}" + (f" (near {near!r})" if near else ""),
                         path=shown, line=max(1, line), col=col) from None
    except (OSError, RuntimeError) as exc:
        raise InputError(f"invalid SPARQL: {exc}", path=shown) from None


def _short(message: str, limit: int = 100) -> str:
    """Oxigraph's message on one line, its list of expected tokens cut to ``limit`` characters."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(",", 1)[0] + ", ..."


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
    code = code_only(text)
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


__all__ = ["ENGINES", "QueryFile", "adhoc", "catalogue", "check_syntax", "find_query", "load_query", "parse_header"]
