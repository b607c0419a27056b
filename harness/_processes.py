"""The run's processes in process groups of their own, and stopping them on a signal.

Dredd, the hooks handler and the server are each started as the leader of a new process
group (in the harness's session): a Ctrl-C at the terminal then reaches the harness
alone, which stops them in order (Dredd first, so that no transaction runs against a
stopped server), writes what reports it can and drops the run's database. A signal sent
to the harness alone (``kill``, a CI runner's timeout) does the same; before, Dredd lived
on for as long as it took to fail every transaction left. Stopping a group reaches the
processes its leader started too (the handler Dredd spawns, the warm handler's child).
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

# SIGTERM, then SIGKILL after this long: Dredd, the warm handler and the server all stop
# at once on SIGTERM, so the whole run is down well within two seconds.
GRACE_SECONDS = 1.0

STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_groups: set[int] = set()  # process groups started here and not stopped yet


class Interrupted(BaseException):
    """SIGINT or SIGTERM reached the harness. A ``BaseException``, like
    ``KeyboardInterrupt``: no ``except Exception`` on the way may swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        """128 + the signal's number, as a shell reports a process the signal ended."""
        return 128 + self.signum


def popen(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen`` as the leader of a new process group, stopped on a signal."""
    process: subprocess.Popen[bytes] = subprocess.Popen(command, process_group=0, **options)
    adopt(process)
    return process


def adopt(process: subprocess.Popen[Any]) -> None:
    """Count ``process`` (started with ``process_group=0``) among the groups to stop."""
    _groups.add(process.pid)


def forget(process: subprocess.Popen[Any]) -> None:
    """``process``'s group is stopped (by whoever started it): no signal is to reach it
    later, when its number may be another's."""
    _groups.discard(process.pid)


def stop(process: subprocess.Popen[Any], grace: float = GRACE_SECONDS) -> None:
    """SIGTERM to the process's group, SIGKILL to what is left of it after ``grace``
    seconds; then whatever its leader started and left behind is ended too."""
    group = process.pid
    if process.poll() is None:
        _signal_group(group, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            _signal_group(group, signal.SIGKILL)
            process.wait()
    _signal_group(group, signal.SIGKILL)
    forget(process)


def _signal_group(group: int, signum: int) -> None:
    try:
        os.killpg(group, signum)
    except (ProcessLookupError, PermissionError):
        pass  # nothing left in it


def describe_status(returncode: int) -> str:
    """``status 3``, or ``status 137 (killed by SIGKILL)`` for a process a signal ended."""
    if returncode >= 0:
        return f"status {returncode}"
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    return f"status {128 - returncode} (killed by {name})"


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """Inside: SIGINT and SIGTERM raise ``Interrupted`` once, after sending SIGTERM to
    every process group started here (so they all stop at once, not one after another).
    Later signals are only noted: the clean-up they interrupted must finish."""

    def interrupt(signum: int, _frame: FrameType | None) -> None:
        for stopping in STOPPING_SIGNALS:
            signal.signal(stopping, _noted)
        for group in list(_groups):
            _signal_group(group, signal.SIGTERM)
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, interrupt) for signum in STOPPING_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _noted(_signum: int, _frame: FrameType | None) -> None:
    """A second signal during the clean-up: the first one is being handled already."""
