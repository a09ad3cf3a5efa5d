"""Typed errors. Each carries what a person needs to act: where, what is wrong, what was expected.

The command line maps them to exit codes: :class:`InputError` (and :class:`UsageError`) to 2.
Data that parses but does not conform is not an error: it is a validation report (exit 1).

>>> str(InputError("unexpected end of file", path="graph/x.trig", line=4, col=9))
'graph/x.trig:4:9: unexpected end of file'
>>> str(InputError("no such file", path="nowhere.ttl"))
'nowhere.ttl:1:1: no such file'

Every error is one line: a file name or message holding a line break (or any character that does not
print) is escaped, so a hostile file name cannot forge a second ``file:line:col`` line. Line and
column are 1-based and never below 1.

>>> str(InputError("bad", path="a.trig\\n/etc/passwd:1:1: fake", line=0, col=-49))
'a.trig\\\\n/etc/passwd:1:1: fake:1:1: bad'
>>> str(InputError("two\\nlines", path="x.nq", line=3))
'x.nq:3:1: two\\\\nlines'
"""

from __future__ import annotations

from pathlib import Path


def one_line(text: str) -> str:
    """``text`` with every character that does not print (line breaks, controls) escaped as ``\\n``, ``\\x00``...

    >>> one_line("a\\nb\\tc d")
    'a\\\\nb\\\\tc d'
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class BatteryKGError(Exception):
    """Base class of every error battery-kg raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return one_line(self.message + (f" ({self.hint})" if self.hint else ""))


class InputError(BatteryKGError):
    """A file is missing, of an unknown type, or malformed; ``path:line:col`` says where."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = str(path) if path is not None else None
        self.line = line
        self.col = col

    @property
    def location(self) -> str:
        line = max(1, self.line or 1)
        col = max(1, self.col or 1) if self.line is not None else 1
        return f"{one_line(self.path or '<input>')}:{line}:{col}"

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return super().__str__()
        return f"{self.location}: {super().__str__()}"


class UsageError(BatteryKGError):
    """A command was called with arguments that cannot work (a bad parameter, an unknown name)."""
