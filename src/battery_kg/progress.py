"""Progress bars for long work, on stderr when it is a terminal, silent otherwise (tqdm).

>>> with bar(total=3, desc="demo") as b:
...     b.update(3)
>>> list(track([1, 2], desc="demo"))
[1, 2]
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, TypeVar

from tqdm import tqdm

T = TypeVar("T")


def enabled() -> bool:
    """True when progress should show: stderr is a terminal and ``BATTERY_KG_PROGRESS`` is not ``0``.

    ``BATTERY_KG_PROGRESS=1`` forces it on (for example under a pager that keeps colours).
    """
    forced = os.environ.get("BATTERY_KG_PROGRESS")
    if forced is not None:
        return forced not in ("", "0", "false", "no")
    return sys.stderr.isatty()


def bar(total: float | None = None, desc: str = "", unit: str = "it", unit_scale: bool = False) -> tqdm:
    """A progress bar on stderr, disabled (a no-op) unless :func:`enabled`."""
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit_scale, file=sys.stderr,
                disable=not enabled(), leave=False, dynamic_ncols=True)


def track(items: Iterable[T], desc: str = "", total: int | None = None, unit: str = "it") -> Iterable[T]:
    """Iterate over ``items`` with a progress bar (see :func:`bar`)."""
    return tqdm(items, desc=desc, total=total, unit=unit, file=sys.stderr, disable=not enabled(), leave=False,
                dynamic_ncols=True)


__all__ = ["bar", "enabled", "track"]
