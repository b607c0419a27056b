"""cosmic-ray's session: the configuration, ``init``, ``exec`` and ``dump``.

cosmic-ray is driven through its command line, as documented; its API is used to make
the diff of a mutant not yet run, and to record results before the run, as its own
filters do: mutants the sample leaves out (skipped), mutants that are not valid Python
(incompetent).
"""

from __future__ import annotations

import difflib
import json
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from mutation.mutants import Mutant

COSMIC_RAY = [sys.executable, "-m", "cosmic_ray.cli"]


def write_config(
    path: Path, *, modules: list[str], test_command: str, timeout: float, worker_urls: list[str]
) -> Path:
    """A cosmic-ray configuration: every core operator, the http distributor."""
    text = "\n".join(
        [
            "[cosmic-ray]",
            f"module-path = {json.dumps(modules)}",
            f"timeout = {timeout:.1f}",
            "excluded-modules = []",
            f"test-command = {json.dumps(test_command)}",
            "",
            "[cosmic-ray.distributor]",
            'name = "http"',
            "",
            "[cosmic-ray.distributor.http]",
            f"worker-urls = {json.dumps(worker_urls)}",
            "",
        ]
    )
    path.write_text(text, encoding="utf-8")
    return path


def init(config: Path, session: Path, tree: Path) -> None:
    """Find every mutant; run in a copy of the tree, so module paths are relative."""
    subprocess.run([*COSMIC_RAY, "init", str(config), str(session)], cwd=tree, check=True)


def execute(config: Path, session: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:
        return subprocess.Popen(
            [*COSMIC_RAY, "exec", str(config), str(session)],
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )


def dump(session: Path) -> list[str]:
    listed = subprocess.run(
        [*COSMIC_RAY, "dump", str(session)], capture_output=True, text=True, check=True
    )
    return listed.stdout.splitlines()


def finished(session: Path, after: int) -> list[tuple[int, str, str | None, str | None]]:
    """Results recorded since row ``after``: (row, job id, test outcome, output).

    Read with sqlite3 while cosmic-ray writes the session, for the progress lines.
    """
    with sqlite3.connect(f"file:{session}?mode=ro", uri=True, timeout=10) as db:
        return db.execute(
            "SELECT rowid, job_id, test_outcome, output FROM work_results"
            " WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()


def describe(mutants: Iterable[Mutant], tree: Path) -> list[tuple[Mutant, str | None]]:
    """Each of ``mutants`` with the diff its mutation makes in ``tree``, and why the
    mutated module is not valid Python (``None`` when it is).

    cosmic-ray replaces the ``*`` that starts keyword-only parameters as if it were a
    multiplication; such a mutant cannot even be imported.
    """
    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.plugins import get_operator

    described = []
    for mutant in mutants:
        source = (tree / mutant.module).read_text(encoding="utf-8")
        mutated = mutate_code(source, get_operator(mutant.operator)(), mutant.occurrence)
        diff = difflib.unified_diff(
            source.split("\n"),
            (mutated or source).split("\n"),
            f"a/{mutant.module}",
            f"b/{mutant.module}",
            lineterm="",
        )
        described.append((replace(mutant, diff="\n".join(diff)), _invalid(mutated, mutant.module)))
    return described


def _invalid(source: str | None, name: str) -> str | None:
    if source is None:
        return "cosmic-ray found nothing to mutate"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "is" with a literal: valid, if odd
            compile(source, name, "exec")
    except SyntaxError as error:
        return f"not valid Python: {error.msg} (line {error.lineno})"
    return None


def mark_incompetent(session: Path, reasons: dict[str, tuple[str, str]]) -> None:
    """Record mutants that cannot be tested (job id -> (diff, why)) as incompetent."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        for job_id, (diff, why) in reasons.items():
            db.set_result(
                job_id,
                WorkResult(
                    worker_outcome=WorkerOutcome.NORMAL,
                    test_outcome=TestOutcome.INCOMPETENT,
                    output=why,
                    diff=f"--- mutation diff ---\n{diff}",
                ),
            )


def mark_skipped(session: Path, reasons: dict[str, str]) -> None:
    """Record mutants left out of the run (job id -> why) as skipped."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    with use_db(str(session), WorkDB.Mode.open) as db:
        for job_id, why in reasons.items():
            db.set_result(job_id, WorkResult(worker_outcome=WorkerOutcome.SKIPPED, output=why))
