"""Starting the reference server for a run and knowing when it is ready.

Dredd's own ``server:`` option only sleeps for ``server-wait`` seconds; the harness
starts the server itself and polls its port, so a run neither waits longer than it
must nor starts before the server listens.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dredd_hooks_runtime import free_port
from harness import _processes
from harness._paths import PROJECT_ROOT
from harness._processes import describe_status
from harness.errors import UnreachableError

# The servers the harness starts (and the hooks seeding them) hash passwords with pbkdf2
# at 1,000 rounds instead of scrypt, which costs ~0.1 s a hash: the contract checks what
# the API answers, not how slow its hashes are. The environment may choose otherwise.
TEST_SETTINGS = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}


def wait_for_port(
    port: int, process: subprocess.Popen[bytes], timeout: float = 20.0, log: Path | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise UnreachableError(
                f"the reference server exited with {describe_status(process.returncode)}"
                f" before it listened{log_tail(log)}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise UnreachableError(f"the reference server did not listen on port {port} in {timeout:.0f} s")


def log_tail(log: Path | None, lines: int = 5) -> str:
    """``; last lines of its log:`` and the log's last non-blank ``lines``, indented: a
    server that stopped says why there, not to the harness."""
    if log is None or not log.exists():
        return ""
    with log.open("rb") as file:
        file.seek(max(0, file.seek(0, os.SEEK_END) - 16_384))
        text = file.read().decode(errors="replace")
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # werkzeug colours its request lines
    last = [line.rstrip() for line in text.splitlines() if line.strip()][-lines:]
    if not last:
        return f"; its log ({log}) is empty"
    return "; last lines of its log:\n" + "\n".join(f"  {line}" for line in last)


@dataclass
class RunningServer:
    """A server the harness started: where it answers, its process, its log."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def exited(self) -> str | None:
        """Why the run cannot go on, once the process has ended; ``None`` while it runs."""
        if self.process.poll() is None:
            return None
        return f"the server exited with {describe_status(self.process.returncode)}"


@contextmanager
def started_server(
    database_url: str,
    log_path: Path,
    port: int | None = None,
    module: tuple[str, ...] = ("reference_server",),
    environment: dict[str, str] | None = None,
) -> Iterator[RunningServer]:
    """Run ``python -m reference_server`` (or another ``module`` with its arguments, e.g. a
    mutant of it) on ``database_url``, in a process group of its own; yields it once it
    listens, and stops it (and anything it started) at the end.

    ``environment``: more settings for it (over ``TEST_SETTINGS`` and the process's
    own). The server's request log goes to ``log_path`` (a pipe nobody reads would fill
    up and stall the server).
    """
    port = port or free_port()
    env = {**TEST_SETTINGS, **os.environ, **(environment or {}), "DATABASE_URL": database_url}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = _processes.popen(
            [sys.executable, "-m", *module, "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process, log=log_path)
            yield RunningServer(f"http://127.0.0.1:{port}", process, log_path)
        finally:
            _processes.stop(process)


@contextmanager
def reference_server(
    database_url: str,
    log_path: Path,
    port: int | None = None,
    module: tuple[str, ...] = ("reference_server",),
    environment: dict[str, str] | None = None,
) -> Iterator[str]:
    """``started_server``, yielding only its base URL."""
    with started_server(database_url, log_path, port, module, environment) as server:
        yield server.url
