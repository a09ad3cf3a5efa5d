"""Is a string an absolute IRI as RFC 3987 defines it?

rdflib accepts almost anything between ``<`` and ``>`` (it only warns about spaces and braces), and
resolves a relative reference against the file's location, so ``<not an iri>`` would become a
``file:`` IRI that depends on where the repository happens to be. battery-kg refuses both before
anything is written: every IRI in the data, the ontology and the shapes must match the ``IRI`` rule
of RFC 3987 section 2.2 (scheme, ``:``, hierarchical part, optional query and fragment; characters
outside the allowed sets only as ``%XX``).

>>> iri_problem("https://w3id.org/battery-kg/id/verkor")
>>> iri_problem("https://example.org/ville/Dunkerque-Québec#é") is None
True
>>> iri_problem("https://example.org/ver kor")
'a space is not allowed in an IRI (write %20)'
>>> iri_problem("https://example.org/a{b}|c^`d")
"'{' is not allowed in an IRI (write %7B)"
>>> iri_problem("verkor")
'not an absolute IRI: no scheme (such as https:)'
>>> iri_problem("https://example.org/100%")
"'%' must start a percent-encoding such as %25"
"""

from __future__ import annotations

import re

_UCS = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
        "\U00010000-\U0001fffd\U00020000-\U0002fffd\U00030000-\U0003fffd\U00040000-\U0004fffd"
        "\U00050000-\U0005fffd\U00060000-\U0006fffd\U00070000-\U0007fffd\U00080000-\U0008fffd"
        "\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd\U000c0000-\U000cfffd"
        "\U000d0000-\U000dfffd\U000e1000-\U000efffd")
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_UNRESERVED = "A-Za-z0-9\\-._~" + _UCS
_SUB_DELIMS = "!$&'()*+,;="
_PCT = "%[0-9A-Fa-f]{2}"
_IPCHAR = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_SEGMENT = f"{_IPCHAR}*"
_USERINFO = f"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
_REG_NAME = f"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
_IP_LITERAL = r"\[(?:[0-9A-Fa-f:.]+|[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+)\]"
_AUTHORITY = f"(?:{_USERINFO}@)?(?:{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?"
_HIER = f"(?://{_AUTHORITY}(?:/{_SEGMENT})*|(?!//){_SEGMENT}(?:/{_SEGMENT})*)"
_QUERY = f"(?:\\?(?:{_IPCHAR}|[{_PRIVATE}/?])*)?"
_FRAGMENT = f"(?:#(?:{_IPCHAR}|[/?])*)?"
IRI_RE = re.compile(f"[A-Za-z][A-Za-z0-9+.-]*:{_HIER}{_QUERY}{_FRAGMENT}")
"""RFC 3987's ``IRI`` production (absolute, with optional fragment)."""

_NAMED = {" ": "a space", "\t": "a tab", "\n": "a line break", "\r": "a carriage return"}


def iri_problem(iri: str) -> str | None:
    """Why ``iri`` is not an absolute RFC 3987 IRI, in plain words, or None when it is one."""
    if IRI_RE.fullmatch(iri):
        return None
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        return "not an absolute IRI: no scheme (such as https:)"
    for index, char in enumerate(iri):
        if char == "%" and not re.match(_PCT, iri[index:]):
            return "'%' must start a percent-encoding such as %25"
        if char in _NAMED:
            return f"{_NAMED[char]} is not allowed in an IRI (write %{ord(char):02X})"
        if char in '<>"{}|\\^`' or ord(char) < 0x20 or ord(char) == 0x7F:
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            return f"{shown} is not allowed in an IRI (write %{ord(char):02X})" if ord(char) < 0x80 else \
                f"{shown} is not allowed in an IRI"
    return "not an IRI as RFC 3987 defines it"


__all__ = ["IRI_RE", "iri_problem"]
