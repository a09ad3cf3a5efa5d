"""The network wall: run a function in a thread that cannot open an internet socket.

A query engine reads the query it runs; what it reads as ``SERVICE`` (or, in engines that allow it, a
``FROM <http://...>`` or ``LOAD``) makes it open a connection. Rather than guess from a second parser
what the engine will do, :func:`call_without_network` runs the engine in a fresh thread under a
Linux *seccomp* filter, installed for that thread only (``prctl(PR_SET_SECCOMP)``, without
``TSYNC``), which answers ``socket()`` for every address family except ``AF_UNIX``, and the
``io_uring`` calls, with the error ``ENONET`` ("machine is not on the network"). Threads the engine
starts from inside inherit the filter; the thread ends when the call returns, so the rest of the
process is untouched.

Where the filter cannot be installed (not Linux, an architecture other than x86-64 or AArch64, or a
kernel without seccomp filters), :func:`available` says why and :func:`call_without_network` raises
:class:`WallUnavailable` rather than running without the wall, unless ``required=False``.

>>> ok, why = available()
>>> isinstance(ok, bool) and isinstance(why, str)
True
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct
import sys
import threading
import traceback
from typing import Any, Callable, TypeVar

from battery_kg.errors import BatteryKGError, InputError

T = TypeVar("T")

BLOCKED_ERRNO = errno.ENONET
"""The errno a walled thread gets from ``socket()``: rare enough to recognise in an engine's message."""


class NetworkRefused(InputError):
    """The query tried to reach the network (a ``SERVICE`` call, a remote ``FROM`` or ``LOAD``)."""

    def __init__(self, message: str = "SERVICE is refused: queries run without network access") -> None:
        super().__init__(message)

    def __str__(self) -> str:  # one line, no "<input>:" location: there is no file here
        return self.message


class WallUnavailable(BatteryKGError):
    """The network wall cannot be put up on this machine; the message says why."""


# ---------------------------------------------------------------- the seccomp filter

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_AF_UNIX = 1
# BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06

# (audit arch, socket syscall number, io_uring syscall numbers)
_ARCHES = {
    "x86_64": (0xC000003E, 41, (425, 426, 427)),
    "aarch64": (0xC00000B7, 198, (425, 426, 427)),
}


def _program(arch: int, socket_nr: int, uring: tuple[int, ...]) -> bytes:
    """The BPF program: deny socket() outside AF_UNIX, io_uring, foreign ABIs; allow the rest."""
    deny = _RET_ERRNO | BLOCKED_ERRNO
    code: list[tuple[int, int, int, int]] = []
    # labels are resolved by hand: jt/jf count instructions after the current one
    code.append((_LD_W_ABS, 0, 0, 4))                 # 0: A = arch
    code.append((_JEQ_K, 1, 0, arch))                 # 1: native ABI? skip the deny
    code.append((_RET_K, 0, 0, deny))                 # 2: any other ABI (i386 int 0x80): deny every call
    code.append((_LD_W_ABS, 0, 0, 0))                 # 3: A = syscall number
    code.append((_JGE_K, 0, 1, 0x40000000))           # 4: x32 ABI numbers
    code.append((_RET_K, 0, 0, deny))                 # 5
    code.append((_JEQ_K, 0, 3, socket_nr))            # 6: socket()? else go to 10
    code.append((_LD_W_ABS, 0, 0, 16))                # 7: A = low word of args[0] (the family)
    code.append((_JEQ_K, 0, 1, _AF_UNIX))             # 8
    code.append((_RET_K, 0, 0, _RET_ALLOW))           # 9: AF_UNIX is local
    n = len(uring)
    for i, nr in enumerate(uring):                    # 10..: io_uring_* -> deny
        code.append((_JEQ_K, n - i, 0, nr))
    code.append((_RET_K, 0, 0, _RET_ALLOW))
    code.append((_RET_K, 0, 0, deny))
    # instruction 8 jumps over one instruction when the family is not AF_UNIX: to the deny at the end
    code[8] = (_JEQ_K, 0, len(code) - 1 - 9, _AF_UNIX)
    return b"".join(struct.pack("=HBBI", *ins) for ins in code)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def available() -> tuple[bool, str]:
    """Whether the wall can be put up here, and why not (``(True, "seccomp filter per thread")`` when it can)."""
    if not sys.platform.startswith("linux"):
        return False, f"the network wall needs Linux seccomp; this is {sys.platform}"
    machine = platform.machine()
    if machine not in _ARCHES:
        return False, f"the network wall knows x86_64 and aarch64 system calls; this is {machine}"
    result: list[tuple[bool, str]] = []

    def probe() -> None:
        try:
            _install()
        except OSError as exc:
            result.append((False, f"the kernel refused the seccomp filter: {exc.strerror}"))
            return
        import socket

        try:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
        except OSError:
            result.append((True, "seccomp filter per query thread (socket() outside AF_UNIX and io_uring refused)"))
        else:
            result.append((False, "the seccomp filter was installed but did not stop socket()"))

    thread = threading.Thread(target=probe, name="battery-kg-wall-probe")
    thread.start()
    thread.join()
    return result[0]


