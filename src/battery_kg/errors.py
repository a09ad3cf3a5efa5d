"""Typed errors. Each carries what a person needs to act: where, what is wrong, what was expected.

The command line maps them to exit codes: :class:`InputError` (and :class:`UsageError`) to 2.
Data that parses but does not conform is not an error: it is a validation report (exit 1).

>>> str(InputError("unexpected end of file", path="graph/x.trig", line=4, col=9))
'graph/x.trig:4:9: unexpected end of file'
>>> str(InputError("no such file", path="nowhere.ttl"))
'nowhere.ttl: no such file'
"""

from __future__ import annotations

from pathlib import Path


class BatteryKGError(Exception):
    """Base class of every error battery-kg raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message + (f" ({self.hint})" if self.hint else "")


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
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {super().__str__()}"


class UsageError(BatteryKGError):
    """A command was called with arguments that cannot work (a bad parameter, an unknown name)."""
