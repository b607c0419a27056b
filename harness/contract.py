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
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dredd_hooks_runtime import WarmHandler, WarmHandlerError, dredd_hook_args
from harness import _preflight, _processes, authoring, blueprint, results_log
from harness._console import DreddConsole, failed_transaction
from harness._dredd import ensure_dredd
from harness._paths import CONTRACT, DREDD_CONFIG, PROJECT_ROOT, REPORTS_DIR
from harness._processes import Interrupted
from harness._report import ContractReport, TestCase, read_xunit
from harness._server import TEST_SETTINGS, RunningServer, log_tail, started_server
from harness._summary import write_reports
from harness._transactions import Transaction, compile_contract
from harness.errors import HarnessError, HooksNotReady
from seeders import variables

# What Dredd logs for a transaction whose request found no server.
UNREACHABLE = "Error connecting to server under test"


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
    # Why the run was broken off before Dredd was done (the server exited), if it was.
    broken_off: str | None = None
    # The signal (SIGINT, SIGTERM) that stopped the run, if one did.
    interrupted: int | None = None

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
    """What ``harness hooks check`` lists; a blueprint that does not compile is among
    them (located), not an error that hides the rest."""
    compilation = compile_contract(blueprint.build())
    hooks = authoring.registered_hooks(authoring.hook_files())
    return authoring.check(compilation, hooks, authoring.declared_count())


def run_contract(
    *,
    patterns: Sequence[str] = (),
    database_url: str | None = None,
    endpoint: str | None = None,
    reports_dir: Path = REPORTS_DIR,
    quiet: bool = False,
    one_line_per_rule: bool = False,
    hooks_environment: dict[str, str] | None = None,
    write_summary: Callable[[list[results_log.Result], Path], list[Path]] = write_reports,
    stem: str = "contract",
    fail_fast: bool = False,
    database_option: str | None = "--database-url",
) -> ContractRun:
    """Run the contract, or the transactions matching ``patterns``.

    Without ``endpoint`` the reference server is started for the run on ``database_url``
    (default: a fresh SQLite file). With ``endpoint``, that server is tested; the hooks
    seed ``database_url``, which must be the database it uses, unless
    ``hooks_environment`` chooses a seeder that needs none (conformance, ``harness.conform``).
    Reports are ``{stem}.xml`` and what ``write_summary`` writes. ``one_line_per_rule``:
    the console shows each transaction's result line and nothing of Dredd's details.
    ``fail_fast`` stops Dredd at the first failing transaction: the run fails at once (no
    xunit report then, the other reports hold what ran). So does a server that exits during
    the run, and a signal (``Interrupted``: ``interrupted`` is set on the run, which is returned).

    Before anything starts, the reports directory, ``database_url`` (named
    ``database_option`` in messages; ``None``: not checked, the caller made it), the
    endpoint and the blueprint are checked (``harness._preflight``).
    """
    hooks_environment = hooks_environment or {}
    if endpoint and not database_url and hooks_environment.get(variables.SEEDER) != "api":
        raise HarnessError("a server started elsewhere needs --database-url: the hooks seed it")
    started = time.monotonic()
    # Pre-flight: each of these would otherwise show as every transaction failing (or a
    # traceback of the hooks process), not as its cause.
    _preflight.reports_writable(reports_dir)
    if database_url and database_option:
        _preflight.database_connects(database_url, database_option)
    if endpoint:
        _preflight.endpoint_answers(endpoint)
    dredd = ensure_dredd()
    contract = blueprint.build()
    compilation = _preflight.compiled(contract)
    chosen = select(compilation.transactions, patterns)
    if not chosen:
        raise HarnessError(f"no transaction matches {' or '.join(map(repr, patterns))}")
    declared = blueprint.expected_transaction_count(contract.read_text(encoding="utf-8"))
    expected = declared if not patterns else len(chosen)
    wanted = {t.name for t in chosen}
    interrupted: Interrupted | None = None
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
        _processes.adopt(warm.process)
        stack.callback(_processes.forget, warm.process)  # runs before it is stopped
        server = None
        if endpoint is None:
            server = stack.enter_context(started_server(database_url, scratch / "server.log"))
        watch = _watch(server, endpoint)
        endpoint = endpoint or server.url  # type: ignore[union-attr]
        try:
            registered = warm.registered()
        except WarmHandlerError as error:
            raise HarnessError(f"the hooks handler did not load the hook files: {error}") from error
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
        console = DreddConsole(
            len(chosen),
            selecting=bool(patterns),
            names=wanted,
            locate=blueprint.SourceMap().location,
            brief=one_line_per_rule,
        )
        dredd_started = time.monotonic()
        dredd_exit, stopped_at, broken_off = -1, None, None
        try:
            dredd_exit, stopped_at, broken_off = _run_dredd(
                command,
                env,
                console,
                quiet,
                scratch / "dredd.log",
                stop_at=wanted if fail_fast else (),
                watch=watch,
            )
        except Interrupted as caught:
            # Dredd is stopped; the server and the hooks handler next, before the reports.
            interrupted = caught
            stack.close()
        recorded = results_log.read(results)
        if patterns:
            recorded = [r for r in recorded if r.name in wanted]
        if broken_off is not None:
            answered = sum(r.real_status is not None for r in recorded)
            broken_off += f" after {answered} transaction{'s' if answered != 1 else ''}"
            broken_off += log_tail(server.log) if server else ": it refuses connections"
        if stopped_at is not None or broken_off is not None or interrupted is not None:
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
        stack.close()  # the server's log is complete once it has stopped
        written = write_summary(recorded, scratch)
        reports = _move_into(reports_dir, [*reported, *written, scratch / "server.log"])
    run = ContractRun(expected, report, time.monotonic() - started, dredd_exit, reports)
    run.results = recorded
    run.stopped_at = stopped_at
    run.broken_off = broken_off
    run.interrupted = interrupted.signum if interrupted is not None else None
    run.problems = judge(run)
    return run


