"""Every query of the library runs through :func:`without_network`, so that no query leaves the process.

It is :func:`battery_kg.net.sandbox.call_without_network`: the function runs in a thread that cannot open an
internet socket, so whatever the engine reads as SERVICE fails there (see :mod:`battery_kg.net.sandbox`).
"""

from __future__ import annotations

from battery_kg.net.sandbox import call_without_network as without_network

__all__ = ["without_network"]
