"""SHACL shapes compiled to SPARQL: one SELECT per constraint, answering that constraint's violations.

Each constraint of a shape that has targets (and of the property shapes it holds) becomes a query whose
solutions are its validation results: ``?this`` the focus node, ``?value`` the value node where SHACL
reports one, and, for a SPARQL-based constraint, the variables of its own SELECT. The focus nodes come
from the shape's targets (``sh:targetClass`` with subclasses, ``sh:targetNode``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``). A nested shape (``sh:node``, ``sh:not``, ``sh:or``, including blank-node shapes
in lists) is compiled to the pattern of its own violations at the value node, inside ``FILTER [NOT]
EXISTS``, with fresh variable names at every level.

What the compiler does not know (``sh:closed``, ``sh:equals``, qualified shapes, a SPARQL constraint on
a property shape...) is refused with a :class:`CompileError` naming the shape and the parameter, so no
constraint is skipped silently. :func:`compile_shapes` is the entry point; it caches its answer per
shapes graph content.

>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
... ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
... ex:P sh:path ex:name ; sh:minCount 1 ; sh:message "needs a name"@en .''')
>>> [(c.shape.n3(), c.component.n3()) for c in compile_shapes(shapes)]
[('<http://example.org/P>', '<http://www.w3.org/ns/shacl#MinCountConstraintComponent>')]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from battery_kg.errors import BatteryKGError
from battery_kg.labels import curie


class CompileError(BatteryKGError):
    """A shape uses a SHACL feature the SPARQL compiler does not handle."""


# Parameters of a shape that are not constraints (or that the compiler reads with another one).
NOT_CONSTRAINTS = {SH.path, SH.message, SH.property, SH.name, SH.description, SH.severity, SH.deactivated,
                   SH.order, SH.group, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
                   SH.flags, SH.defaultValue}

# Datatypes whose lexical form Oxigraph can check by casting (an ill-typed literal fails sh:datatype,
# as in pySHACL, which asks rdflib whether the literal is ill-typed).
CASTABLE = {XSD[t] for t in ("boolean", "integer", "decimal", "float", "double", "date", "time", "dateTime",
                             "gYear", "gYearMonth", "gMonthDay", "gMonth", "gDay", "duration",
                             "dayTimeDuration", "yearMonthDuration")}

NODE_KINDS = {
    SH.IRI: "!isIRI({v})",
    SH.BlankNode: "!isBlank({v})",
    SH.Literal: "!isLiteral({v})",
    SH.BlankNodeOrIRI: "isLiteral({v})",
    SH.BlankNodeOrLiteral: "isIRI({v})",
    SH.IRIOrLiteral: "isBlank({v})",
}
RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}

SUBCLASS = "<%s>/<%s>*" % (RDF.type, RDFS.subClassOf)


@dataclass(frozen=True)
class Check:
    """One compiled constraint: the query answering its violations and what each result reports."""

    shape: Node
    """sh:sourceShape of the results (the shape that holds the constraint)."""
    component: URIRef
    query: str
    severity: URIRef = SH.Violation
    path: Node | None = None
    """The shape's sh:path (sh:resultPath), None for a node shape."""
    messages: tuple[Literal, ...] = ()
    """The shape's own sh:message values."""
    constraint: Node | None = None
    """The SPARQL constraint node (sh:sourceConstraint) of a SPARQL-based constraint."""
    templates: tuple[Literal, ...] = field(default=())
    """The SPARQL constraint's own sh:message values, ``{?var}`` filled from each solution."""
    value_is_focus: bool = False
    """The focus node is the reported value (a node shape's value-based constraint)."""
    path_triples: tuple = ()
    """The triples that describe a blank-node path (an inverse path, a sequence...), for the results graph."""


def compile_shapes(shapes: Graph) -> tuple[Check, ...]:
    """The checks of every targeted shape in ``shapes``, compiled once per shapes graph content (its
    triples, blank node labels included, since the checks name the shapes and paths they come from)."""
    key = hash(frozenset(shapes))
    if key not in _CACHE:
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = tuple(_Compiler(shapes).checks())
    return _CACHE[key]


_CACHE: dict[int, tuple[Check, ...]] = {}


def _n3(term: Node) -> str:
    if isinstance(term, BNode):
        raise CompileError(f"a blank node ({term}) cannot be a constant in a compiled query")
    return term.n3()


