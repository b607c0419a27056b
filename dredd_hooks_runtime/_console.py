"""Make the handler's stdout/stderr show up in a normal Dredd run.

Dredd pipes a hooks handler's output into its own log at *debug* level only,
so hook ``print()``s and tracebacks are invisible unless the whole run is
made noisy with ``--loglevel debug``. On Linux the handler can instead write
straight to Dredd's own stdout/stderr by opening ``/proc/<dredd pid>/fd/N``.
That is safe for pipes, terminals and files opened for appending. A plain
file (``dredd > out.txt``) has its own write offset, which a reopened file
would not share (Dredd would overwrite what we write), so for those we borrow
Dredd's very file description with ``pidfd_getfd`` where the kernel allows
it, else fall back to Dredd's other stream, else leave the output alone.
"""

from __future__ import annotations

import os
import stat
import sys


def _fd_flags(pid: int, fd: int) -> int:
    with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as info:
        for line in info:
            if line.startswith("flags:"):
                return int(line.split()[1], 8)
    return 0


def _borrow(pid: int, fd: int) -> int | None:
    """Duplicate ``pid``'s ``fd`` itself (Linux 5.6+, needs ptrace rights)."""
    import ctypes  # only here: it costs start-up time

    pidfd_getfd = 438  # same number on every Linux architecture
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None
    try:
        new = ctypes.CDLL(None, use_errno=True).syscall(pidfd_getfd, pidfd, fd, 0)
    finally:
        os.close(pidfd)
    return new if new >= 0 else None


def _open_shared(pid: int, fd: int) -> int | None:
    """A new fd writing where ``pid``'s ``fd`` writes, if that is safe."""
    path = f"/proc/{pid}/fd/{fd}"
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISREG(mode) and not _fd_flags(pid, fd) & os.O_APPEND:
            return _borrow(pid, fd)
        if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            return None
        # O_NONBLOCK so opening a FIFO can never hang; cleared right after.
        new = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK)
    except OSError:
        return None
    os.set_blocking(new, True)
    return new


def _same_file(fd: int, other: int) -> bool:
    try:
        a, b = os.fstat(fd), os.fstat(other)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _line_buffered() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)


def attach_to_dredd(parent: int | None = None) -> None:
    """Point fds 1 and 2 at Dredd's stdout/stderr where possible; Dredd is the
    ``parent`` process (default: our own parent).

    Works at fd level so subprocesses started by hooks are visible too. A
    no-op off Linux, or when our output already goes where Dredd's does
    (handler started by hand from a shell).
    """
    _line_buffered()
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid() if parent is None else parent
    for fd in (1, 2):
        for source in (fd, 3 - fd):
            shared = _open_shared(parent, source)
            if shared is None:
                continue
            if not _same_file(fd, shared):
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(shared, fd)
            os.close(shared)
            break


def redirect_to_file(path: str) -> None:
    """Send all handler output to ``path`` (appending) instead."""
    sys.stdout.flush()
    sys.stderr.flush()
    target = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(target, 1)
    os.dup2(target, 2)
    os.close(target)
