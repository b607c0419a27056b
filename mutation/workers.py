"""One cosmic-ray HTTP worker per copy of the tree, each on its own loopback port.

A worker mutates the module named in a request inside its own copy (its working
directory), runs the test command there and puts the module back. ``harness run`` picks
free ports and a fresh SQLite file for every run, so the copies' contract runs do not
meet. A worker that dies would make every mutant sent to it "abnormal": the run checks
``dead()`` and stops.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from dredd_hooks_runtime import free_port


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"a mutation worker exited at start: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"a mutation worker did not listen on port {port} in {timeout:.0f} s")


class Workers:
    """Workers in ``trees`` (a context manager: they stop on exit)."""

    def __init__(
        self, trees: list[Path], test_command: str, environments: list[dict[str, str]]
    ) -> None:
        self.trees = trees
        self.test_command = test_command
        self.environments = environments
        self.processes: list[subprocess.Popen[bytes]] = []
        self.urls: list[str] = []

    def __enter__(self) -> Workers:
        try:
            for tree, env in zip(self.trees, self.environments, strict=True):
                port, log = free_port(), tree.parent / f"{tree.name}-worker.log"
                command = [sys.executable, "-m", "mutation.http_worker", "--port", str(port)]
                with log.open("wb") as sink:
                    process = subprocess.Popen(
                        [*command, "--test-command", self.test_command],
                        cwd=tree,
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=sink,
                        stderr=subprocess.STDOUT,
                    )
                self.processes.append(process)
                _wait_for(port, process, log, timeout=30)
                self.urls.append(f"http://127.0.0.1:{port}")
        except BaseException:
            self.stop()
            raise
        return self

    def dead(self) -> list[Path]:
        return [
            tree
            for tree, p in zip(self.trees, self.processes, strict=False)
            if p.poll() is not None
        ]

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
