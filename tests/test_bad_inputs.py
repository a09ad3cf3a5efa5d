"""The bad-input corpus: what a careless editor and a hostile file do to validate, build, lint, query, export.

Each case is one file or a small tree, written here by hand, with the exit code and the message it must
give. Every case also obeys the contract of ``docs/bad-input.md``, checked once for all of them:

* no traceback, and nothing on stderr but battery-kg's own lines (no library warning noise);
* an input error exits 2 with exactly one stderr line ``battery-kg: FILE:LINE:COL: what is wrong``,
  LINE >= 1 and COL >= 1, the file name escaped (a line break in a name cannot forge a second line);
* ``build`` writes nothing when it refuses: no output folder, nothing left beside it.

Data cases (``DATA``) run through all five commands; the others through the command they are about.
Cases run in-process (click's CliRunner) to stay fast; a few run as a real process, where a traceback or
a warning printed by a library would show (``test_as_a_process``).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from battery_kg.cli import main

PREFIXES = (
    "@prefix bkg: <https://w3id.org/battery-kg/def#> .\n"
    "@prefix bkr: <https://w3id.org/battery-kg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
"""Four lines: a case's own text starts on line 5."""

ONE_LINE = re.compile(r"^battery-kg: (?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<what>.+)$")


@dataclass
class Case:
    id: str
    files: dict[str, bytes | str]
    where: str  # "FILE:LINE:COL" the message must start with (FILE relative to the project root), or a regex
    pattern: str  # regex the rest of the message must match
    exit: int = 2
    args: tuple[str, ...] = ()
    commands: tuple[str, ...] = ("validate", "lint", "build", "query", "export")
    shapes: bool = True  # copy nothing of the ontology: the shipped one is used
    extra: dict[str, str] = field(default_factory=dict)


def ttl(body: str) -> str:
    return PREFIXES + body


def graph(body: str) -> str:
    return PREFIXES + "bkr:g {\n" + body + "\n}\n"


# ----------------------------------------------------------------------------- data cases (x 5 commands)

