"""Open the store the command-line options name (``--store``, ``--endpoint``), filled from the project."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from battery_kg.errors import UsageError
from battery_kg.stores.base import Store

STORE_KINDS = ("oxigraph",)


def parse_store_spec(spec: str | None) -> Path | None:
    """``oxigraph`` (in memory, the default) or ``oxigraph:DIR`` (on disk): the folder, or None.

    >>> parse_store_spec("oxigraph:/tmp/kg"), parse_store_spec(None)
    (PosixPath('/tmp/kg'), None)
    >>> parse_store_spec("rdflib")
    Traceback (most recent call last):
    ...
    battery_kg.errors.UsageError: unknown store 'rdflib' (expected oxigraph (in memory) or oxigraph:DIR (on disk))
    """
    if not spec:
        return None
    kind, _, where = spec.partition(":")
    if kind not in STORE_KINDS:
        raise UsageError(f"unknown store {kind!r}", hint="expected oxigraph (in memory) or oxigraph:DIR (on disk)")
    if not where and spec.endswith(":"):
        raise UsageError("oxigraph: needs a folder after the colon", hint="oxigraph:DIR, or oxigraph for memory")
    return Path(where) if where else None


def open_store(spec: str | None = None, endpoint: str | None = None, root: str | Path | None = None,
               paths: Iterable[str | Path] | None = None) -> Store:
    """The store the options name, holding the project's files (``paths`` replace its ``graph/``).

    No option: Oxigraph in memory, filled from the files by :func:`~battery_kg.stores.fill.fill_checked`
    (Oxigraph's parser, the input contract of :mod:`battery_kg.load` checked on its terms: what
    ``validate`` refuses is refused with the same message). ``oxigraph:DIR``: a store on disk, filled the
    same way once and reused, without reading the files
    again, while they are unchanged (see :meth:`OxigraphStore.sync`). ``endpoint``: a
    remote SPARQL endpoint, used as it is.
    """
    from battery_kg.resources import locate
    from battery_kg.stores.endpoint import EndpointStore
    from battery_kg.stores.layout import sources
    from battery_kg.stores.oxigraph import OxigraphStore

    if endpoint:
        if spec:
            raise UsageError("give either --store or --endpoint, not both")
        return EndpointStore(endpoint)
    from battery_kg.stores.fill import fill_checked

    folder = parse_store_spec(spec)
    if folder is None:
        store = OxigraphStore()
        fill_checked(store, root, paths)
        return store
    files = sources(locate(root), paths)
    store = OxigraphStore(folder)
    store.sync(files, fill=lambda: fill_checked(store, root, paths))
    return store
