"""SHACL engines other than pySHACL, each returning a SHACL validation report graph.

``validate(project, engine="rudof")`` in :mod:`battery_kg.checks.validate` runs one of these on the same merged
graph as pySHACL, and reads its report the same way, so findings are comparable one to one.
"""

from __future__ import annotations