_libc = None


def _install() -> None:
    """Put the filter on the calling thread (and on the threads it starts later)."""
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
    arch, socket_nr, uring = _ARCHES[platform.machine()]
    program = _program(arch, socket_nr, uring)
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    prctl = _libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    if prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    if prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(fprog), 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def wall_current_thread() -> None:
    """Put the wall on the calling thread for good (a query worker process does this once, after opening
    its store); raises :class:`WallUnavailable` where :func:`available` says no."""
    ok, why = _cached_available()
    if not ok:
        raise WallUnavailable(why)
    _install()


# ---------------------------------------------------------------- running behind the wall

_NETWORK_SIGNS = (
    f"os error {BLOCKED_ERRNO}",
    os.strerror(BLOCKED_ERRNO).lower(),  # "machine is not on the network"
    "failed to lookup address",
    "name resolution",
    "is not allowed for http",  # Oxigraph's own refusal of a service IRI on a reserved port
)


def tried_network(exc: BaseException) -> bool:
    """Whether ``exc`` (or an exception it was raised from) comes from a socket the wall refused.

    >>> tried_network(OSError(BLOCKED_ERRNO, "Machine is not on the network"))
    True
    >>> tried_network(ValueError("bad"))
    False
    """
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno == BLOCKED_ERRNO:
            return True
        text = str(exc).lower()
        if any(sign in text for sign in _NETWORK_SIGNS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def call_without_network(fn: Callable[..., T], /, *args: Any, required: bool = True, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` in a fresh thread that cannot open an internet socket; return its result.

    An exception from ``fn`` is raised again here; one caused by a refused socket becomes
    :class:`NetworkRefused`. ``fn`` must finish its work (iterate its results) before it returns:
    a lazy result read outside the thread would be read outside the wall. Return plain Python data:
    pyoxigraph's result iterators may only be dropped on the thread that made them. Without the wall
    (see :func:`available`) it raises :class:`WallUnavailable`, or runs ``fn`` as is if ``required=False``.

    >>> call_without_network(sum, [1, 2, 3])
    6
    >>> import socket
    >>> call_without_network(socket.create_connection, ("127.0.0.1", 9))
    Traceback (most recent call last):
    ...
    battery_kg.net.sandbox.NetworkRefused: SERVICE is refused: queries run without network access
    """
    ok, why = _cached_available()
    if not ok:
        if required:
            raise WallUnavailable(why)
        return fn(*args, **kwargs)
    outcome: list = []

    def body() -> None:
        try:
            _install()
        except OSError as exc:  # pragma: no cover - available() said yes
            outcome.append((False, WallUnavailable(f"the kernel refused the seccomp filter: {exc.strerror}")))
            return
        try:
            outcome.append((True, fn(*args, **kwargs)))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            # the engine's objects in the frames may only be dropped on this thread: let go of them here
            traceback.clear_frames(exc.__traceback__)
            outcome.append((False, exc))

    thread = threading.Thread(target=body, name="battery-kg-no-network")
    thread.start()
    thread.join()
    done, value = outcome[0]
    if done:
        return value
    if tried_network(value):
        raise NetworkRefused() from None
    raise value


_AVAILABLE: tuple[bool, str] | None = None


def _cached_available() -> tuple[bool, str]:
    global _AVAILABLE
    if _AVAILABLE is None:
        _AVAILABLE = available()
    return _AVAILABLE


__all__ = ["BLOCKED_ERRNO", "NetworkRefused", "WallUnavailable", "available", "call_without_network",
           "tried_network", "wall_current_thread"]
