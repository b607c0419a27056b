"""The warm process: opens Dredd's port and imports the hook files before Dredd starts,
then serves one run.

Started by ``warm.WarmHandler``; the process Dredd spawns hands the run over to it
(``_attach``). It forks a child for the run rather than serving it itself, so that the
child has the spawned process's stdin, stdout and stderr and Dredd's own console, as a
handler started by Dredd has, and so that the spawned process can report the child's
exit status as its own.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sys
import tempfile
from typing import Any

from . import _console, _loader
from ._attach import FDS
from ._dispatch import Dispatcher
from ._listen import DEFAULT_HOST, listen
from ._registry import REGISTRY
from ._server import Server, exit_on_sigterm, load_hook_files, run_and_exit


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m dredd_hooks_runtime.warm",
        description="Import hook files ahead of Dredd and serve the run Dredd's handler"
        " hands over on SOCKET.",
    )
    parser.add_argument("files", nargs="+", help="hook files or globs")
    parser.add_argument("--socket", required=True, help="UNIX socket to listen on")
    parser.add_argument("--port", type=int, required=True, help="port Dredd connects to")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument(
        "--report-fd",
        type=int,
        required=True,
        help="write one JSON line here once loaded: the registered hooks, any load error",
    )
    return parser.parse_args(argv)


def _same_files(requested: list[str], loaded: list[str]) -> bool:
    try:
        return _loader.expand(requested) == loaded
    except OSError:
        return False


def _hook_files(argv: list[str], cwd: str) -> list[str]:
    """The hook files in the spawned handler's arguments (its options and their values
    left out), relative to its working directory."""
    files, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--port", "--host", "--log", "--warm"):
            skip = True
        elif not arg.startswith("--"):
            files.append(os.path.join(cwd, arg))
    return files


class _CapturedOutput:
    """What fds 1 and 2 receive while the hook files load (prints, tracebacks), kept to
    be shown in the Dredd run, where a handler started by Dredd would have shown it."""

    def __enter__(self) -> _CapturedOutput:
        sys.stdout.flush()
        sys.stderr.flush()
        self.saved = [os.dup(1), os.dup(2)]
        self.files = [tempfile.TemporaryFile(), tempfile.TemporaryFile()]
        for fd, file in zip((1, 2), self.files, strict=True):
            os.dup2(file.fileno(), fd)
        return self

    def __exit__(self, *exc_info: object) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in zip((1, 2), self.saved, strict=True):
            os.dup2(saved, fd)
            os.close(saved)
        self.output = []
        for file in self.files:
            file.seek(0)
            self.output.append(file.read())
            file.close()

    def replay(self) -> None:
        """Write the captured output to fds 1 and 2, each to its own."""
        for fd, data in zip((1, 2), self.output, strict=True):
            while data:
                data = data[os.write(fd, data) :]


def _serve_child(
    port: socket.socket,
    fds: list[int],
    request: dict[str, Any],
    dispatcher: Dispatcher,
    loading: _CapturedOutput,
) -> int:
    """In the forked child: become the handler Dredd spawned, and serve the run."""
    for target, fd in zip((0, 1, 2), fds[:3], strict=True):
        os.dup2(fd, target)
        os.close(fd)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    _console.attach_to_dredd(int(request["dredd_pid"]))
    loading.replay()
    server = Server(port, spawned_pid=int(request["pid"]))
    try:
        return server.serve(dispatcher)
    finally:
        server.close()


def main(argv: list[str]) -> int:
    args = _parse(argv)
    # Dredd's port first: Dredd connects at once and its messages wait in the socket.
    port = listen(["--host", args.host, "--port", str(args.port)])
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(args.socket)
    except FileNotFoundError:
        return 0  # the run's directory is gone: the harness stopped before it needed us
    listener.listen(1)
    dispatcher = Dispatcher()
    loaded: list[str] = []
    try:
        # In the order Dredd hands them to its handler: sorted by file name (stable).
        loaded = sorted(_loader.expand(args.files), key=os.path.basename)
    except OSError:
        pass  # load_hook_files reports it
    with _CapturedOutput() as loading:
        load_hook_files(loaded or args.files, dispatcher)
    report = {
        "registered": REGISTRY.counts(),
        "events": REGISTRY.dredd_events(),
        "files": loaded,
        "load_error": dispatcher.fatal,
        "load_output": loading.output[1].decode(errors="replace") if dispatcher.fatal else "",
    }
    try:
        with os.fdopen(args.report_fd, "w") as out:
            out.write(json.dumps(report) + "\n")
    except BrokenPipeError:
        return 0  # the harness stopped while the hook files loaded: nobody to serve

    connection = _accept_while_the_harness_lives(listener)
    if connection is None:
        return 0
    listener.close()
    message, fds, _flags, _address = socket.recv_fds(connection, 1 << 16, len(FDS))
    request = _first_line(message)
    if not isinstance(port, socket.socket):
        return _refuse(connection, fds, f"cannot listen on {args.host}:{args.port}: {port}")
    if len(fds) != len(FDS) or request is None:
        return _refuse(connection, fds, "a request without its file descriptors", port)
    if not _same_files(_hook_files(request["argv"], request["cwd"]), loaded):
        why = "Dredd asked for other hook files than were loaded"
        return _refuse(connection, fds, why, port)
    sys.stdout.flush()
    sys.stderr.flush()
    child = os.fork()
    if child == 0:
        connection.close()
        run_and_exit(lambda: _serve_child(port, fds, request, dispatcher, loading))
    # Stopping this process (the harness does, when a run ends or breaks off) stops the
    # child too: it would otherwise outlive a Dredd that was killed, serving nobody.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda received, _frame: _stop(child, received))
    port.close()
    for fd in fds:
        os.close(fd)
    try:
        connection.sendall(json.dumps({"pid": child}).encode() + b"\n")
    except OSError:
        _stop(child, signal.SIGTERM)  # the process Dredd spawned is gone already
    _, status = os.waitpid(child, 0)
    code = os.waitstatus_to_exitcode(status)
    code = code if code >= 0 else 128 - code  # killed by a signal: as a shell reports it
    try:
        connection.sendall(json.dumps({"status": code}).encode() + b"\n")
    except OSError:
        pass
    connection.close()
    return 0


def _accept_while_the_harness_lives(listener: socket.socket) -> socket.socket | None:
    """The connection of the process Dredd spawns; ``None`` once the harness that started
    this process is gone (stopped before it could stop us): nobody would ever connect."""
    harness = os.getppid()
    listener.settimeout(1.0)
    while True:
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            if os.getppid() != harness:
                return None
            continue
        connection.settimeout(None)
        return connection


def _stop(child: int, signum: int) -> None:
    try:
        os.kill(child, signum)
    except ProcessLookupError:
        pass


def _first_line(message: bytes) -> dict[str, Any] | None:
    """The request: one JSON line, sent in one message with the descriptors."""
    line, found, _ = message.partition(b"\n")
    return json.loads(line) if found else None


def _refuse(
    connection: socket.socket, fds: list[int], why: str, port: socket.socket | None = None
) -> int:
    """Decline the run. The spawned handler then fails it, saying why; the port is closed,
    which ends Dredd's connection (it may be connected already)."""
    if port is not None:
        port.close()
    for fd in fds:
        os.close(fd)
    connection.sendall(json.dumps({"refused": why}).encode() + b"\n")
    connection.close()
    return 1
