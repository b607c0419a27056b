"""The handler Dredd spawns, when a warm one is waiting: hand the run over to it.

Importing the hook files (factories, SQLAlchemy, Flask...) takes most of a second, and
Dredd spawns its handler only once its own start is done, then waits for it inside its
test phase. ``harness run`` therefore starts a *warm* process (``_warm``) beside the
server, before Dredd, which imports the hook files and waits. The process Dredd spawns
(``python -m harness.hooks_runtime --warm SOCKET ...``) then only opens its port and
passes it, with its stdin, stdout and stderr, over the UNIX socket ``SOCKET``; the warm
process forks a child that serves Dredd on that port exactly as a cold handler would.

To Dredd nothing changes: the process it spawned lives as long as the child, stops it
when Dredd stops it (SIGTERM is passed on), and exits with the child's status. Only the
standard library is imported here, so this costs a bare interpreter start.

Wire format: the request is one JSON line (``argv``, ``cwd``, ``dredd_pid``, ``pid``)
sent with the four file descriptors; the answers are JSON lines, ``{"pid": N}`` once the
child runs, then ``{"status": N}`` when it has ended, or ``{"refused": why}`` at once.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

# Sent with the request, in this order; the child makes them its 0, 1, 2 and its port.
FDS = ("stdin", "stdout", "stderr", "listener")


def request(argv: list[str], dredd_pid: int) -> bytes:
    message = {"argv": argv, "cwd": os.getcwd(), "dredd_pid": dredd_pid, "pid": os.getpid()}
    return json.dumps(message).encode() + b"\n"


def read_line(connection: socket.socket, pending: bytearray) -> dict | None:
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
    return json.loads(line)


def hand_over(address: str, argv: list[str], listener: socket.socket) -> int | None:
    """Let the warm process at ``address`` serve this run; the child's exit status, or
    None when no warm process takes it (the caller then loads the hook files itself)."""
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(address)
        fds = [0, 1, 2, listener.fileno()]
        socket.send_fds(connection, [request(argv, os.getppid())], fds)
    except OSError:
        connection.close()
        return None
    pending = bytearray()
    answer = read_line(connection, pending)
    if answer is None or "pid" not in answer:
        if answer is not None:
            print(f"[hooks_runtime] warm handler refused: {answer.get('refused')}", file=sys.stderr)
        connection.close()
        return None
    child = int(answer["pid"])
    listener.close()  # the child serves it now

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
        print("[hooks_runtime] the warm handler went away during the run", file=sys.stderr)
        return 1
    return int(answer["status"])
