"""Running the contract: build the blueprint, start the server, run Dredd, judge the run.

A run passes only when Dredd ran exactly the transactions the blueprint declares (it
drops some silently), none was skipped, and none failed or errored.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness import blueprint
from harness._dredd import HarnessError, ensure_dredd
from harness._paths import CONTRACT, DREDD_CONFIG, PROJECT_ROOT, REPORTS_DIR
from harness._report import ContractReport, read_xunit
from harness._server import reference_server
from harness.hooks_runtime.dredd_options import dredd_hook_args


@dataclass
class ContractRun:
    expected: int
    report: ContractReport
    wall_seconds: float
    dredd_exit: int
    xunit: Path
    problems: list[str] = field(default_factory=list)

    def failed_names(self) -> set[str]:
        return {case.name for case in self.report.cases if case.outcome in ("failed", "error")}

    @property
    def passed(self) -> bool:
        return not self.problems


def run_contract(
    *,
    database_url: str | None = None,
    endpoint: str | None = None,
    reports_dir: Path = REPORTS_DIR,
    quiet: bool = False,
    extra_args: list[str] | None = None,
) -> ContractRun:
    """Run the whole contract.

    Without ``endpoint`` the reference server is started for the run on ``database_url``
    (default: a fresh SQLite file). With ``endpoint``, that server is tested; the hooks
    seed ``database_url``, which must be the database it uses.
    """
    if endpoint and not database_url:
        raise HarnessError("a server started elsewhere needs --database-url: the hooks seed it")
    started = time.monotonic()
    dredd = ensure_dredd()
    contract = blueprint.build()
    expected = blueprint.expected_transaction_count(contract.read_text(encoding="utf-8"))
    reports_dir.mkdir(parents=True, exist_ok=True)
    xunit = reports_dir / "contract.xml"
    xunit.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="contract-") as scratch, ExitStack() as stack:
        database_url = database_url or f"sqlite:///{Path(scratch) / 'contract.sqlite3'}"
        if endpoint is None:
            endpoint = stack.enter_context(
                reference_server(database_url, reports_dir / "server.log")
            )
        config = run_config(Path(scratch), endpoint=endpoint, xunit=xunit)
        env = {**os.environ, "DATABASE_URL": database_url, "PATH": _path_with_interpreter()}
        command = [dredd, "--config", str(config), *dredd_hook_args(hookfiles(config))]
        output = subprocess.DEVNULL if quiet else None
        dredd_exit = subprocess.run(
            [*command, *(extra_args or [])], cwd=PROJECT_ROOT, env=env, stdout=output
        ).returncode
    if not xunit.exists():
        raise HarnessError(f"Dredd wrote no report (exit {dredd_exit}); see its output above")
    run = ContractRun(expected, read_xunit(xunit), time.monotonic() - started, dredd_exit, xunit)
    run.problems = judge(run)
    return run


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


def hookfiles(config: Path) -> list[str]:
    files = yaml.safe_load(config.read_text(encoding="utf-8")).get("hookfiles") or []
    return [files] if isinstance(files, str) else list(files)


def judge(run: ContractRun) -> list[str]:
    report = run.report
    problems = []
    if report.total != run.expected:
        problems.append(
            f"Dredd ran {report.total} transactions but the blueprint declares {run.expected}:"
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
        f"contract: tests took {report.seconds:.2f} s, whole run {run.wall_seconds:.2f} s;"
        f" report: {_shown(run.xunit)}",
    ]
    lines += [f"contract: FAILED: {problem}" for problem in run.problems]
    return "\n".join(lines)


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT)) if path.is_relative_to(PROJECT_ROOT) else str(path)


def _path_with_interpreter() -> str:
    """PATH with this interpreter's scripts first, so Dredd finds the hooks handler."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
