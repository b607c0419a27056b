"""Start the hooks handler's imports before Dredd: ``WarmHandler``.

Dredd spawns its hooks handler only when its own start is done and waits for it inside
its test phase; a handler importing factories, SQLAlchemy and Flask adds most of a
second there. A ``WarmHandler`` is started first, beside the server under test: it
opens Dredd's port, imports the hook files at once and reports what they registered
(so the hooks can be checked against the transactions without importing them a second
time). Dredd is then given ``dredd_hook_args(..., warm=handler)``: the handler it spawns
hands the run over to the warm process, which serves it from a forked child (see
``_attach``).

``python -m dredd_hooks_runtime.warm --socket PATH --port N --report-fd N FILE...`` is
the warm process itself.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

# Read by harness/dredd_preload.js: the Dredd events to send to the hooks handler, and
# the hook files (real paths, a JSON list) whose hooks they are.
EVENTS_VARIABLE = "HOOKS_RUNTIME_EVENTS"
EVENTS_FILES_VARIABLE = "HOOKS_RUNTIME_EVENTS_FILES"


class WarmHandlerError(RuntimeError):
    """The warm process ended or went silent before it had loaded the hook files."""


class WarmHandler:
    """A warm process for one Dredd run; a context manager that stops it on exit."""

    def __init__(
        self,
        hookfiles: list[str],
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        python: str = sys.executable,
    ) -> None:
        from dredd_hooks_runtime.dredd_options import free_port

        self.port = free_port()  # Dredd's: the warm process listens on it from its start
        self._directory = tempfile.TemporaryDirectory(prefix="hooks-warm-")
        self.address = str(Path(self._directory.name) / "handler.sock")
        read_end, write_end = os.pipe()
        self._report = os.fdopen(read_end, "rb")
        try:
            self.process = subprocess.Popen(
                [
                    python,
                    "-m",
                    "dredd_hooks_runtime.warm",
                    "--socket",
                    self.address,
                    "--port",
                    str(self.port),
                    "--report-fd",
                    str(write_end),
                    *hookfiles,
                ],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                pass_fds=[write_end],
                # A group of its own, with the child it forks for the run: a Ctrl-C at the
                # terminal reaches the harness, which stops them (``close``), not them.
                process_group=0,
            )
        finally:
            os.close(write_end)
        self._registered: dict[str, dict[str, int]] | None = None
        self.load_error: str | None = None
        self.load_output = ""  # with a load error: what loading wrote to stderr
        self.events: list[str] = []  # the Dredd events the hook files listen to
        self.files: list[str] = []  # the hook files loaded (real paths)

    def registered(self, timeout: float = 60.0) -> dict[str, dict[str, int]]:
        """What the hook files registered (kind -> name -> times), once they are loaded.

        A hook file that fails to load is no error here: ``load_error`` says why (and
        ``load_output`` has the traceback); the handler fails every transaction with it,
        as a cold handler would. Output of the loading is shown in the Dredd run.
        """
        if self._registered is None:
            deadline = time.monotonic() + timeout
            while not select.select([self._report], [], [], 0.05)[0]:
                if time.monotonic() > deadline:
                    raise WarmHandlerError(f"the hook files took over {timeout:.0f} s to load")
            line = self._report.readline()
            if not line:
                status = self.process.wait()
                raise WarmHandlerError(f"the warm hooks handler exited with status {status}")
            report = json.loads(line)
            self._registered, self.load_error = report["registered"], report["load_error"]
            self.load_output, self.events = report["load_output"], report["events"]
            self.files = report["files"]
        return self._registered

    def dredd_environment(self) -> dict[str, str]:
        """For Dredd's environment, once ``registered()`` has returned: with
        ``harness/dredd_preload.js`` preloaded, Dredd then sends only the events a hook
        listens to (``EVENTS_VARIABLE``), each a round trip saved per transaction, if its
        hook files are the ones loaded here (``EVENTS_FILES_VARIABLE``): a handler that
        loads other files itself may listen to others."""
        return {
            EVENTS_VARIABLE: ",".join(self.events),
            EVENTS_FILES_VARIABLE: json.dumps(sorted(self.files)),
        }

    def close(self, grace: float = 1.0) -> None:
        """Stop the warm process and its child, the whole process group (it has nothing
        left to do once Dredd has ended): SIGTERM, SIGKILL after ``grace`` seconds."""
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait()
        self._signal_group(signal.SIGKILL)  # a child its leader left behind
        self._report.close()
        self._directory.cleanup()

    def _signal_group(self, signum: int) -> None:
        try:
            os.killpg(self.process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> WarmHandler:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


if __name__ == "__main__":
    from dredd_hooks_runtime._server import run_and_exit
    from dredd_hooks_runtime._warm import main

    run_and_exit(lambda: main(sys.argv[1:]), run_atexit=False)
