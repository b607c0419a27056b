"""Starting the reference server for a run and knowing when it is ready.

Dredd's own ``server:`` option only sleeps for ``server-wait`` seconds; the harness
starts the server itself and polls its port, so a run neither waits longer than it
must nor starts before the server listens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harness._dredd import HarnessError
from harness._paths import PROJECT_ROOT

# The servers the harness starts (and the hooks seeding them) hash passwords with pbkdf2
# at 1,000 rounds instead of scrypt, which costs ~0.1 s a hash: the contract checks what
# the API answers, not how slow its hashes are. The environment may choose otherwise.
TEST_SETTINGS = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HarnessError(f"the reference server exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise HarnessError(f"the reference server did not listen on port {port} in {timeout:.0f} s")


@contextmanager
def reference_server(
    database_url: str,
    log_path: Path,
    port: int | None = None,
    module: tuple[str, ...] = ("reference_server",),
    environment: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``python -m reference_server`` (or another ``module`` with its arguments, e.g. a
    mutant of it) on ``database_url``; yields its base URL.

    ``environment``: more settings for it (over ``TEST_SETTINGS`` and the process's
    own). The server's request log goes to ``log_path`` (a pipe nobody reads would fill
    up and stall the server).
    """
    port = port or free_port()
    env = {**TEST_SETTINGS, **os.environ, **(environment or {}), "DATABASE_URL": database_url}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", *module, "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
