"""SHACL engines other than pySHACL, each returning a SHACL validation report graph.

``validate(project, engine=...)`` in :mod:`battery_kg.checks.validate` runs one of these on the same content as
pySHACL and reads its report the same way, so findings are comparable one to one:

* :mod:`~battery_kg.checks.engines.oxigraph` runs the shapes compiled to SPARQL by
  :mod:`~battery_kg.checks.engines.shacl_sparql` on an in-memory Oxigraph store;
* :mod:`~battery_kg.checks.engines.rudof` runs pyrudof (Rust).
"""

from __future__ import annotations
