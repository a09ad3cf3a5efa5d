"""Where the code of a SPARQL text is: comments, strings and IRIs blanked out, nothing parsed.

Used to find a variable or a keyword without mistaking a word inside a string, an IRI or a comment
for it; the query itself is read and run by the store's engine.
"""

from __future__ import annotations

import re
from functools import lru_cache

_HIDDEN = re.compile(
    r"#[^\n]*"                                   # a comment
    r'|"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'        # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
    r'|"(?:[^"\\\n]|\\.)*"?'                     # short strings
    r"|'(?:[^'\\\n]|\\.)*'?"
    r"|<[^<>\"{}|^`\\\s]*>"                         # an IRI
)


@lru_cache(maxsize=256)
def code_only(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length, same line breaks).

    >>> code_only('?x # FROM\\n<urn:FROM> "FROM" .').split()
    ['?x', '.']
    >>> code_only("?a < ?b && 'it''s' = '''x FROM y''' ").split()
    ['?a', '<', '?b', '&&', '=']
    """
    return _HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def names_dataset(text: str) -> bool:
    """True when the query has a dataset clause (``FROM`` or ``FROM NAMED``), which then picks its graphs.

    >>> names_dataset("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }"), names_dataset("SELECT * { ?s ?p 'from' }")
    (True, False)
    """
    return re.search(r"(?<![\w:?$])FROM\b", code_only(text), re.I) is not None


def _group_end(code: str, start: int) -> int:
    """Index just after the ``}`` closing the group whose ``{`` is at ``start``."""
    depth = 0
    for i in range(start, len(code)):
        if code[i] == "{":
            depth += 1
        elif code[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(code)


def _projects(projection: str, name: str) -> bool:
    """True when a SELECT clause keeps ``?name`` as it is (``*``, or the plain variable, not ``AS ?name``)."""
    while True:
        flat = re.sub(r"\([^()]*\)", " ", projection)
        if flat == projection:
            break
        projection = flat
    return projection.strip() == "*" or re.search(rf"[?$]{re.escape(name)}\b", projection) is not None


def value_groups(text: str, name: str) -> list[int]:
    """Where ``VALUES ?name`` goes: just inside the outer WHERE group, and inside the WHERE group of every
    subquery whose SELECT, and every enclosing subquery's SELECT, keeps ``?name`` (there the variable is
    the outer one, so binding it inside gives the same answers and lets the engine start from it).

    >>> text = "SELECT ?n WHERE { { SELECT ?x ?y WHERE { ?x ?p ?y } } { SELECT (1 AS ?y) WHERE { } } }"
    >>> [text[i - 7:i] for i in value_groups(text, "y")]
    ['WHERE {', 'WHERE {']
    >>> [text[i - 7:i] for i in value_groups(text, "z")]
    ['WHERE {']
    """
    code = code_only(text)
    outer = re.search(r"\bWHERE\s*\{", code, re.I) or re.search(r"\{", code)
    if outer is None:
        return []
    spots = [outer.end()]
    subqueries = []  # (group start, group end, keeps ?name)
    for select in re.finditer(r"\bSELECT\b", code, re.I):
        if select.start() < outer.start():
            continue
        brace = code.find("{", select.end())
        if brace < 0:
            continue
        head = re.sub(r"(?i)^\s*(DISTINCT|REDUCED)\b", "", code[select.end():brace])
        head = re.sub(r"(?i)\bWHERE\s*$", "", head.rstrip())
        subqueries.append((brace, _group_end(code, brace), _projects(head, name)))
    for start, end, keeps in subqueries:
        enclosing = [k for s, e, k in subqueries if s < start and end <= e]
        if keeps and all(enclosing):
            spots.append(start + 1)
    return spots


def with_values(text: str, params) -> str:
    """``text`` with ``VALUES ?name { term }`` for each parameter put first in its outer WHERE group (the
    first group when there is no WHERE keyword) and in each subquery that keeps the variable
    (:func:`value_groups`); terms are written with ``n3()``: parameters are RDF terms, never pasted text.

    >>> from rdflib import Literal
    >>> print(with_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": Literal(2030)}))
    SELECT ?x WHERE { VALUES ?y { "2030"^^<http://www.w3.org/2001/XMLSchema#integer> }
     ?x ?p ?y }
    >>> with_values("ASK { ?x ?p ?y }", {"y": Literal("a")})
    'ASK { VALUES ?y { "a" }\\n ?x ?p ?y }'
    """
    from battery_kg.errors import UsageError

    if not params:
        return text
    inserts: dict[int, list[str]] = {}
    for name, term in params.items():
        spots = value_groups(text, name)
        if not spots:
            raise UsageError("a query with parameters needs a WHERE group to bind them in")
        for at in spots:
            inserts.setdefault(at, []).append(f"VALUES ?{name} {{ {term.n3()} }}")
    out, last = [], 0
    for at in sorted(inserts):
        out.append(text[last:at] + " " + " ".join(inserts[at]) + "\n")
        last = at
    out.append(text[last:])
    return "".join(out)