def _string(text: str) -> str:
    """A SPARQL string literal holding ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = itertools.count(1)

    # ---------------------------------------------------------------- helpers

    def name(self, shape: Node) -> str:
        return curie(shape) if isinstance(shape, URIRef) else f"a blank-node shape ({shape})"

    def refuse(self, shape: Node, what: str) -> CompileError:
        return CompileError(f"shape {self.name(shape)}: {what} is not supported by the oxigraph SHACL engine",
                            hint="use --engine pyshacl for these shapes")

    def one(self, shape: Node, param: URIRef) -> Node:
        values = list(self.g.objects(shape, param))
        if len(values) != 1:
            raise self.refuse(shape, f"{len(values)} values of {curie(param)}")
        return values[0]

    def fresh(self) -> str:
        return f"?v{next(self.counter)}"

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def deactivated(self, shape: Node) -> bool:
        return any(isinstance(v, Literal) and v.value is True for v in self.g.objects(shape, SH.deactivated))

    def path(self, shape: Node, node: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        if isinstance(node, URIRef):
            return node.n3()
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(shape, p) for p in self.items(node)) + ")"
        for param, fmt in ((SH.inversePath, "^{}"), (SH.alternativePath, None), (SH.zeroOrMorePath, "{}*"),
                           (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
            inner = self.g.value(node, param)
            if inner is None:
                continue
            if fmt is None:
                return "(" + "|".join(self.path(shape, p) for p in self.items(inner)) + ")"
            return fmt.format("(" + self.path(shape, inner) + ")")
        raise self.refuse(shape, "this sh:path")

    def described(self, node):
        """The triples under a blank node (a path's structure, its lists)."""
        todo, done = [node] if isinstance(node, BNode) else [], set()
        while todo:
            current = todo.pop()
            if current in done:
                continue
            done.add(current)
            for p, o in sorted(self.g.predicate_objects(current)):
                yield current, p, o
                if isinstance(o, BNode):
                    todo.append(o)

    # ---------------------------------------------------------------- top level

    def checks(self):
        targeted = set()
        for param in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            targeted.update(self.g.subjects(param, None))
        for shape in self.g.subjects(RDF.type, RDFS.Class):
            if (shape, RDF.type, SH.NodeShape) in self.g or (shape, RDF.type, SH.PropertyShape) in self.g:
                raise self.refuse(shape, "an implicit class target (a shape that is also an rdfs:Class)")
        for shape in sorted(targeted, key=str):
            if self.deactivated(shape):
                continue
            targets = self.targets(shape)
            yield from self.shape_checks(shape, targets)
            if self.g.value(shape, SH.path) is None:
                for prop in sorted(self.g.objects(shape, SH.property), key=str):
                    if not self.deactivated(prop):
                        yield from self.shape_checks(prop, targets)

    def targets(self, shape: Node) -> str:
        """A group pattern binding ``?this`` to every focus node of ``shape``."""
        parts = []
        for cls in self.g.objects(shape, SH.targetClass):
            parts.append(f"?this {SUBCLASS} {_n3(cls)} .")
        nodes = list(self.g.objects(shape, SH.targetNode))
        if nodes:
            parts.append("VALUES ?this { " + " ".join(_n3(n) for n in nodes) + " }")
        for prop in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {_n3(prop)} ?targetObject .")
        for prop in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"?targetSubject {_n3(prop)} ?this .")
        return " UNION ".join("{ " + p + " }" for p in sorted(parts))

    def shape_checks(self, shape: Node, targets: str):
        severity = self.g.value(shape, SH.severity) or SH.Violation
        path_node = self.g.value(shape, SH.path)
        messages = tuple(self.g.objects(shape, SH.message))
        for param, component, pattern, has_value in self.constraints(shape, "?this"):
            if param == SH.sparql:
                for constraint in sorted(self.g.objects(shape, SH.sparql), key=str):
                    yield self.sparql_check(shape, constraint, targets, severity, messages)
                continue
            select = "?this ?value" if has_value and path_node is not None else "?this"
            query = f"SELECT DISTINCT {select} WHERE {{ {targets} {pattern} }}"
            yield Check(shape=shape, component=component, query=query, severity=severity, path=path_node,
                        messages=messages, value_is_focus=has_value and path_node is None,
                        path_triples=tuple(self.described(path_node)))

    # ---------------------------------------------------------------- constraints

    def constraints(self, shape: Node, focus: str):
        """(parameter, component, violation pattern at ``focus``, reports a value) for each constraint of
        ``shape`` itself (not those of its sh:property shapes). A property shape's value nodes are bound
        to ``?value`` at the top level (``focus`` = ``?this``), to fresh variables when nested."""
        params = {p for p in self.g.predicates(shape, None) if str(p).startswith(str(SH))}
        unknown = params - NOT_CONSTRAINTS - {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.node,
                                              SH.hasValue, SH.uniqueLang, SH.nodeKind, SH.pattern, SH["in"],
                                              SH["or"], SH["not"], SH.sparql, *RANGES}
        if unknown:
            raise self.refuse(shape, ", ".join(sorted(curie(p) for p in unknown)))
        path_node = self.g.value(shape, SH.path)
        path = self.path(shape, path_node) if path_node is not None else None
        value = ("?value" if focus == "?this" else self.fresh()) if path is not None else focus

        def each_value(condition: str) -> str:
            if path is None:
                return f"FILTER ({condition})"
            return f"{focus} {path} {value} . FILTER ({condition})"

        for param in sorted(params - NOT_CONSTRAINTS, key=str):
            for obj in sorted(self.g.objects(shape, param), key=str):
                component = self.component(param)
                if param in (SH.minCount, SH.maxCount):
                    if path is None:
                        raise self.refuse(shape, f"{curie(param)} on a node shape")
                    pattern = self.cardinality(shape, param, obj, focus, path)
                    if pattern is not None:
                        yield param, component, pattern, False
                elif param == SH.uniqueLang:
                    if path is None:
                        raise self.refuse(shape, "sh:uniqueLang on a node shape")
                    if isinstance(obj, Literal) and obj.value is True:
                        a, b = self.fresh(), self.fresh()
                        yield param, component, (
                            f"{focus} {path} {a} . {focus} {path} {b} . FILTER (!sameTerm({a}, {b}) && "
                            f"isLiteral({a}) && isLiteral({b}) && LANG({a}) != \"\" && "
                            f"LCASE(LANG({a})) = LCASE(LANG({b})))"), False
                elif param == SH.hasValue:
                    if path is None:
                        yield param, component, f"FILTER (!sameTerm({focus}, {_n3(obj)}))", False
                    else:
                        yield param, component, f"FILTER NOT EXISTS {{ {focus} {path} {_n3(obj)} }}", False
                elif param == SH.sparql:
                    if focus != "?this":
                        raise self.refuse(shape, "sh:sparql in a nested shape")
                    if path is not None:
                        raise self.refuse(shape, "sh:sparql on a property shape")
                    yield param, component, "", True
                    break
                else:
                    yield param, component, self.value_pattern(shape, param, obj, value, each_value), True

    @staticmethod
    def component(param: URIRef) -> URIRef:
        if param == SH.sparql:
            return SH.SPARQLConstraintComponent
        local = str(param)[len(str(SH)):]
        return SH[local[0].upper() + local[1:] + "ConstraintComponent"]

    def cardinality(self, shape: Node, param: URIRef, obj: Node, focus: str, path: str) -> str | None:
        if not (isinstance(obj, Literal) and isinstance(obj.value, int)) or obj.value < 0:
            raise self.refuse(shape, f"{curie(param)} {obj}")
        n = obj.value if param == SH.minCount else obj.value + 1
        if n == 0:
            return None  # sh:minCount 0 always holds
        names = [self.fresh() for _ in range(n)]
        triples = " ".join(f"{focus} {path} {v} ." for v in names)
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2))
        found = triples + (f" FILTER ({distinct})" if distinct else "")
        # minCount n fails when n distinct values cannot be found; maxCount m when m + 1 can
        return f"FILTER NOT EXISTS {{ {found} }}" if param == SH.minCount else found

    def value_pattern(self, shape: Node, param: URIRef, obj: Node, v: str, each_value) -> str:
        if param == SH.datatype:
            return each_value(self.datatype_violation(obj, v))
        if param == SH["class"]:
            return each_value(f"NOT EXISTS {{ {v} {SUBCLASS} {_n3(obj)} }}")
        if param == SH.nodeKind:
            if obj not in NODE_KINDS:
                raise self.refuse(shape, f"sh:nodeKind {obj}")
            return each_value(NODE_KINDS[obj].format(v=v))
        if param == SH.pattern:
            flags = self.g.value(shape, SH.flags)
            regex = f"REGEX(STR({v}), {_string(str(obj))}" + (f", {_string(str(flags))})" if flags else ")")
            return each_value(f"isBlank({v}) || !{regex}")
        if param == SH["in"]:
            members = self.items(obj)
            same = " || ".join(f"sameTerm({v}, {_n3(m)})" for m in members) or "false"
            return each_value(f"!({same})")
        if param in RANGES:
            if not isinstance(obj, Literal):
                raise self.refuse(shape, f"{curie(param)} {obj}")
            return each_value(f"!COALESCE({v} {RANGES[param]} {obj.n3()}, false)")
        if param == SH.node:
            return each_value(f"EXISTS {{ {self.violation(obj, v)} }}")
        if param == SH["not"]:
            return each_value(f"NOT EXISTS {{ {self.violation(obj, v)} }}")
        if param == SH["or"]:
            members = self.items(obj)
            if not members:
                return each_value("true")
            return each_value(" && ".join(f"EXISTS {{ {self.violation(m, v)} }}" for m in members))
        raise self.refuse(shape, curie(param))

    def datatype_violation(self, datatype: Node, v: str) -> str:
        if datatype == RDF.langString:
            return f"!(isLiteral({v}) && LANG({v}) != \"\")"
        if datatype == RDFS.Literal:
            return f"!isLiteral({v})"
        ok = f"isLiteral({v}) && LANG({v}) = \"\" && sameTerm(DATATYPE({v}), {_n3(datatype)})"
        if datatype in CASTABLE:
            ok += f" && COALESCE(isLiteral({_n3(datatype)}(STR({v}))), false)"
        return f"!({ok})"

    def violation(self, shape: Node, focus: str) -> str:
        """A group pattern with a solution exactly when ``focus`` does not conform to ``shape``."""
        if self.deactivated(shape):
            return "FILTER (false)"
        parts = [pattern for _p, _c, pattern, _v in self.constraints(shape, focus)]
        for prop in sorted(self.g.objects(shape, SH.property), key=str):
            if not self.deactivated(prop):
                parts.extend(pattern for _p, _c, pattern, _v in self.constraints(prop, focus))
        if not parts:
            return "FILTER (false)"
        return " UNION ".join("{ " + p + " }" for p in parts)

    # ---------------------------------------------------------------- SPARQL-based constraints

    def sparql_check(self, shape, constraint, targets, severity, messages) -> Check:
        for param in self.g.predicates(constraint, None):
            if str(param).startswith(str(SH)) and param not in (SH.select, SH.message, SH.prefixes,
                                                                 SH.deactivated):
                raise self.refuse(shape, f"{curie(param)} on its SPARQL constraint")
        if self.deactivated(constraint):
            return Check(shape=shape, component=SH.SPARQLConstraintComponent, query="", severity=severity)
        select = str(self.one(constraint, SH.select))
        prologue = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in self.prefixes(constraint))
        query = self.with_targets(shape, select, targets)
        return Check(shape=shape, component=SH.SPARQLConstraintComponent, query=prologue + query,
                     severity=severity, messages=messages, constraint=constraint,
                     templates=tuple(self.g.objects(constraint, SH.message)), value_is_focus=True)

    def prefixes(self, constraint: Node):
        for holder in self.g.objects(constraint, SH.prefixes):
            for decl in self.g.objects(holder, SH.declare):
                yield str(self.g.value(decl, SH.prefix)), str(self.g.value(decl, SH.namespace))

    def with_targets(self, shape: Node, select: str, targets: str) -> str:
        """The SELECT with the focus nodes joined at the start of its WHERE block (``$this`` and ``?this``
        are one variable in SPARQL), as pySHACL pre-binds ``$this`` to each focus node."""
        m = re.search(r"\bWHERE\s*\{", select, re.I) or re.search(r"\{", select)
        if m is None or "$PATH" in select or re.search(r"(?<![?$\w])(GRAPH|SERVICE|MINUS)\b", select, re.I):
            raise self.refuse(shape, "this sh:select")
        return select[:m.end()] + f" {{ {targets} }} " + select[m.end():]


__all__ = ["Check", "CompileError", "compile_shapes"]
