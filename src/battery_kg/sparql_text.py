"""Where the code of a SPARQL text is: comments, strings and IRIs blanked out, nothing parsed.

Used to find a variable or a keyword without mistaking a word inside a string, an IRI or a comment
for it; the query itself is read and run by the store's engine.
"""

from __future__ import annotations

import re

_IRI_RE = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def code_only(text: str) -> str:
    """``text`` with comments, strings and IRIs blanked out (same length, same line breaks).

    >>> code_only('?x # FROM\\n<urn:FROM> "FROM" .').split()
    ['?x', '.']
    """
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
        elif c == "<" and (m := _IRI_RE.match(text, i)):
            out.append(" " * len(m.group(0)))
            i += len(m.group(0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def names_dataset(text: str) -> bool:
    """True when the query has a dataset clause (``FROM`` or ``FROM NAMED``), which then picks its graphs.

    >>> names_dataset("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }"), names_dataset("SELECT * { ?s ?p 'from' }")
    (True, False)
    """
    return re.search(r"(?<![\w:?$])FROM\b", code_only(text), re.I) is not None


def with_values(text: str, params) -> str:
    """``text`` with ``VALUES ?name { term }`` put first in its outer WHERE group (the first group when
    there is no WHERE keyword), terms written with ``n3()``: parameters are RDF terms, never pasted text.

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
    code = code_only(text)
    where = re.search(r"\bWHERE\s*\{", code, re.I) or re.search(r"\{", code)
    if where is None:
        raise UsageError("a query with parameters needs a WHERE group to bind them in")
    at = where.end()
    clause = " ".join(f"VALUES ?{name} {{ {term.n3()} }}" for name, term in params.items())
    return f"{text[:at]} {clause}\n{text[at:]}"
