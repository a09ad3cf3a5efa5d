"""The SPARQL files that ship inside the package (``battery_kg/<folder>/<name>.rq``), read once each.

The catalogue in ``queries/`` is the project's, for people to run; these are the library's own
questions (the plant records, the export, the network analysis), kept as ``.rq`` files all the same.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from battery_kg.namespaces import sparql_prologue


@lru_cache(maxsize=None)
def package_query(folder: str, name: str) -> str:
    """The text of ``battery_kg/<folder>/<name>.rq`` with the project's ``PREFIX`` lines before it.

    >>> "SELECT" in package_query("analysis/queries", "dependencies")
    True
    """
    return sparql_prologue() + (resources.files("battery_kg") / folder / f"{name}.rq").read_text(encoding="utf-8")


__all__ = ["package_query"]