def _watch(server: RunningServer | None, endpoint: str | None) -> Callable[[list[str]], str | None]:
    """What ends the run early: the server the harness started exiting, or a server
    started elsewhere no longer accepting connections once Dredd could not reach it."""
    if server is not None:
        return lambda _lines: server.exited()

    def unreachable(lines: list[str]) -> str | None:
        if endpoint and any(UNREACHABLE in line for line in lines):
            if not _preflight.still_answers(endpoint):
                return f"the server at {endpoint} stopped answering"
        return None

    return unreachable


def _run_dredd(
    command: list[str],
    env: dict[str, str],
    console: DreddConsole,
    quiet: bool,
    log: Path,
    stop_at: Collection[str] = (),
    watch: Callable[[list[str]], str | None] = lambda _lines: None,
) -> tuple[int, str | None, str | None]:
    """Run Dredd with its output going to ``log``, echoed through ``console`` as it grows;
    its exit status, the transaction in ``stop_at`` whose failure stopped it, if any, and
    why ``watch`` (given each batch of new lines) broke the run off, if it did.

    Dredd runs in a process group of its own (with the hooks handler it spawns); however
    this ends, an exception included (``Interrupted``), the group is stopped.

    A file, not a pipe: Node writes to pipes asynchronously and Dredd exits without
    draining them, so the last lines (the "complete" summary) can be lost on a pipe.
    """
    stopped_at = broken_off = None
    with log.open("w") as output, log.open(errors="replace") as reader:
        process = _processes.popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            pending = ""
            while stopped_at is None and broken_off is None:
                finished = process.poll() is not None
                pending += reader.read()
                *lines, pending = pending.split("\n")
                for line in lines:
                    if not quiet:
                        console.line(line)
                    if stopped_at is None and failed_transaction(line) in stop_at:
                        stopped_at = failed_transaction(line)
                broken_off = watch(lines)
                if finished:
                    break
                if stopped_at is None and broken_off is None:
                    time.sleep(0.05)
            if stopped_at is None and broken_off is None and pending and not quiet:
                console.line(pending)
        finally:
            _processes.stop(process)
    if not quiet:
        console.close()
    return process.returncode, stopped_at, broken_off


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
    if run.interrupted is not None:
        name = signal.Signals(run.interrupted).name
        return [f"interrupted by {name} after {report.total} of {run.expected} transactions"]
    if run.broken_off is not None:
        return [run.broken_off]
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
