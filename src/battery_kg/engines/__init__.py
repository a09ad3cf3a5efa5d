"""SHACL engines other than pySHACL, each returning a SHACL validation report graph.

``validate(project, engine=...)`` in :mod:`battery_kg.validate` runs one of these on the same content as
pySHACL and reads its report the same way, so findings are comparable one to one:

* :mod:`~battery_kg.engines.oxigraph` runs the shapes compiled to SPARQL by
  :mod:`~battery_kg.engines.shacl_sparql` on an in-memory Oxigraph store;
* :mod:`~battery_kg.engines.rudof` runs pyrudof (Rust).
"""

from __future__ import annotations
