"""Compatibility name for :mod:`battery_kg.stores` (``publish`` and ``serve`` import from here), and
:func:`as_project`, the rdflib copy of a store that ``export --store`` still reads until export
reads through the store itself.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from battery_kg.namespaces import bind_prefixes
from battery_kg.stores import *  # noqa: F401,F403 - the public names of battery_kg.stores
from battery_kg.stores import ONTOLOGY_GRAPH, Store, __all__ as _stores_all
from battery_kg.stores.terms import plain


def as_project(store: Store, root: str | Path | None = None):
    """The store's contents copied into a :class:`~battery_kg.load.Project` (no file locations).

    Costs a full copy into rdflib: only ``export --store`` uses it, until export reads the store.
    """
    from battery_kg.load import Project, load_shapes
    from battery_kg.resources import locate

    resources = locate(root)
    dataset = bind_prefixes(Dataset())
    ontology = bind_prefixes(Graph())
    for s, p, o, g in store.quads():
        if g == ONTOLOGY_GRAPH:
            ontology.add((s, p, o))
        else:
            dataset.graph(g if g is not None else DATASET_DEFAULT_GRAPH_ID).add((s, p, plain(o)))
    return Project(resources=resources, ontology=ontology, shapes=load_shapes(resources), dataset=dataset, files=[])


__all__ = [*_stores_all, "as_project"]
