"""The hooks handler process: Dredd's TCP protocol, served without Nagle stalls.

Protocol (Dredd 14 HooksWorkerClient.js): Dredd connects to 127.0.0.1:PORT
and sends ``{"uuid", "event", "data"}`` JSON objects, each followed by
``"\\n"``; the handler answers each with the same object, ``data`` modified,
also ``"\\n"``-terminated. Events: beforeAll, beforeEach,
beforeEachValidation, afterEach, afterAll. Dredd waits for no "ready" line;
it just retries connecting, so we listen before importing hook files.

Dredd writes the JSON and the delimiter as two writes without TCP_NODELAY,
so the delimiter waits for our ACK, which Linux delays ~40 ms. Re-arming
TCP_QUICKACK (it switches itself off) before every read and after every
write makes the kernel ACK at once.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import selectors
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from typing import Any, NoReturn

from . import _console, _loader
from ._dispatch import Dispatcher, one_line
from ._listen import DEFAULT_HOST, DEFAULT_PORT, listen

_QUICKACK = getattr(socket, "TCP_QUICKACK", None)

# Runs after this process exited with an error: waits until Dredd has reaped
# it (so Dredd records the crash) and only then sends the afterAll reply.
_LATE_REPLY = """
import os, sys, time
pid, fd, reply = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
deadline = time.monotonic() + 3
while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
    time.sleep(0.002)
if not os.path.isdir("/proc"):
    time.sleep(0.3)
os.write(fd, reply)
"""


def _quickack(sock: socket.socket) -> None:
    if _QUICKACK is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        except OSError:
            pass


def _encode(message: dict[str, Any], original: bytes) -> bytes:
    """Serialise a reply; a hook that left non-JSON data fails the transaction."""
    try:
        return json.dumps(message).encode() + b"\n"
    except (TypeError, ValueError) as exc:
        reason = f"hooks left a value that is not JSON in the transaction: {exc}"
        print(f"[dredd_hooks_runtime] {reason}", file=sys.stderr)
        fresh = json.loads(original)
        if isinstance(fresh.get("data"), dict):
            fresh["data"]["fail"] = reason
        return json.dumps(fresh).encode() + b"\n"


class Server:
    """Serves any number of Dredd connections, one message at a time, in the main thread.

    Dredd may open a second connection if the first is slow to be accepted
    and then talk on either, so no connection may block the others.
    """

    def __init__(self, listener: socket.socket, spawned_pid: int | None = None) -> None:
        """``spawned_pid``: the process Dredd spawned and watches, if not this one (a warm
        handler's child serves for the process Dredd spawned)."""
        self.listener = listener
        self.spawned_pid = os.getpid() if spawned_pid is None else spawned_pid
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.buffers: dict[socket.socket, bytearray] = {}

    def serve(self, dispatcher: Dispatcher) -> int:
        while True:
            for key, _ in self.selector.select():
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self.listener:
                    self._accept()
                    continue
                status = self._read(sock, dispatcher)
                if status is not None:
                    return status

    def _accept(self) -> None:
        conn, _ = self.listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        _quickack(conn)
        self.buffers[conn] = bytearray()
        self.selector.register(conn, selectors.EVENT_READ)

    def _close(self, sock: socket.socket) -> None:
        self.selector.unregister(sock)
        del self.buffers[sock]
        sock.close()

    def _read(self, sock: socket.socket, dispatcher: Dispatcher) -> int | None:
        _quickack(sock)
        try:
            chunk = sock.recv(1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            self._close(sock)
            return None
        buffer = self.buffers[sock]
        buffer += chunk
        while sock in self.buffers and (end := buffer.find(b"\n")) != -1:
            line = bytes(buffer[:end])
            del buffer[: end + 1]
            if line.strip():
                status = self._answer(sock, line, dispatcher)
                if status is not None:
                    return status
        return None

    def _answer(self, sock: socket.socket, line: bytes, dispatcher: Dispatcher) -> int | None:
        try:
            message = json.loads(line)
        except ValueError as exc:
            # Not from Dredd 14; answering nothing lets just that hook time out.
            print(
                f"[dredd_hooks_runtime] ignoring a message that is not JSON: {exc}", file=sys.stderr
            )
            return None
        ok = dispatcher.handle(message.get("event", ""), message.get("data"))
        if not ok:
            self._fail_run(sock, message)
            return 1
        try:
            sock.sendall(_encode(message, line))
        except OSError:
            self._close(sock)  # Dredd went away; other connections may remain
            return None
        _quickack(sock)
        return None

    def _fail_run(self, sock: socket.socket, message: dict[str, Any]) -> None:
        """Make Dredd fail the run after a failed afterAll hook.

        Dredd has already reported every transaction by then; what still
        fails the run is the handler exiting non-zero *before* Dredd stops
        it. The reply must come after that, or Dredd would wait for its hook
        timeout; a tiny helper sends it once Dredd has reaped the process it
        spawned (us, or the one we serve for).
        """
        print("[dredd_hooks_runtime] after_all failed: ending with an error", file=sys.stderr)
        reply = json.dumps({"uuid": message.get("uuid"), "event": "afterAll", "data": []})
        # posix_spawn rather than subprocess: no Popen object left to warn at exit.
        os.posix_spawn(
            sys.executable,
            [sys.executable, "-I", "-c", _LATE_REPLY, str(self.spawned_pid), "3", reply + "\n"],
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, sock.fileno(), 3),
                *((os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)),
            ],
            setsid=True,
        )

    def close(self) -> None:
        for sock in list(self.buffers):
            self._close(sock)
        self.selector.close()
        self.listener.close()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m dredd_hooks_runtime",
        description="Dredd hooks handler for Python hook files.",
        allow_abbrev=False,
    )
    parser.add_argument("files", nargs="*", help="hook files or globs")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port Dredd connects to")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--log", metavar="FILE", help="append handler output to FILE instead")
    parser.add_argument(
        "--warm",
        metavar="SOCKET",
        help="hand the run to the warm handler listening on this UNIX socket, if any"
        " (see dredd_hooks_runtime.warm); without one, load the hook files here",
    )
    return parser.parse_args(argv)


