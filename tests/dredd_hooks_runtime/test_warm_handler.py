"""The warm handler's own process life: what it reports, and that nothing outlives it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dredd_hooks_runtime import WarmHandler

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
HOOKS = "import dredd_hooks_runtime as hooks\n\n@hooks.before('a > Get')\ndef a(t):\n    pass\n"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(word) for word in path.read_text().split()] if path.exists() else []


def _gone(pid: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a zombie has exited; only its parent's wait is missing
            if Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z"):
                return True
        except (FileNotFoundError, IndexError):
            return True
        time.sleep(0.02)
    return False


def test_reports_the_hooks_and_stops_its_child_when_stopped(tmp_path: Path) -> None:
    hookfile = tmp_path / "hooks.py"
    hookfile.write_text(HOOKS)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    handler = WarmHandler([str(hookfile)], env=env, cwd=tmp_path)
    try:
        assert handler.registered()["before"] == {"a > Get": 1}
        assert handler.events == ["beforeEach"] and handler.load_error is None
        # What Dredd spawns: it hands the run over, and a child of the warm process serves.
        spawned = subprocess.Popen(
            [
                *(sys.executable, "-m", "dredd_hooks_runtime", "--port", str(handler.port)),
                *("--warm", handler.address, str(hookfile)),
            ],
            cwd=tmp_path,
            env=env,
        )
        deadline = time.monotonic() + 10
        while not _children(handler.process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        (child,) = _children(handler.process.pid)
        socket.create_connection(("127.0.0.1", handler.port), timeout=5).close()
        # A Dredd killed outright leaves the process it spawned, and the harness stops the
        # warm process: the child must not live on.
        spawned.kill()
        spawned.wait()
    finally:
        handler.close()
    assert _gone(child), f"the warm process's child {child} outlived it"


def _warm(tmp_path: Path, socket_path: Path, report_fd: int) -> subprocess.Popen[bytes]:
    hookfile = tmp_path / "hooks.py"
    hookfile.write_text(HOOKS)
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "dredd_hooks_runtime.warm", "--socket", str(socket_path)),
            *("--port", "0", "--report-fd", str(report_fd), str(hookfile)),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        pass_fds=[report_fd],
        stderr=subprocess.PIPE,
    )


def test_a_run_stopped_before_the_handler_started_ends_it_quietly(tmp_path: Path) -> None:
    """The harness stopped (and removed the run's directory) before the warm process got
    to listen, or while it loaded the hook files: it ends at once, without a traceback."""
    read_end, write_end = os.pipe()
    gone = _warm(tmp_path, tmp_path / "removed" / "handler.sock", write_end)
    os.close(read_end)  # nobody reads the report either
    os.close(write_end)
    assert gone.wait(timeout=30) == 0
    assert gone.stderr is not None and gone.stderr.read() == b""

    read_end, write_end = os.pipe()
    os.close(read_end)
    unread = _warm(tmp_path, tmp_path / "handler.sock", write_end)
    os.close(write_end)
    assert unread.wait(timeout=30) == 0
    assert unread.stderr is not None and unread.stderr.read() == b""


def test_the_handler_ends_when_the_harness_is_gone(tmp_path: Path) -> None:
    """Its parent died before stopping it (here, while it still loads the hook files, or
    once it waits for a connection): nobody will ever connect, so it must not wait."""
    launcher = (
        "import os, subprocess, sys\n"
        "r, w = os.pipe()\n"
        f"p = subprocess.Popen([sys.executable, '-m', 'dredd_hooks_runtime.warm', '--socket',"
        f" {str(tmp_path / 'handler.sock')!r}, '--port', '0', '--report-fd', str(w),"
        f" {str(tmp_path / 'hooks.py')!r}], pass_fds=[w])\n"
        "os.close(w)\n"
        "print(p.pid, flush=True)\n"
        "os._exit(0)\n"  # dies without stopping it
    )
    (tmp_path / "hooks.py").write_text(HOOKS)
    out = subprocess.run(
        [sys.executable, "-c", launcher],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert _gone(int(out.stdout.split()[0]), seconds=30)
