"""Dredd command-line arguments that run hook files with ``dredd_hooks_runtime``."""

from __future__ import annotations

import socket
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dredd_hooks_runtime.warm import WarmHandler

# Dredd reads these options with `value || default`, so 0 means "default";
# 1 ms is the smallest value that is honoured. Dredd's first connection
# attempt comes one retry interval after spawning the handler and every
# refused attempt prints a warning; the handler listens after ~20-40 ms.
_CONNECT_RETRY_MS = 50
_AFTER_CONNECT_WAIT_MS = 1
_TERM_RETRY_MS = 20

_handed_out: set[int] = set()
_lock = threading.Lock()


def free_port() -> int:
    """A loopback TCP port that is free now and not yet handed out by this process.

    Concurrent runs each need their own handler port (the stock handler always uses
    61321); a process that also starts the server under test takes its port from here
    too, so the two never get the same one. There is a small window before the port is
    bound; a handler that loses the race exits with an error that Dredd reports.
    """
    with _lock:
        while True:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind(("127.0.0.1", 0))
                port: int = probe.getsockname()[1]
            if port not in _handed_out:
                _handed_out.add(port)
                return port


def _check_word(what: str, value: str) -> None:
    # Dredd splits `language` on spaces and keeps quote characters, so a
    # value with either cannot be passed through it.
    if not value or any(c.isspace() or c in "'\"" for c in value):
        raise ValueError(f"{what} must not contain spaces or quotes: {value!r}")


def dredd_hook_args(
    hookfiles: list[str],
    python: str = sys.executable,
    *,
    timeout_ms: int = 10_000,
    log_file: str | None = None,
    warm: WarmHandler | None = None,
) -> list[str]:
    """Dredd CLI arguments that load ``hookfiles`` in this project's hooks handler.

    ``python`` must be able to import ``dredd_hooks_runtime`` (installed, or Dredd
    started from the repository root). ``timeout_ms`` bounds each hook round
    trip. ``log_file`` sends handler output there instead of Dredd's console.
    ``warm``: a ``warm.WarmHandler`` that has loaded ``hookfiles``; it listens on the
    port already, so Dredd may connect at once.
    """
    if not hookfiles:
        raise ValueError("dredd_hook_args needs at least one hook file")
    _check_word("python", python)
    port = free_port() if warm is None else warm.port
    command = [python, "-m", "dredd_hooks_runtime", "--port", str(port)]
    if log_file is not None:
        _check_word("log_file", log_file)
        command += ["--log", log_file]
    if warm is not None:
        _check_word("warm", warm.address)
        command += ["--warm", warm.address]
    args = [
        "--language",
        " ".join(command),
        "--hooks-worker-handler-port",
        str(port),
        "--hooks-worker-connect-retry",
        str(_CONNECT_RETRY_MS if warm is None else 1),
        "--hooks-worker-after-connect-wait",
        str(_AFTER_CONNECT_WAIT_MS),
        "--hooks-worker-term-retry",
        str(_TERM_RETRY_MS),
        "--hooks-worker-timeout",
        str(timeout_ms),
    ]
    for hookfile in hookfiles:
        args += ["--hookfiles", hookfile]
    return args
