"""Running the contract: check the hooks, start the server, run Dredd, judge the run.

A run passes only when the hooks match the transactions, Dredd ran exactly the
transactions selected (it drops some silently), none was skipped, and none failed.
With ``fail_fast`` Dredd is stopped at the first failure (Dredd 14 has no such option).
Each run works in a scratch directory and moves its reports into place at the end, so
two runs on one machine do not write into each other's files.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness import authoring, blueprint, results_log
from harness._console import DreddConsole, failed_transaction
from harness._dredd import HarnessError, ensure_dredd
from harness._paths import CONTRACT, DREDD_CONFIG, PROJECT_ROOT, REPORTS_DIR
from harness._report import ContractReport, TestCase, read_xunit
from harness._server import TEST_SETTINGS, reference_server
from harness._summary import write_reports
from harness._transactions import Transaction, compile_contract
from harness.hooks_runtime.dredd_options import dredd_hook_args
from harness.hooks_runtime.warm import WarmHandler


@dataclass
class ContractRun:
    expected: int
    report: ContractReport
    wall_seconds: float
    dredd_exit: int
    reports: list[Path]
    problems: list[str] = field(default_factory=list)
    results: list[results_log.Result] = field(default_factory=list)
    # With fail_fast: the transaction whose failure stopped Dredd, if one did.
    stopped_at: str | None = None

    def failed_names(self) -> set[str]:
        return {case.name for case in self.report.cases if case.outcome in ("failed", "error")}

    @property
    def passed(self) -> bool:
        return not self.problems


def select(transactions: Sequence[Transaction], patterns: Sequence[str]) -> list[Transaction]:
    """The transactions whose name contains a pattern, or matches it as a glob (all if none)."""
    if not patterns:
        return list(transactions)
    return [
        t
        for t in transactions
        if any(p in t.name or fnmatch.fnmatchcase(t.name, p) for p in patterns)
    ]


def check_hooks() -> list[authoring.Problem]:
    compilation = compile_contract(blueprint.build())
    hooks = authoring.registered_hooks(authoring.hook_files())
    return authoring.check(compilation, hooks, authoring.declared_count())


class HooksNotReady(HarnessError):
    """The hooks do not match the transactions (``authoring.check``): nothing was run."""

    def __init__(self, problems: list[authoring.Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) with the hooks")
        self.problems = problems


def run_contract(
    *,
    patterns: Sequence[str] = (),
    database_url: str | None = None,
    endpoint: str | None = None,
    reports_dir: Path = REPORTS_DIR,
    quiet: bool = False,
    hooks_environment: dict[str, str] | None = None,
    write_summary: Callable[[list[results_log.Result], Path], list[Path]] = write_reports,
    stem: str = "contract",
    fail_fast: bool = False,
) -> ContractRun:
    """Run the contract, or the transactions matching ``patterns``.

    Without ``endpoint`` the reference server is started for the run on ``database_url``
    (default: a fresh SQLite file). With ``endpoint``, that server is tested; the hooks
    seed ``database_url``, which must be the database it uses, unless
    ``hooks_environment`` chooses a seeder that needs none (conformance, ``harness.conform``).
    Reports are ``{stem}.xml`` and what ``write_summary`` writes. ``fail_fast`` stops
    Dredd at the first failing transaction: the run fails at once (no xunit report then,
    the other reports hold what ran).
    """
    hooks_environment = hooks_environment or {}
    if endpoint and not database_url and hooks_environment.get("CONTRACT_SEEDER") != "api":
        raise HarnessError("a server started elsewhere needs --database-url: the hooks seed it")
    started = time.monotonic()
    dredd = ensure_dredd()
    contract = blueprint.build()
    compilation = compile_contract(contract)
    chosen = select(compilation.transactions, patterns)
    if not chosen:
        raise HarnessError(f"no transaction matches {' or '.join(map(repr, patterns))}")
    declared = blueprint.expected_transaction_count(contract.read_text(encoding="utf-8"))
    expected = declared if not patterns else len(chosen)
    with tempfile.TemporaryDirectory(prefix="contract-") as scratch_name, ExitStack() as stack:
        scratch = Path(scratch_name)
        database_url = database_url or f"sqlite:///{scratch / 'contract.sqlite3'}"
        xunit, results = scratch / f"{stem}.xml", scratch / "results.jsonl"
        env = {
            **TEST_SETTINGS,
            **os.environ,
            "DATABASE_URL": database_url,
            results_log.ENVIRONMENT_VARIABLE: str(results),
            "PATH": _path_with_interpreter(),
            **hooks_environment,
        }
        # The hook files load in a warm process while the server starts; what they
        # registered is checked against the transactions before Dredd is started.
        files = [str(path) for path in authoring.hook_files()]
        warm = stack.enter_context(WarmHandler(files, env=env, cwd=PROJECT_ROOT))
        if endpoint is None:
            endpoint = stack.enter_context(reference_server(database_url, scratch / "server.log"))
        registered = warm.registered()
        if warm.load_error is not None:
            raise HarnessError(f"{warm.load_output.rstrip()}\n{warm.load_error}")
        problems = authoring.check(compilation, registered, declared)
        if problems:
            raise HooksNotReady(problems)
        env |= warm.dredd_environment()
        config = run_config(scratch, endpoint=endpoint, xunit=xunit)
        only = [arg for t in chosen for arg in ("--only", t.name)] if patterns else []
        command = [
            dredd,
            "--config",
            str(config),
            *dredd_hook_args(files, warm=warm),
            *only,
        ]
        console = DreddConsole(len(chosen), selecting=bool(patterns))
        wanted = {t.name for t in chosen}
        dredd_started = time.monotonic()
        dredd_exit, stopped_at = _run_dredd(
            command, env, console, quiet, scratch / "dredd.log", stop_at=wanted if fail_fast else ()
        )
        recorded = results_log.read(results)
        if patterns:
            recorded = [r for r in recorded if r.name in wanted]
        if stopped_at is not None:
            # Dredd was stopped half-way through its xunit file: what ran is in the record,
            # and an earlier run's xunit report must not pass for this one's.
            report = _report_from(recorded, time.monotonic() - dredd_started)
            reported = []
            (reports_dir / xunit.name).unlink(missing_ok=True)
        elif not xunit.exists():
            raise HarnessError(f"Dredd wrote no report (exit {dredd_exit}); see its output above")
        else:
            report, reported = read_xunit(xunit), [xunit]
        if patterns:
            # Dredd reports the transactions left out by --only as skipped: not this run's.
            report = ContractReport([c for c in report.cases if c.name in wanted], report.seconds)
        written = write_summary(recorded, scratch)
        reports = _move_into(reports_dir, [*reported, *written, scratch / "server.log"])
    run = ContractRun(expected, report, time.monotonic() - started, dredd_exit, reports)
    run.results = recorded
    run.stopped_at = stopped_at
    run.problems = judge(run)
    return run


def _run_dredd(
    command: list[str],
    env: dict[str, str],
    console: DreddConsole,
    quiet: bool,
    log: Path,
    stop_at: Collection[str] = (),
) -> tuple[int, str | None]:
    """Run Dredd with its output going to ``log``, echoed through ``console`` as it grows;
    its exit status, and the transaction in ``stop_at`` whose failure stopped it, if any.

    A file, not a pipe: Node writes to pipes asynchronously and Dredd exits without
    draining them, so the last lines (the "complete" summary) can be lost on a pipe.
    """
    stopped_at = None
    with log.open("w") as output, log.open(errors="replace") as reader:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        pending = ""
        while stopped_at is None:
            finished = process.poll() is not None
            pending += reader.read()
            *lines, pending = pending.split("\n")
            for line in lines:
                if not quiet:
                    console.line(line)
                if stopped_at is None and failed_transaction(line) in stop_at:
                    stopped_at = failed_transaction(line)
            if finished:
                break
            if stopped_at is None:
                time.sleep(0.05)
        if stopped_at is not None:
            _stop(process)
        elif pending and not quiet:
            console.line(pending)
    if not quiet:
        console.close()
    return process.returncode, stopped_at


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End Dredd: its hooks handler ends with the warm process, stopped after the run."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _report_from(recorded: list[results_log.Result], seconds: float) -> ContractReport:
    """A report of the transactions the hooks recorded, for a run Dredd did not finish."""
    outcomes = {"pass": "passed", "fail": "failed", "skip": "skipped"}
    cases = [TestCase(r.name, 0.0, outcomes[r.outcome], r.message) for r in recorded]
    return ContractReport(cases, seconds)


def _move_into(directory: Path, files: list[Path]) -> list[Path]:
    """Move finished reports into ``directory``, each replaced in one step."""
    directory.mkdir(parents=True, exist_ok=True)
    moved = []
    for file in files:
        if file.exists():
            target = directory / file.name
            staging = directory / f".{file.name}.{os.getpid()}"
            shutil.copyfile(file, staging)
            os.replace(staging, target)
            moved.append(target)
    return moved


def run_config(directory: Path, *, endpoint: str, xunit: Path) -> Path:
    """``dredd.yml`` adapted to this run: Dredd ignores positional arguments as soon as it
    reads a configuration file, so the run's endpoint goes into a copy of it. The harness
    starts the server itself, so the copy has no ``server`` command."""
    config = yaml.safe_load(DREDD_CONFIG.read_text(encoding="utf-8"))
    config.update(
        blueprint=str(CONTRACT), endpoint=endpoint, reporter=["xunit"], output=[str(xunit)]
    )
    config.pop("server", None)
    config.pop("server-wait", None)
    path = directory / "dredd.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def judge(run: ContractRun) -> list[str]:
    report = run.report
    if run.stopped_at is not None:
        return [
            f"stopped at the first failure (--fail-fast), after {report.total} of"
            f" {run.expected} transactions: {run.stopped_at}"
        ]
    problems = []
    if report.total != run.expected:
        problems.append(
            f"Dredd ran {report.total} transactions but {run.expected} were selected:"
            " some were dropped (a URI parameter without an example, or a second response"
            " under one request)"
        )
    for outcome in ("failed", "error", "skipped"):
        if report.count(outcome):
            problems.append(f"{report.count(outcome)} transaction(s) {outcome}")
    if run.dredd_exit != 0 and not problems:
        problems.append(f"Dredd exited with status {run.dredd_exit}")
    return problems


def summary(run: ContractRun) -> str:
    report = run.report
    lines = [
        f"contract: {report.count('passed')} passed, {report.count('failed')} failed,"
        f" {report.count('error')} errors, {report.count('skipped')} skipped,"
        f" {report.total} of {run.expected} expected transactions",
        f"contract: tests took {report.seconds:.2f} s, whole run {run.wall_seconds:.2f} s",
        "contract: reports: " + ", ".join(_shown(path) for path in run.reports),
    ]
    lines += [f"contract: FAILED: {problem}" for problem in run.problems]
    return "\n".join(lines)


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def _path_with_interpreter() -> str:
    """PATH with this interpreter's scripts first, so Dredd finds the hooks handler."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
