"""Atomic writes: a file, or a whole folder, is replaced in one step or not at all.

A file is written to a temporary file in the same folder, then renamed over the target: a reader
never sees half a file, and a failure leaves the old file (or none) in place.

A folder (the release ``build/``) is written as a new folder beside it, ``.build.tmp-XXXX``, and
swapped in whole: on Linux with one ``renameat2(RENAME_EXCHANGE)`` call (the old release and the new
one trade names), elsewhere by renaming the old one away (``.build.old-XXXX``) and the new one in.
Then the old one is removed. A process killed at any moment leaves the previous release complete
(or, after the swap, the new one); what it leaves beside it is removed by the next swap
(:func:`remove_leftovers`), which also puts an old release back if it was killed between two renames.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write_text(d / "a.txt", "hello\\n")
>>> (d / "a.txt").read_text()
'hello\\n'
>>> sorted(p.name for p in d.iterdir())
['a.txt']
>>> with atomic_folder(d / "build") as new:
...     atomic_write_text(new / "x.txt", "1\\n")
>>> with atomic_folder(d / "build") as new:
...     atomic_write_text(new / "y.txt", "2\\n")
>>> sorted(p.name for p in d.iterdir()), sorted(p.name for p in (d / "build").iterdir())
(['a.txt', 'build'], ['y.txt'])
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from battery_kg.errors import InputError, one_line

_OLD_TMP_FILE = re.compile(r"^\..+\.[a-z0-9_]+\.tmp$")
"""A temporary file :func:`atomic_open` leaves when killed (``.battery-kg.trig.k2j3.tmp``)."""


@contextmanager
def atomic_open(path: str | Path, *, parents: bool = True) -> Iterator[BinaryIO]:
    """Open a temporary file next to ``path`` for binary writing; rename it onto ``path`` on success.

    ``parents=False`` refuses (:class:`InputError`) to create a missing folder: a mistyped ``-o`` is
    an error, not a new folder tree.
    """
    target = Path(path)
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    elif not target.parent.is_dir():
        raise InputError("no such folder to write into", path=one_line(str(target.parent)),
                         hint="create it first, or choose another -o")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=one_line(str(target))) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_bytes(path: str | Path, data: bytes, *, parents: bool = True) -> None:
    with atomic_open(path, parents=parents) as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str, *, parents: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), parents=parents)


def leftovers(target: Path) -> list[Path]:
    """What interrupted swaps of ``target`` left beside it (``.NAME.tmp-*``, ``.NAME.old-*``)."""
    parent = target.parent
    if not parent.is_dir():
        return []
    prefixes = (f".{target.name}.tmp-", f".{target.name}.old-")
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefixes))


def remove_leftovers(target: Path) -> None:
    """Remove what interrupted swaps left; put an old release back if the target itself is missing."""
    for path in leftovers(target):
        if path.name.startswith(f".{target.name}.old-") and not target.exists():
            os.rename(path, target)
        else:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def atomic_folder(target: str | Path, *, replaceable: Callable[[Path, set[str]], None] | None = None) -> Iterator[Path]:
    """Yield a new empty folder beside ``target``; on success, swap it in whole for ``target``.

    ``replaceable(target, new_names)`` may raise to refuse replacing an existing folder (one that is
    not a previous release). On failure the new folder is removed and ``target`` is untouched.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise InputError("exists and is not a folder", path=one_line(str(target)))
    if not target.parent.is_dir():
        raise InputError("no such folder to write into", path=one_line(str(target.parent)),
                         hint="create it first, or choose another -o")
    remove_leftovers(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", path=one_line(str(target.parent))) from None
    try:
        yield staging
        if replaceable is not None and target.exists():
            replaceable(target, {p.name for p in staging.iterdir()})
        os.chmod(staging, 0o755)
        _fsync_dir(staging)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)  # now the previous release, if there was one
    _fsync_dir(target.parent)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; afterwards ``new`` holds the previous ``target`` (or nothing)."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    os.rename(new, target)
    os.rename(old, new)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where the call is not available."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    return False  # EINVAL/ENOSYS: the file system or kernel cannot exchange; fall back to two renames


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_stale_temporary(name: str) -> bool:
    """Whether ``name`` is a temporary file an interrupted :func:`atomic_open` left behind."""
    return bool(_OLD_TMP_FILE.match(name))
