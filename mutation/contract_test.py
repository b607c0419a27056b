"""The test every mutant faces: ``harness run --fail-fast`` on the tree it is run in.

cosmic-ray keeps only a test command's standard output, and the harness says why a run
broke (a server that did not start, hooks that did not load) on standard error; this
merges the two, keeps the end of it, and adds the exit status and the time, so the
report can say what killed each mutant and what it cost.

With ``MUTANT_REACH`` (the trace's map, ``mutation.reach``), only the transactions
that reach the mutated lines are run, and the output says which (or why all were).

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
from pathlib import Path

from mutation.reach import Reach

KEPT_LINES = 60  # the end of the run: the first failure, the verdict, or the traceback
TRAILER = "contract-test: exit {code} after {seconds:.2f} s"
# Seconds before cosmic-ray's timeout at which a hanging run is stopped here.
MARGIN = 5.0


def chosen_transactions() -> tuple[list[str], str | None]:
    """The transactions to name on the command line (none: all), and why, when the run
    selects them from a trace."""
    traced = os.environ.get("MUTANT_REACH")
    if not traced:
        return [], None
    selection = Reach.load(Path(traced)).select(Path.cwd())
    return selection.names or [], selection.why


def main() -> int:
    started = time.monotonic()
    names, why = chosen_transactions()
    limit = os.environ.get("MUTANT_TIMEOUT")
    deadline = max(float(limit) - MARGIN, 1.0) if limit else None
    with tempfile.TemporaryDirectory(prefix="mutant-reports-") as reports:
        command = [sys.executable, "-m", "harness.cli", "run", "--fail-fast", "--reports", reports]
        run = subprocess.Popen(
            [*command, *names],
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
    if why:
        print(f"contract-test: {why}")
    print("\n".join(output.splitlines()[-KEPT_LINES:]))
    print(TRAILER.format(code=code, seconds=time.monotonic() - started), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
