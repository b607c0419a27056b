"""The test every mutant faces: ``harness run --fail-fast`` on the tree it is run in.

cosmic-ray keeps only a test command's standard output, and the harness says why a run
broke (a server that did not start, hooks that did not load) on standard error; this
merges the two, keeps the end of it, and adds the exit status and the time, so the
report can say what killed each mutant and what it cost.

A mutant that hangs is stopped here, a little before cosmic-ray's own timeout
(``MUTANT_TIMEOUT``, set by the run): cosmic-ray kills only its test command, which
would leave the harness's server and Dredd running for the rest of the run; here the
harness gets SIGTERM, on which it stops everything it started (and is killed, with its
session, if it has not within a few seconds).

    python -m mutation.contract_test
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time

KEPT_LINES = 60  # the end of the run: the first failure, the verdict, or the traceback
TRAILER = "contract-test: exit {code} after {seconds:.2f} s"
# Seconds before cosmic-ray's timeout at which a hanging run is stopped here.
MARGIN = 5.0


def main() -> int:
    started = time.monotonic()
    limit = os.environ.get("MUTANT_TIMEOUT")
    deadline = max(float(limit) - MARGIN, 1.0) if limit else None
    with tempfile.TemporaryDirectory(prefix="mutant-reports-") as reports:
        run = subprocess.Popen(
            [sys.executable, "-m", "harness.cli", "run", "--fail-fast", "--reports", reports],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        try:
            output, _ = run.communicate(timeout=deadline)
            code = run.returncode
        except subprocess.TimeoutExpired:
            run.terminate()
            try:
                output, _ = run.communicate(timeout=MARGIN - 1)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
                output, _ = run.communicate()
            output += f"\ncontract-test: timed out after {deadline:.0f} s: the run was stopped"
            code = 1
    print("\n".join(output.splitlines()[-KEPT_LINES:]))
    print(TRAILER.format(code=code, seconds=time.monotonic() - started), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
