"""The hostile-query corpus: texts that try to make a query reach the network or the disk.

Each entry is ``(name, text)``; ``{url}`` is a listener on 127.0.0.1 that must receive nothing,
``{host}`` its ``127.0.0.1:PORT``, ``{file}`` a ``file:`` IRI of a local Turtle file holding a
triple with the word ``LEAKED``, which no answer may show. Seeded by the reproductions of issue 11
(a ``\\r`` ending a comment for one parser and not another, ``\\u`` escapes expanded over the whole
text), then widened: case, nesting, EXISTS, subqueries, variables, prefixes, relative IRIs, FROM,
FROM NAMED and LOAD with ``http:`` and ``file:`` IRIs.
"""

from __future__ import annotations

SERVICE_PATTERN = "{ ?s ?p ?o }"

CORPUS: list[tuple[str, str]] = [
    # plain and spelled differently
    ("service", "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    ("service-lower", "select * where { service <{url}> { ?s ?p ?o } }"),
    ("service-mixed-case", "SeLeCt * WhErE { SeRvIcE <{url}> { ?s ?p ?o } }"),
    ("service-tabs-newlines", "SELECT * WHERE {\n\tSERVICE\t<{url}>\n{ ?s ?p ?o }\r\n}"),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }"),
    ("service-https", "SELECT * WHERE { SERVICE <https://{host}/x> { ?s ?p ?o } }"),
    ("service-localhost", "SELECT * WHERE { SERVICE <http://localhost:{port}/x> { ?s ?p ?o } }"),
    ("service-ipv6-loopback", "SELECT * WHERE { SERVICE <http://[::1]:{port}/x> { ?s ?p ?o } }"),
    ("service-query-string", "SELECT * WHERE { SERVICE <{url}?query=ASK%7B%7D> { ?s ?p ?o } }"),
    ("service-empty-group", "SELECT * WHERE { SERVICE <{url}> { } }"),
    # what two parsers read differently (issue 11)
    ("comment-cr", "SELECT * WHERE { # \r SERVICE <{url}> { ?s ?p ?o } \n}"),
    ("comment-cr-only-lines", "SELECT * WHERE {\r# a comment\rSERVICE <{url}> { ?s ?p ?o }\r}"),
    ("unicode-escape-quote", 'SELECT * WHERE { BIND("X\\u0022 AS ?a) # " AS ?b) SERVICE <{url}> { ?s ?p ?o } #\n }'),
    ("unicode-escape-keyword", "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }"),
    ("unicode-escape-in-iri", "SELECT * WHERE { SERVICE <\\u0068ttp://{host}/x> { ?s ?p ?o } }"),
    ("comment-cr-in-exists", "ASK { FILTER EXISTS { # \r SERVICE <{url}> { ?s ?p ?o } \n} }"),
    # nested
    ("nested-groups", "SELECT * WHERE { { { SERVICE <{url}> { ?s ?p ?o } } } }"),
    ("in-optional", "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1"),
    ("in-union", "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{url}> { ?s ?p ?o } } } LIMIT 1"),
    ("in-minus", "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?q ?r } } } LIMIT 1"),
    ("in-graph", "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("in-exists", "ASK { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("in-not-exists", "ASK { FILTER NOT EXISTS { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("in-bind-exists", "SELECT ?x WHERE { BIND(EXISTS { SERVICE <{url}> { ?s ?p ?o } } AS ?x) }"),
    ("in-subquery", "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }"),
    ("in-subquery-exists", "SELECT * WHERE { { SELECT * WHERE { FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } } } }"),
    ("service-in-service", "SELECT * WHERE { SERVICE <{url}> { SERVICE <{url}> { ?s ?p ?o } } }"),
    ("aggregate", "SELECT (COUNT(*) AS ?n) WHERE { SERVICE <{url}> { ?s ?p ?o } } GROUP BY ?s"),
    # other query forms
    ("ask", "ASK { SERVICE <{url}> { ?s ?p ?o } }"),
    ("construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    ("describe", "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }"),
    # the service named indirectly
    ("service-var-bind", "SELECT * WHERE { BIND(<{url}> AS ?u) SERVICE ?u { ?s ?p ?o } }"),
    ("service-var-values", "SELECT * WHERE { VALUES ?u { <{url}> } SERVICE ?u { ?s ?p ?o } }"),
    ("service-var-unbound", "SELECT * WHERE { SERVICE ?u { ?s ?p ?o } }"),
    ("service-prefixed-name", "PREFIX far: <http://{host}/> SELECT * WHERE { SERVICE far:x { ?s ?p ?o } }"),
    ("service-relative-iri", "BASE <http://{host}/> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }"),
    # the dataset: FROM and FROM NAMED select graphs of the store, never fetch or read
    ("from-http", "SELECT * WHERE { ?s ?p ?o }".replace("SELECT *", "SELECT * FROM <{url}>")),
    ("from-named-http", "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("from-file", "SELECT * FROM <{file}> WHERE { ?s ?p ?o }"),
    ("from-named-file", "SELECT * FROM NAMED <{file}> WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("from-file-lower-and-named-http", "select * from <{file}> from named <{url}> where { ?s ?p ?o }"),
    ("from-file-construct", "CONSTRUCT { ?s ?p ?o } FROM <{file}> WHERE { ?s ?p ?o }"),
    ("from-file-ask", "ASK FROM <{file}> { ?s ?p ?o }"),
    # updates that would load (refused: read-only, and walled off)
    ("load-http", "LOAD <{url}>"),
    ("load-file", "LOAD <{file}>"),
    ("load-silent-into", "LOAD SILENT <{url}> INTO GRAPH <urn:x-battery-kg:loaded>"),
    ("load-after-insert", "INSERT DATA { <urn:a> <urn:b> <urn:c> } ; LOAD <{url}>"),
    ("load-lower-after-clear", "clear all ; load <{file}>"),
]

PROTOCOL_ONLY: list[tuple[str, dict]] = [
    # SPARQL 1.1 Protocol dataset parameters (serve only)
    ("default-graph-uri-http", {"default-graph-uri": "{url}"}),
    ("default-graph-uri-file", {"default-graph-uri": "{file}"}),
    ("named-graph-uri-http", {"named-graph-uri": "{url}"}),
    ("named-graph-uri-file", {"named-graph-uri": "{file}"}),
]
PROTOCOL_QUERY = "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def fill(text: str, listener) -> str:
    """``text`` with the listener's URL, host and port and the ``file:`` IRI put in."""
    return (text.replace("{url}", listener.url).replace("{host}", listener.host)
            .replace("{port}", str(listener.port)).replace("{file}", listener.file_iri))
