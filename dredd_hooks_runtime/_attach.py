"""The handler Dredd spawns, when a warm one is waiting: hand the run over to it.

Importing the hook files (factories, SQLAlchemy, Flask...) takes most of a second, and
Dredd spawns its handler only once its own start is done, then waits for it inside its
test phase. ``harness run`` therefore starts a *warm* process (``_warm``) beside the
server, before Dredd, which opens Dredd's port, imports the hook files and waits. The
process Dredd spawns (``python -m dredd_hooks_runtime --warm SOCKET ...``) then only
passes its stdin, stdout and stderr over the UNIX socket ``SOCKET``; the warm process
forks a child that serves Dredd on the port exactly as a cold handler would.

To Dredd nothing changes: the process it spawned lives as long as the child, stops it
when Dredd stops it (SIGTERM is passed on), and exits with the child's status. Only the
standard library is imported here, so this costs a bare interpreter start.

Wire format: the request is one JSON line (``argv``, ``cwd``, ``dredd_pid``, ``pid``)
sent with the three file descriptors; the answers are JSON lines, ``{"pid": N}`` once the
child runs, then ``{"status": N}`` when it has ended, or ``{"refused": why}`` at once.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from typing import Any

# Sent with the request, in this order; the child makes them its 0, 1 and 2.
FDS = ("stdin", "stdout", "stderr")


def request(argv: list[str], dredd_pid: int) -> bytes:
    message = {"argv": argv, "cwd": os.getcwd(), "dredd_pid": dredd_pid, "pid": os.getpid()}
    return json.dumps(message).encode() + b"\n"


def read_line(connection: socket.socket, pending: bytearray) -> dict[str, Any] | None:
    """The next JSON line from ``connection``; None when it closed first."""
    while b"\n" not in pending:
        try:
            chunk = connection.recv(4096)
        except InterruptedError:
            continue
        if not chunk:
            return None
        pending += chunk
    line, _, rest = bytes(pending).partition(b"\n")
    pending[:] = rest
    answer: dict[str, Any] = json.loads(line)
    return answer


def hand_over(address: str, argv: list[str]) -> int | None:
    """Let the warm process at ``address`` serve this run: the child's exit status, or 1
    when the warm process refuses it (it loaded other hook files: Dredd may already be
    connected to its port, so no other process can serve the run). None when no warm
    process answers (none holds the port either): the caller then listens and loads the
    hook files itself."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(address)
        socket.send_fds(connection, [request(argv, os.getppid())], [0, 1, 2])
    except OSError:
        connection.close()
        return None
    pending = bytearray()
    answer = read_line(connection, pending)
    if answer is None or "pid" not in answer:
        connection.close()
        from ._console import attach_to_dredd

        attach_to_dredd()
        why = "it went away" if answer is None else answer.get("refused")
        print(
            f"[dredd_hooks_runtime] the warm hooks handler did not take the run: {why}",
            file=sys.stderr,
        )
        return 1
    child = int(answer["pid"])

    def pass_on(signum: int, _frame: object) -> None:
        try:
            os.kill(child, signum)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGTERM, pass_on)
    signal.signal(signal.SIGINT, pass_on)
    answer = read_line(connection, pending)
    connection.close()
    if answer is None:
        print("[dredd_hooks_runtime] the warm handler went away during the run", file=sys.stderr)
        return 1
    return int(answer["status"])
