"""Every query of the library runs through :func:`without_network`, so that no query leaves the process.

Until :mod:`battery_kg.sandbox` (the issue on ``serve``) lands, this calls the function as it is.
"""

from __future__ import annotations

try:  # pragma: no cover - which branch runs depends on whether the sandbox module exists yet
    from battery_kg.sandbox import call_without_network as without_network
except ImportError:  # pragma: no cover
    def without_network(fn, *args, **kwargs):
        return fn(*args, **kwargs)

__all__ = ["without_network"]
