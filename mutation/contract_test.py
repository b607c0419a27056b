"""The test every mutant faces: ``harness run --fail-fast`` on the tree it is run in.

cosmic-ray keeps only a test command's standard output, and the harness says why a run
broke (a server that did not start, hooks that did not load) on standard error; this
merges the two, keeps the end of it, and adds the exit status and the time, so the
report can say what killed each mutant and what it cost.

    python -m mutation.contract_test
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

KEPT_LINES = 60  # the end of the run: the first failure, the verdict, or the traceback
TRAILER = "contract-test: exit {code} after {seconds:.2f} s"


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutant-reports-") as reports:
        run = subprocess.run(
            [sys.executable, "-m", "harness.cli", "run", "--fail-fast", "--reports", reports],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
    print("\n".join(run.stdout.splitlines()[-KEPT_LINES:]))
    print(TRAILER.format(code=run.returncode, seconds=time.monotonic() - started), flush=True)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
