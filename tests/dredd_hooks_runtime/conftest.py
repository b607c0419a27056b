"""Real Dredd against a tiny local HTTP server, with hooks run by ``dredd_hooks_runtime``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hooks_runtime_support import SECRET, Run, RunDredd

from dredd_hooks_runtime import WarmHandler, dredd_hook_args
from harness.testing import ensure_dredd

REPO = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="session")
def dredd_bin() -> Path:
    """``$DREDD_BIN``, or the project's pinned Dredd, installed (``npm ci``) if missing:
    these tests need the real Dredd and never skip for want of it."""
    configured = os.environ.get("DREDD_BIN")
    if configured:
        if not Path(configured).exists():
            pytest.fail(f"DREDD_BIN={configured} does not exist")
        return Path(configured)
    return Path(ensure_dredd())


class _Handler(BaseHTTPRequestHandler):
    """GET /<anything> answers 200 JSON; /secret/... wants the X-Token header."""

    protocol_version = "HTTP/1.1"
    # One write per response: otherwise Nagle + delayed ACK add ~40 ms a request.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        if self.path.startswith("/secret") and self.headers.get("X-Token") != SECRET:
            status, body = 401, {"error": "missing token"}
        else:
            status, body = 200, {"path": self.path}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def api_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def run_dredd(dredd_bin: Path, api_url: str, tmp_path_factory: pytest.TempPathFactory) -> RunDredd:
    """Write the blueprint and hook files to a fresh directory, then run Dredd there.

    Dredd runs from that directory so the repository's dredd.yml is not
    picked up; PYTHONPATH lets the handler import ``harness`` from anywhere.
    Safe to call from several threads at once.
    """

    # Made once here: mktemp from several threads at once races pytest's own set-up of it.
    tmp_path_factory.getbasetemp()

    def run(
        apib: str,
        hooks: dict[str, str],
        *,
        tag: str = "run",
        timeout_ms: int = 10_000,
        output_to_files: bool = False,
        warm: bool = False,
        warm_files: dict[str, str] | None = None,
        dredd_args: tuple[str, ...] = (),
    ) -> Run:
        workdir = tmp_path_factory.mktemp(tag)
        (workdir / "api.apib").write_text(apib)
        hookfiles = []
        for name, code in hooks.items():
            (workdir / name).write_text(code)
            hookfiles.append(str(workdir / name))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        with ExitStack() as stack:
            handler = None
            if warm:
                # As ``harness run`` does: the hook files load before Dredd starts. With
                # ``warm_files`` the warm process loads other files than Dredd names.
                loaded = hookfiles
                if warm_files is not None:
                    loaded = []
                    for name, code in warm_files.items():
                        (workdir / name).write_text(code)
                        loaded.append(str(workdir / name))
                handler = stack.enter_context(WarmHandler(loaded, env=env, cwd=workdir))
                handler.registered()
                # And, as there, Dredd sends only the events the hooks listen to.
                env |= handler.dredd_environment()
                dredd_args = (*dredd_args, "--require", str(REPO / "harness/dredd_preload.js"))
            args = dredd_hook_args(
                hookfiles,
                sys.executable,
                timeout_ms=timeout_ms,
                warm=handler,
            )
            command = [str(dredd_bin), "api.apib", api_url, *args, *dredd_args]
            run = _run(command, workdir, env, output_to_files)
            run.warm_pid = handler.process.pid if handler else None
            return run

    def _run(command: list[str], workdir: Path, env: dict[str, str], output_to_files: bool) -> Run:
        started = time.monotonic()
        if output_to_files:
            # Like `dredd > out.txt`: plain files, not opened for appending.
            out, err = workdir / "stdout.txt", workdir / "stderr.txt"
            with out.open("w") as stdout, err.open("w") as stderr:
                code = subprocess.call(
                    command, cwd=workdir, env=env, stdout=stdout, stderr=stderr, timeout=120
                )
            texts = out.read_text(), err.read_text()
        else:
            done = subprocess.run(
                command, cwd=workdir, env=env, capture_output=True, text=True, timeout=120
            )
            code, texts = done.returncode, (done.stdout, done.stderr)
        seconds = time.monotonic() - started
        return Run(code, ANSI.sub("", texts[0]), ANSI.sub("", texts[1]), seconds)

    return run