DATA = [
    # syntax slips an editor makes
    Case("unclosed-graph-at-eof", {"graph/x.trig": PREFIXES + "bkr:g {\n  bkr:a rdfs:label \"a\"@en .\n"},
         "graph/x.trig:6:28", r"syntax error: needed .\}., found end"),
    Case("missing-final-dot", {"graph/x.ttl": ttl("bkr:a rdfs:label \"a\"@en\n")}, "graph/x.ttl:5:24", r"syntax error: EOF found after object"),
    Case("unterminated-string", {"graph/x.ttl": ttl('bkr:a rdfs:label "abc .\n')}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("newline-in-string", {"graph/x.ttl": ttl('bkr:a rdfs:label "ab\ncd" .\n')}, r"graph/x.ttl:5:\d+",
         r"syntax error: newline found in string literal"),
    Case("unknown-prefix", {"graph/x.ttl": ttl("bkr:a foo:bar bkr:b .\n")}, r"graph/x.ttl:5:\d+",
         r"syntax error: Prefix \"foo:\" not bound"),
    Case("prefix-without-iri", {"graph/x.ttl": "@prefix ex: .\n"}, r"graph/x.ttl:1:\d+", r"syntax error"),
    Case("stray-closing-brace", {"graph/x.trig": graph("bkr:a rdfs:label \"a\"@en .\n}")}, r"graph/x.trig:\d+:\d+",
         r"syntax error"),
    Case("nested-graph", {"graph/x.trig": graph("bkr:h { bkr:a rdfs:label \"a\" . }")}, r"graph/x.trig:6:\d+",
         r"syntax error"),
    Case("literal-as-subject", {"graph/x.ttl": ttl('"a" rdfs:label "b" .\n')}, "graph/x.ttl:5:1",
         r'"a" cannot be a subject'),
    Case("literal-as-predicate", {"graph/x.ttl": ttl('bkr:a "p" "b" .\n')}, "graph/x.ttl:5:7",
         r'"p" cannot be a predicate'),
    Case("double-comma", {"graph/x.ttl": ttl("bkr:a rdfs:label \"a\" ,, .\n")}, "graph/x.ttl:5:17",
         r"syntax error: objectList expected"),
    Case("datatype-missing", {"graph/x.ttl": ttl('bkr:a bkg:value "1"^^ .\n')}, "graph/x.ttl:1:1",
         r"cannot parse as turtle"),
    Case("empty-language-tag", {"graph/x.ttl": ttl('bkr:a rdfs:label "a"@ .\n')}, "graph/x.ttl:5:19",
         r"syntax error: Bad language code"),
    Case("bad-string-escape", {"graph/x.ttl": ttl('bkr:a rdfs:label "a\\qb" .\n')}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("graph-block-in-turtle", {"graph/x.ttl": graph("bkr:a rdfs:label \"a\" .")}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("exponent-without-digits", {"graph/x.ttl": ttl("bkr:a bkg:value 1e .\n")}, "graph/x.ttl:5:18",
         r"syntax error: expected '\.'"),
    Case("prefixed-name-in-ntriples", {"graph/x.nt": "bkr:a <https://e.org/p> \"x\" .\n"}, "graph/x.nt:1:1",
         r"cannot parse as nt"),
    Case("ntriples-missing-dot", {"graph/x.nt": "<https://e.org/a> <https://e.org/p> \"x\"\n"}, "graph/x.nt:1:1",
         r"cannot parse as nt"),
    Case("ntriples-four-terms", {"graph/x.nt": "<https://e.org/a> <https://e.org/p> <https://e.org/b> <https://e.org/g> .\n"},
         "graph/x.nt:1:1", r"cannot parse as nt"),
    Case("nquads-literal-graph", {"graph/x.nq": "<https://e.org/a> <https://e.org/p> \"x\" \"g\" .\n"},
         "graph/x.nq:1:1", r"cannot parse as nquads"),
    Case("nquads-second-line-broken", {"graph/x.nq": "<https://e.org/a> <https://e.org/p> \"x\" <https://e.org/g> .\n"
                                                     "<https://e.org/a> <https://e.org/p> .\n"},
         r"graph/x.nq:\d+:1", r"cannot parse as nquads"),
    # line endings and encodings: the line reported is the line an editor shows
    Case("cr-only-error-on-line-6", {"graph/x.ttl": ttl("bkr:a rdfs:label \"a\" .\nbkr:b rdfs:label \"b .\n").replace("\n", "\r")},
         r"graph/x.ttl:6:\d+", r"syntax error"),
    Case("crlf-error-on-line-6", {"graph/x.ttl": ttl("bkr:a rdfs:label \"a\" .\nbkr:b rdfs:label \"b .\n").replace("\n", "\r\n")},
         r"graph/x.ttl:6:\d+", r"syntax error"),
    Case("bom-then-error-line-5", {"graph/x.ttl": "\ufeff" + ttl("bkr:a bkr:b .\n")}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("latin-1-bytes", {"graph/x.ttl": ttl('bkr:a rdfs:label "Dunkerque ').encode() + b'\xe9" .\n'},
         "graph/x.ttl:5:29", r"not valid UTF-8"),
    Case("utf-16-file", {"graph/x.ttl": ttl("bkr:a rdfs:label \"a\" .\n").encode("utf-16")}, "graph/x.ttl:1:1",
         r"not valid UTF-8"),
    # characters no output format can carry
    Case("raw-nul", {"graph/x.ttl": ttl('bkr:a rdfs:label "a\x00b" .\n')}, "graph/x.ttl:5:20", r"NUL character"),
    Case("escaped-nul", {"graph/x.ttl": ttl('bkr:a rdfs:label "a\\u0000b" .\n')}, "graph/x.ttl:5:20",
         r"\\u0000 is a NUL character"),
    Case("escaped-nul-long", {"graph/x.ttl": ttl('bkr:a rdfs:label "a\\U00000000b" .\n')}, "graph/x.ttl:5:20",
         r"\\U00000000 is a NUL character"),
    Case("lone-high-surrogate", {"graph/x.ttl": ttl('bkr:a rdfs:label "x\\uD800" .\n')}, "graph/x.ttl:5:20",
         r"lone surrogate \(U\+D800\)"),
    Case("lone-low-surrogate", {"graph/x.ttl": ttl('bkr:a rdfs:label "\\uDFFFx" .\n')}, "graph/x.ttl:5:19",
         r"lone surrogate \(U\+DFFF\)"),
    Case("surrogate-pair-as-escapes", {"graph/x.ttl": ttl('bkr:a rdfs:label "\\uD83D\\uDE00" .\n')},
         "graph/x.ttl:5:19", r"lone surrogate"),
    Case("escape-beyond-unicode", {"graph/x.ttl": ttl('bkr:a rdfs:label "\\U00110000" .\n')}, "graph/x.ttl:5:19",
         r"U\+110000, which is not a character"),
    Case("escaped-fffe", {"graph/x.ttl": ttl('bkr:a rdfs:label "\\uFFFE" .\n')}, "graph/x.ttl:5:19",
         r"not a character"),
    Case("raw-control-char", {"graph/x.ttl": ttl('bkr:a rdfs:label "bell\x07" .\n')}, "graph/x.ttl:5:23",
         r"control character U\+0007"),
    Case("raw-escape-char", {"graph/x.ttl": ttl('bkr:a rdfs:label "esc\x1b[31m" .\n')}, "graph/x.ttl:5:22",
         r"control character U\+001B"),
    Case("backspace-escape", {"graph/x.ttl": ttl('bkr:a rdfs:label "a\\bb" .\n')}, "graph/x.ttl:5:20",
         r"control character U\+0008"),
    Case("form-feed-escape", {"graph/x.ttl": ttl('bkr:a rdfs:label "a\\fb" .\n')}, "graph/x.ttl:5:20",
         r"control character U\+000C"),
    Case("escaped-control-in-iri", {"graph/x.ttl": ttl('<https://e.org/a\\u0001> rdfs:label "a" .\n')},
         "graph/x.ttl:5:17", r"control character U\+0001"),
    # numbers that are not numbers
    Case("nan-double", {"graph/x.ttl": ttl('bkr:a bkg:value "NaN"^^xsd:double .\n')}, "graph/x.ttl:5:17",
         r'"NaN" is not a finite number'),
    Case("inf-double", {"graph/x.ttl": ttl('bkr:a bkg:value "INF"^^xsd:double .\n')}, "graph/x.ttl:5:17",
         r'"INF" is not a finite number'),
    Case("minus-inf-float", {"graph/x.ttl": ttl('bkr:a bkg:value "-INF"^^xsd:float .\n')}, "graph/x.ttl:5:17",
         r'"-INF" is not a finite number'),
    Case("plus-inf-double", {"graph/x.ttl": ttl('bkr:a bkg:value "+INF"^^xsd:double .\n')}, "graph/x.ttl:5:17",
         r'"\+INF" is not a finite number'),
    Case("nan-decimal", {"graph/x.ttl": ttl('bkr:a bkg:value "NaN"^^xsd:decimal .\n')}, "graph/x.ttl:5:17",
         r'"NaN" is not a finite number'),
    Case("infinity-word-decimal", {"graph/x.ttl": ttl('bkr:a bkg:value "Infinity"^^xsd:decimal .\n')},
         "graph/x.ttl:5:17", r'"Infinity" is not a finite number'),
    Case("overflowing-double", {"graph/x.ttl": ttl('bkr:a bkg:value "1e999"^^xsd:double .\n')}, "graph/x.ttl:5:17",
         r'"1e999" is not a finite number'),
    Case("nan-integer", {"graph/x.ttl": ttl('bkr:a bkg:value "nan"^^xsd:integer .\n')}, "graph/x.ttl:5:17",
         r'"nan" is not a finite number'),
    Case("nan-in-nquads", {"graph/x.nq": '<https://e.org/a> <https://e.org/p> "NaN"^^<http://www.w3.org/2001/XMLSchema#double> <https://e.org/g> .\n'},
         "graph/x.nq:1:37", r'"NaN" is not a finite number'),
    # IRIs that are not IRIs (RFC 3987)
    Case("space-in-iri", {"graph/x.ttl": ttl('<https://e.org/ver kor> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <https://e.org/ver kor>: a space is not allowed"),
    Case("braces-pipe-caret-backtick", {"graph/x.ttl": ttl('<https://e.org/a{b}|c^`d> rdfs:label "a" .\n')},
         "graph/x.ttl:5:1", r"'\{' is not allowed in an IRI"),
    Case("relative-words", {"graph/x.ttl": ttl('<not an iri> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"relative IRI <not an iri>"),
    Case("relative-name", {"graph/x.ttl": ttl('<verkor> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"relative IRI <verkor>: write the IRI in full"),
    Case("relative-fragment", {"graph/x.ttl": ttl('bkr:a rdfs:seeAlso <#here> .\n')}, "graph/x.ttl:5:20",
         r"relative IRI <#here>"),
    Case("relative-as-graph-name", {"graph/x.trig": PREFIXES + "<g1> { bkr:a rdfs:label \"a\" . }\n"},
         "graph/x.trig:5:1", r"relative IRI <g1>"),
    Case("bad-percent", {"graph/x.ttl": ttl('<https://e.org/100%> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"'%' must start a percent-encoding"),
    Case("escaped-space-in-iri", {"graph/x.ttl": ttl('<https://e.org/a\\u0020b> rdfs:label "a" .\n')},
         r"graph/x.ttl:\d+:\d+", r"a space is not allowed in an IRI"),
    Case("quote-in-iri", {"graph/x.ttl": ttl('<https://e.org/a\\u0022b> rdfs:label "a" .\n')},
         r"graph/x.ttl:\d+:\d+", r"'\"' is not allowed in an IRI"),
    Case("scheme-starts-with-digit", {"graph/x.ttl": ttl('<1http://e.org/a> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <1http://e.org/a>|relative IRI"),
    Case("port-with-letters", {"graph/x.ttl": ttl('<https://e.org:80a/x> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <https://e.org:80a/x>"),
    Case("unclosed-ip-literal", {"graph/x.ttl": ttl('<http://[::1/x> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <http://\[::1/x>"),
    Case("space-in-prefix-iri", {"graph/x.ttl": "@prefix ex: <https://e.org/a b/> .\nex:c ex:d ex:e .\n"},
         r"graph/x.ttl:\d+:\d+", r"a space is not allowed"),
    Case("iri-in-ntriples-with-space", {"graph/x.nt": "<https://e.org/a b> <https://e.org/p> \"x\" .\n"},
         r"graph/x.nt:1:\d+", r"bad IRI|cannot parse as nt"),
    Case("tab-in-iri", {"graph/x.ttl": ttl('<https://e.org/a\\u0009b> rdfs:label "a" .\n')},
         r"graph/x.ttl:\d+:\d+", r"a tab is not allowed in an IRI"),
    # more of the same, as a hostile file or a tired editor writes them
    Case("prefix-iri-with-space-sparql-style", {"graph/x.ttl": "PREFIX ex: <https://e.org/a b/>\nex:c ex:d ex:e .\n"},
         r"graph/x.ttl:\d+:\d+", r"a space is not allowed"),
    Case("relative-base", {"graph/x.ttl": "@base <things/> .\n<a> <https://e.org/p> \"x\" .\n"}, r"graph/x.ttl:\d+:\d+",
         r"relative IRI <things/a>"),
    Case("base-with-space", {"graph/x.ttl": "@base <https://e.org/x y/> .\n<a> <https://e.org/p> \"x\" .\n"},
         r"graph/x.ttl:\d+:\d+", r"bad IRI <https://e.org/x y/a>: a space"),
    Case("escape-in-local-name", {"graph/x.ttl": ttl("bkr:a\\u0041 rdfs:label \"a\" .\n")}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("unterminated-long-string", {"graph/x.ttl": ttl('bkr:a rdfs:label """abc\ndef .\n')}, r"graph/x.ttl:\d+:\d+",
         r"syntax error"),
    Case("numeric-language-tag", {"graph/x.ttl": ttl('bkr:a rdfs:label "a"@123 .\n')}, "graph/x.ttl:1:1",
         r"cannot parse as turtle"),  # rdflib does not say where: line 1 (a known limit)
    Case("boolean-typo", {"graph/x.ttl": ttl("bkr:a bkg:isFirstOfOperator ture .\n")}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("unclosed-blank-node-list", {"graph/x.ttl": ttl('bkr:a bkg:site [ rdfs:label "a" .\n')}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("unclosed-collection", {"graph/x.ttl": ttl("bkr:a bkg:site ( bkr:b bkr:c .\n")}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("cr-after-comment-then-error", {"graph/x.ttl": ttl("# note\rbkr:a rdfs:label .\n")}, r"graph/x.ttl:6:\d+",
         r"syntax error"),
    Case("crlf-then-cr-error-on-line-7", {"graph/x.ttl": ttl("bkr:a rdfs:label \"a\" .\r\nbkr:b rdfs:label \"b\" .\rbkr:c bkr:d .\n")},
         r"graph/x.ttl:7:\d+", r"syntax error"),
    Case("nul-in-iri", {"graph/x.ttl": ttl('<https://e.org/a\x00> rdfs:label "a" .\n')}, "graph/x.ttl:5:17",
         r"NUL character"),
    Case("overflowing-float", {"graph/x.ttl": ttl('bkr:a bkg:value "1e999"^^xsd:float .\n')}, "graph/x.ttl:5:17",
         r'"1e999" is not a finite number'),
    Case("negative-overflow-double", {"graph/x.ttl": ttl('bkr:a bkg:value "-1E400"^^xsd:double .\n')}, "graph/x.ttl:5:17",
         r'"-1E400" is not a finite number'),
    Case("nan-inside-a-graph", {"graph/x.trig": graph('bkr:a bkg:value "NaN"^^xsd:double .')}, "graph/x.trig:6:17",
         r'"NaN" is not a finite number'),
    Case("inf-with-full-datatype-iri", {"graph/x.ttl": ttl('bkr:a bkg:value "INF"^^<http://www.w3.org/2001/XMLSchema#double> .\n')},
         "graph/x.ttl:5:17", r'"INF" is not a finite number'),
    Case("datatype-iri-with-space", {"graph/x.ttl": ttl('bkr:a bkg:value "1"^^<https://e.org/t y> .\n')},
         r"graph/x.ttl:5:\d+", r"bad IRI <https://e.org/t y>"),
    Case("graph-name-with-space", {"graph/x.trig": PREFIXES + '<https://e.org/g h> { bkr:a rdfs:label "a" . }\n'},
         "graph/x.trig:5:1", r"bad IRI <https://e.org/g h>"),
    Case("nquads-graph-with-space", {"graph/x.nq": '<https://e.org/a> <https://e.org/p> "x" <https://e.org/g h> .\n'},
         r"graph/x.nq:1:\d+", r"bad IRI|cannot parse as nquads"),
    Case("two-fragments", {"graph/x.ttl": ttl('<https://e.org/a#b#c> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <https://e.org/a#b#c>"),
    Case("square-bracket-in-path", {"graph/x.ttl": ttl('<https://e.org/a[1]> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <https://e.org/a\[1\]>"),
    Case("urn-with-space", {"graph/x.ttl": ttl('<urn:isbn:978 0> rdfs:label "a" .\n')}, "graph/x.ttl:5:1",
         r"bad IRI <urn:isbn:978 0>: a space"),
    Case("escaped-ffff", {"graph/x.ttl": ttl('bkr:a rdfs:label "\\uFFFF" .\n')}, "graph/x.ttl:5:19", r"not a character"),
    Case("raw-fffe", {"graph/x.ttl": ttl('bkr:a rdfs:label "x\ufffe" .\n')}, "graph/x.ttl:5:20", r"U\+FFFE, which is not"),
    Case("utf-8-encoded-surrogate", {"graph/x.ttl": ttl('bkr:a rdfs:label "x').encode() + b'\xed\xa0\x80" .\n'},
         "graph/x.ttl:5:20", r"not valid UTF-8"),
    Case("overlong-utf-8", {"graph/x.ttl": ttl('bkr:a rdfs:label "x').encode() + b'\xc0\xaf" .\n'}, "graph/x.ttl:5:20",
         r"not valid UTF-8"),
    Case("truncated-utf-8-at-end", {"graph/x.ttl": ttl('bkr:a rdfs:label "x" . # ').encode() + b'\xe2\x82'},
         "graph/x.ttl:5:26", r"not valid UTF-8"),
    Case("latin-1-in-a-comment", {"graph/x.ttl": b"# caf\xe9\n" + ttl("").encode()}, "graph/x.ttl:1:6", r"not valid UTF-8"),
    Case("ntriples-cr-only-error-line-3", {"graph/x.nt": '<https://e.org/a> <https://e.org/p> "x" .\r<https://e.org/b> <https://e.org/p> "y" .\r<https://e.org/c> <https://e.org/p> .\r'},
         "graph/x.nt:3:1", r"cannot parse as nt"),
    Case("nquads-bom-then-error", {"graph/x.nq": '\ufeff<https://e.org/a> <https://e.org/p> .\n'}, "graph/x.nq:1:1",
         r"cannot parse as nquads"),
    Case("empty-prefix-unbound", {"graph/x.ttl": ":a :b :c .\n"}, r"graph/x.ttl:1:\d+", r"syntax error: Prefix \":\" not bound"),
    Case("keyword-a-as-subject", {"graph/x.ttl": ttl('a rdfs:label "x" .\n')}, r"graph/x.ttl:5:\d+", r"syntax error"),
    Case("prefix-line-missing-dot", {"graph/x.ttl": "@prefix bkr: <https://w3id.org/battery-kg/id/>\nbkr:a bkr:b bkr:c .\n"},
         r"graph/x.ttl:\d+:\d+", r"syntax error"),
    # rdflib's Turtle parser is lenient here; the triple is read as meant and the data checked as usual (exit 1)
    Case("leading-semicolon", {"graph/x.ttl": ttl('bkr:a ; rdfs:label "x" .\n')}, "", r"does not conform", exit=1,
         commands=("validate", "build")),
    Case("language-and-datatype", {"graph/x.ttl": ttl('bkr:a rdfs:label "a"@en^^xsd:string .\n')}, "",
         r"does not conform", exit=1, commands=("validate", "build")),  # rdflib accepts it (a known limit, docs/bad-input.md)
    Case("missing-comma-between-objects", {"graph/x.ttl": ttl('bkr:a rdfs:label "a" "b" .\n')}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("second-error-file-is-the-one-named", {"graph/a.ttl": ttl('bkr:a rdfs:label "a"@en .\n'),
                                                 "graph/b.ttl": ttl('bkr:b rdfs:label "b .\n')},
         r"graph/b.ttl:5:\d+", r"syntax error"),
    Case("literal-as-graph-name-in-trig", {"graph/x.trig": PREFIXES + '"g" { bkr:a rdfs:label "a" . }\n'},
         r"graph/x.trig:5:\d+", r"syntax error|cannot be"),
    Case("html-saved-as-trig", {"graph/x.trig": "<!DOCTYPE html>\n<html><body>404</body></html>\n"},
         r"graph/x.trig:2:13", r"syntax error"),
    Case("json-ld-saved-as-ttl", {"graph/x.ttl": '{"@id": "https://e.org/a", "https://e.org/p": "x"}\n'},
         r"graph/x.ttl:1:\d+", r"syntax error"),
    # RDF 1.2, which Oxigraph reads and rdflib (so validate) does not: query and export refuse it too
    Case("rdf12-version-directive", {"graph/x.ttl": ttl('VERSION "1.2"\nbkr:a rdfs:label "a"@en .\n')},
         "graph/x.ttl:5:1", r"syntax error: expected directive or statement"),
    Case("rdf12-version-after-a-statement", {"graph/x.ttl": ttl('bkr:a rdfs:label "a"@en . version "1.2"\n')},
         r"graph/x.ttl:5:\d+", r"syntax error"),
    Case("rdf12-triple-term", {"graph/x.ttl": ttl("bkr:a bkg:p <<( bkr:s bkg:p bkr:o )>> .\n")}, r"graph/x.ttl:5:\d+",
         r"syntax error"),
    Case("rdf12-reifier", {"graph/x.trig": graph("bkr:a bkg:p << bkr:s bkg:p bkr:o >> .")}, r"graph/x.trig:6:\d+",
         r"syntax error"),
    Case("rdf12-annotation", {"graph/x.ttl": ttl('bkr:s rdfs:label "s" {| bkg:q bkr:r |} .\n')}, "graph/x.ttl:5:22",
         r"syntax error"),
    Case("rdf12-directional-language", {"graph/x.ttl": ttl('bkr:a rdfs:label "x"@en--ltr .\n')}, "graph/x.ttl:5:24",
         r"syntax error"),
]

# ----------------------------------------------------------------------------- trees: files and folders

PROJECT_CASES = [
    Case("rdf-xml-file-in-graph", {"graph/ok.ttl": ttl("bkr:a rdfs:label \"a\"@en .\n"), "graph/more.rdf": "<rdf:RDF/>"},
         "graph/more.rdf:1:1", r"unknown file type '\.rdf': not read"),
    Case("json-file-in-graph", {"graph/ok.ttl": ttl(""), "graph/sub/data.json": "{}"}, "graph/sub/data.json:1:1",
         r"unknown file type '\.json'"),
    Case("jsonld-file-in-graph", {"graph/ok.ttl": ttl(""), "graph/data.jsonld": "{}"}, "graph/data.jsonld:1:1",
         r"unknown file type '\.jsonld'"),
    Case("editor-backup", {"graph/ok.trig": ttl(""), "graph/ok.trig~": ttl("")}, "graph/ok.trig~:1:1",
         r"unknown file type '\.trig~'"),
    Case("vim-swap-file", {"graph/ok.trig": ttl(""), "graph/.ok.trig.swp": "x"}, "graph/.ok.trig.swp:1:1",
         r"unknown file type '\.swp'"),
    Case("file-without-extension", {"graph/ok.trig": ttl(""), "graph/README": "notes"}, "graph/README:1:1",
         r"unknown file type '\(none\)'"),
    Case("rejected-merge-copy", {"graph/ok.trig": ttl(""), "graph/ok.trig.orig": ttl("")}, "graph/ok.trig.orig:1:1",
         r"unknown file type '\.orig'"),
    Case("empty-graph-folder", {"graph/.keep-folder/": ""}, "graph:1:1", r"no RDF data files found"),
    Case("newline-in-file-name", {"graph/x\n/etc/passwd:1:1: fake.ttl": ttl("bkr:a bkr:b .\n")},
         r"graph/x\\n/etc/passwd:1:1: fake\.ttl:5:\d+", r"syntax error"),
    Case("newline-in-unknown-file-name", {"graph/ok.ttl": ttl(""), "graph/a\nb.txt": "x"}, r"graph/a\\nb\.txt:1:1",
         r"unknown file type '\.txt'"),
    Case("carriage-return-in-file-name", {"graph/x\r.ttl": ttl("bkr:a bkr:b .\n")}, r"graph/x\\r\.ttl:5:\d+",
         r"syntax error"),
    Case("bad-ontology-file", {"graph/ok.ttl": ttl(""), "ontology/core.ttl": "@prefix x: <https://e.org/> .\nx:a x:b x:c .\n",
                               "ontology/shapes/s.ttl": "@prefix x: <https://e.org/> .\nx:a x:b\n"},
         "ontology/shapes/s.ttl:2:8", r"syntax error: objectList expected"),
    Case("empty-ontology-folder", {"graph/ok.ttl": ttl(""), "ontology/.empty/": ""}, "ontology:1:1",
         r"no ontology modules"),
    Case("ontology-without-shapes", {"graph/ok.ttl": ttl(""), "ontology/core.ttl": "@prefix x: <https://e.org/> .\nx:a x:b x:c .\n"},
         "ontology/shapes:1:1", r"no SHACL shapes"),
    Case("shapes-without-a-shape", {"graph/ok.ttl": ttl(""), "ontology/core.ttl": "@prefix x: <https://e.org/> .\nx:a x:b x:c .\n",
                                    "ontology/shapes/s.ttl": "@prefix x: <https://e.org/> .\nx:a x:b x:c .\n"},
         "ontology/shapes:1:1", r"declare no sh:NodeShape"),
    Case("bad-iri-in-shapes", {"graph/ok.ttl": ttl(""), "ontology/core.ttl": "@prefix x: <https://e.org/> .\nx:a x:b x:c .\n",
                               "ontology/shapes/s.ttl": "<https://e.org/s h> a <http://www.w3.org/ns/shacl#NodeShape> .\n"},
         "ontology/shapes/s.ttl:1:1", r"a space is not allowed"),
]

NO_GRAPH = [
    Case("root-without-graph", {"notes.txt": "x"}, r".*:1:1", r"no graph/ folder in --root"),
    Case("root-with-graph-as-file", {"graph": "x"}, r".*:1:1", r"no graph/ folder in --root"),
]

# ----------------------------------------------------------------------------- one command each

SHIPPED = "shipped"  # run against the shipped graph (no --root)

COMMAND_CASES = [
    # validate
    Case("validate-missing-file", {}, r".*nowhere\.ttl:1:1", r"no such file or directory",
         args=("validate", "{tmp}/nowhere.ttl"), commands=()),
    Case("validate-unknown-type", {"data.csv": "a,b\n"}, r".*data\.csv:1:1", r"unknown file type '\.csv'",
         args=("validate", "{tmp}/data.csv"), commands=()),
    Case("validate-output-missing-folder", {}, r".*missing/deeper:1:1", r"no such folder to write into",
         args=("validate", "-o", "{tmp}/missing/deeper/report.txt"), commands=()),
    Case("validate-bad-format", {}, "", r"Invalid value for '--format'", args=("validate", "--format", "xml"),
         commands=()),
    Case("validate-root-missing", {}, r".*nowhere:1:1", r"no such directory", args=("validate", "--root", "{tmp}/nowhere"),
         commands=()),
    Case("validate-root-is-file", {"afile": "x"}, r"", r"is a file|not a directory|Directory",
         args=("validate", "--root", "{tmp}/afile"), commands=()),
    Case("validate-changed-bad-engine", {}, "", r"--changed runs pySHACL", args=("validate", "--changed", "HEAD", "--engine", "rudof"),
         commands=()),
    Case("validate-broken-link", {"graph/ok.ttl": ttl(""), "@link graph/gone.ttl": "nowhere.ttl"}, r".*graph/gone\.ttl:1:1",
         r"broken symbolic link", args=("validate", "--root", "{tmp}"), commands=()),
    Case("validate-link-loop", {"graph/ok.ttl": ttl(""), "@link graph/loop": "."}, r".*graph/loop.*:1:1",
         r"reached twice", args=("validate", "--root", "{tmp}"), commands=()),
    Case("validate-fifo", {"graph/ok.ttl": ttl(""), "@fifo graph/pipe.ttl": ""}, r".*graph/pipe\.ttl:1:1",
         r"not a regular file", args=("validate", "--root", "{tmp}"), commands=()),
    Case("validate-directory-named-like-a-file", {"graph/ok.ttl": ttl(""), "graph/sub.ttl/inner.txt": "x"},
         r".*graph/sub\.ttl/inner\.txt:1:1", r"unknown file type", args=("validate", "--root", "{tmp}"), commands=()),
    # lint: ill-formed values are findings (exit 1), not crashes
    Case("lint-gyear-letters", {"graph/x.trig": graph('bkr:fx-c a bkg:CapacityStatement ; bkg:year "abcd"^^xsd:gYear .')},
         "", r"not a valid xsd:gYear", exit=1, args=("lint", "--root", "{tmp}"), commands=()),
    Case("lint-gyear-two-digits", {"graph/x.trig": graph('bkr:fx-c a bkg:CapacityStatement ; bkg:year "30"^^xsd:gYear .')},
         "", r"not a valid xsd:gYear", exit=1, args=("lint", "--root", "{tmp}"), commands=()),
    Case("lint-bad-format", {}, "", r"Invalid value for '--format'", args=("lint", "--format", "xml"), commands=()),
    Case("lint-missing-path", {}, r".*gone\.trig:1:1", r"no such file", args=("lint", "{tmp}/gone.trig"), commands=()),
    # build
    Case("build-blank-node-operator", {"graph/x.trig": graph("bkr:fx-s a bkg:Gigafactory ; rdfs:label \"s\"@en ; bkg:operatedBy [ a bkg:Company ] .")},
         "", r"not built: the data does not conform", exit=1, args=("build", "--root", "{tmp}", "-o", "{tmp}/out"),
         commands=()),
    Case("build-into-a-file", {"out": "x"}, "", r"Invalid value for '-o' / '--output': Directory .* is a file",
         args=("build", "--no-visuals", "-o", "{tmp}/out"), commands=()),
    Case("build-into-missing-parent", {}, r".*missing:1:1", r"no such folder to write into",
         args=("build", "--no-visuals", "-o", "{tmp}/missing/out"), commands=()),
    Case("build-over-a-project-folder", {"out/graph/keep.trig": ttl(""), "out/notes.md": "mine"}, r".*out:1:1",
         r"not replaced: this folder holds graph, notes\.md", args=("build", "--no-visuals", "-o", "{tmp}/out"),
         commands=()),
    # query
    Case("query-unknown-name", {}, "", r"^battery-kg: no query named 'no-such-query' \(known queries: area-capacity, ", args=("query", "no-such-query"),
         commands=()),
    Case("query-syntax-error", {}, r"", r"invalid SPARQL|syntax|Expected", args=("query", "-e", "SELEC ?s WHERE { ?s ?p ?o }"),
         commands=()),
    Case("query-unclosed-brace", {}, r"", r"invalid SPARQL|syntax|Expected", args=("query", "-e", "SELECT * WHERE { ?s ?p ?o"),
         commands=()),
    Case("query-construct-limit", {}, "", r"^@prefix", exit=0,
         args=("query", "-e", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2"), commands=()),
    Case("query-output-missing-folder", {}, r".*missing:1:1", r"no such folder to write into",
         args=("query", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-o", "{tmp}/missing/out.csv"), commands=()),
    Case("query-bad-param", {}, "", r"parameter|NAME=VALUE", args=("query", "company-sites", "-p", "nonsense"),
         commands=()),
    Case("query-file-missing", {}, r".*gone\.rq:1:1", r"no such query file|no such", args=("query", "{tmp}/gone.rq"),
         commands=()),
    Case("query-file-without-header", {"q.rq": "SELECT * WHERE { ?s ?p ?o }\n"}, r".*q\.rq:1:1", r"must start with",
         args=("query", "{tmp}/q.rq"), commands=()),
    Case("query-bad-format", {}, "", r"Invalid value for '-f'|Invalid value", args=("query", "-e", "ASK {}", "-f", "pdf"),
         commands=()),
    # export
    Case("export-bad-format", {}, "", r"Invalid value for '--format'", args=("export", "--format", "pdf"), commands=()),
    Case("export-output-missing-folder", {}, r".*missing:1:1", r"no such folder to write into",
         args=("export", "-o", "{tmp}/missing/graph.graphml"), commands=()),
    # mutate
    Case("mutate-output-missing-folder", {}, r".*missing:1:1", r"no such folder to write into",
         args=("mutate", "--kind", "drop-required", "-o", "{tmp}/missing/m.txt"), commands=()),
]


def _commands(case: Case) -> list[tuple[str, list[str]]]:
    out = {
        "validate": ["validate", "--root", "{tmp}"],
        "lint": ["lint", "--root", "{tmp}"],
        "build": ["build", "--root", "{tmp}", "-o", "{tmp}/out"],
        "query": ["query", "--root", "{tmp}", "-e", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
        "export": ["export", "--root", "{tmp}", "--format", "json"],
    }
    return [(name, out[name]) for name in case.commands]


def _unwrap(item) -> tuple[Case, tuple]:
    return (item.values[0], item.marks) if hasattr(item, "values") else (item, ())


CORPUS = ([pytest.param(case, name, args, id=f"{case.id}-{name}")
           for case in DATA + PROJECT_CASES + NO_GRAPH for name, args in _commands(case)]
          + [pytest.param(case, case.args[0], list(case.args), id=case.id, marks=marks)
             for case, marks in map(_unwrap, COMMAND_CASES)])


def test_the_corpus_does_not_shrink():
    assert len(DATA) >= 100 and len(PROJECT_CASES) >= 16 and len(COMMAND_CASES) >= 30
    assert len(DATA) + len(PROJECT_CASES) + len(NO_GRAPH) + len(COMMAND_CASES) >= 150
    assert len(CORPUS) >= 600


def make_tree(root: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        if name.startswith("@link "):
            link = root / name[len("@link "):]
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(content, link)
            continue
        if name.startswith("@fifo "):
            fifo = root / name[len("@fifo "):]
            fifo.parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(fifo)
            continue
        path = root / name
        if name.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def run(args: list[str], tmp: Path):
    return CliRunner().invoke(main, [a.replace("{tmp}", str(tmp)) for a in args])


@pytest.mark.parametrize("case, command, args", CORPUS)
def test_bad_input(case: Case, command: str, args: list[str], tmp_path: Path):
    make_tree(tmp_path, case.files)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(args, tmp_path)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{type(result.exception).__name__}: {result.exception}"
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
    assert result.exit_code == case.exit, (result.exit_code, result.stderr, result.stdout[-500:])
    lines = result.stderr.splitlines()
    if case.exit == 2 and case.where:
        assert len(lines) == 1, f"not one line: {result.stderr!r}"
        m = ONE_LINE.match(lines[0])
        assert m, lines[0]
        assert int(m["line"]) >= 1 and int(m["col"]) >= 1
        where = f"{m['file']}:{m['line']}:{m['col']}"
        expected = case.where if case.where.startswith(".*") else r"(.*/)?" + case.where
        assert re.fullmatch(expected, where), f"{where!r} !~ {case.where!r}"
        assert re.search(case.pattern, m["what"]), f"{m['what']!r} !~ {case.pattern!r}"
    elif case.exit == 2:
        assert re.search(case.pattern, result.stderr), result.stderr
    else:
        assert re.search(case.pattern, result.stdout + result.stderr), result.stdout + result.stderr
    if command == "build" and case.exit != 0:
        after = sorted(p.name for p in tmp_path.iterdir())
        assert after == before, f"build refused but left {sorted(set(after) - set(before))}"


def test_unreadable_folder_is_an_error(tmp_path: Path, monkeypatch):
    """A folder that cannot be listed is refused, never skipped (as root, chmod cannot deny it: the denial is
    then made by os.scandir, which os.walk calls)."""
    make_tree(tmp_path, {"graph/ok.ttl": ttl(""), "graph/private/x.ttl": ttl("")})
    private = tmp_path / "graph" / "private"
    if os.geteuid() != 0:
        private.chmod(0)
    else:
        real = os.scandir

        def scandir(path="."):
            if os.fspath(path) == str(private):
                raise PermissionError(13, "Permission denied", str(private))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        result = run(["validate", "--root", str(tmp_path)], tmp_path)
    finally:
        private.chmod(stat.S_IRWXU)
    assert result.exit_code == 2
    assert re.fullmatch(r"battery-kg: .*graph/private:1:1: cannot list folder: Permission denied \(.*\)\n",
                        result.stderr), result.stderr


def test_line_endings_lose_nothing(tmp_path: Path):
    """LF, CRLF, CR-only and mixed endings read the same triples (a CR-only file once became one comment)."""
    body = ttl("# a comment\nbkr:a rdfs:label \"a\"@en .\nbkr:b rdfs:label \"b\"@en .\n")
    from battery_kg.load import parse_file

    counts = {}
    for name, text in {"lf": body, "crlf": body.replace("\n", "\r\n"), "cr": body.replace("\n", "\r"),
                       "mixed": body.replace("\n", "\r", 3).replace("\n", "\r\n", 2),
                       "bom": "\ufeff" + body}.items():
        path = tmp_path / f"{name}.ttl"
        path.write_bytes(text.encode("utf-8"))
        counts[name] = len(parse_file(path))
    assert counts == {"lf": 2, "crlf": 2, "cr": 2, "mixed": 2, "bom": 2}


PROCESS_CASES = ["escaped-nul", "lone-high-surrogate", "nan-double", "space-in-iri", "newline-in-file-name"]


@pytest.mark.parametrize("name", PROCESS_CASES)
def test_as_a_process(name: str, tmp_path: Path):
    """A real process: stderr is exactly battery-kg's one line, nothing printed by a library or Python."""
    case = next(c for c in DATA + PROJECT_CASES if c.id == name)
    make_tree(tmp_path, case.files)
    for args in (["validate", "--root", str(tmp_path)], ["build", "--root", str(tmp_path), "-o", str(tmp_path / "out")]):
        proc = subprocess.run([sys.executable, "-m", "battery_kg", *args], capture_output=True, text=True,
                              env={**os.environ, "PYTHONWARNINGS": "default"}, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.splitlines()) == 1 and ONE_LINE.match(proc.stderr.strip()), proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_file_removed_after_listing_is_an_input_error(tmp_path: Path, monkeypatch):
    """The folder is listed, then the file vanishes before it is read: one line, exit 2 (each file is read once)."""
    import battery_kg.load as load

    make_tree(tmp_path, {"graph/a.ttl": ttl(""), "graph/b.ttl": ttl("")})
    listed = load._walk

    def walk_then_remove(folder):
        files = listed(folder)
        (tmp_path / "graph" / "b.ttl").unlink()
        return files

    monkeypatch.setattr(load, "_walk", walk_then_remove)
    result = run(["validate", "--root", str(tmp_path)], tmp_path)
    assert result.exit_code == 2
    assert re.fullmatch(r"battery-kg: .*graph/b\.ttl:1:1: no such file\n", result.stderr), result.stderr