def run_and_exit(serve: Callable[[], int], *, run_atexit: bool = True) -> NoReturn:
    """Run ``serve`` and end the process with its status, skipping the interpreter's
    teardown of every module (a tenth of a second or more after importing SQLAlchemy,
    Flask and the factories, all inside Dredd's test phase: Dredd waits for the handler
    to exit). Output is flushed; ``atexit`` functions run unless ``run_atexit`` is false
    (a warm process: they are its child's, which ran them)."""
    try:
        status = serve()
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        if stop.code is not None and not isinstance(stop.code, int):
            print(stop.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
        status = 1
    if run_atexit:
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def exit_on_sigterm(signum: int, frame: object) -> None:
    # Dredd stops the handler with SIGTERM; exiting normally runs atexit hooks. Dredd
    # repeats the signal every term-retry interval: a second one must not interrupt them.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(0)


def _print_load_error(exc: BaseException, path: str | None) -> None:
    """Traceback from the hook file's own frame on: the loader's frames are noise."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != path:
        tb = tb.tb_next
    what = f"hook file {path}" if path else "hook files"
    print(f"[dredd_hooks_runtime] loading {what} failed:", file=sys.stderr)
    traceback.print_exception(type(exc), exc, tb, file=sys.stderr)


def load_hook_files(files: list[str], dispatcher: Dispatcher) -> None:
    """Import the hook files; a failure fails every transaction instead of the handler."""
    path = None
    try:
        for path in _loader.expand(files):
            _loader.load(path)
    except Exception as exc:
        _print_load_error(exc, path)
        dispatcher.fatal = f"hook files failed to load: {one_line(exc)}"
        dispatcher.hooks_loaded = False
    sys.stdout.flush()
    sys.stderr.flush()


def main(argv: list[str], listener: socket.socket | OSError | None = None) -> int:
    """Serve Dredd on ``listener`` (opened early by ``__main__``) until stopped."""
    args = _parse(argv)
    if args.log:
        _console.redirect_to_file(args.log)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    if isinstance(listener, socket.socket) and listener.getsockname() != (args.host, args.port):
        listener.close()
        listener = None
    if listener is None:
        listener = listen(["--host", args.host, "--port", str(args.port)])
    if isinstance(listener, OSError) or listener is None:
        print(
            f"[dredd_hooks_runtime] cannot listen on {args.host}:{args.port}: {listener}",
            file=sys.stderr,
        )
        return 1
    dispatcher = Dispatcher()
    load_hook_files(args.files, dispatcher)
    server = Server(listener)
    try:
        return server.serve(dispatcher)
    finally:
        server.close()
