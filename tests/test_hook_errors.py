"""A hook that raises fails its own transaction only, and says why, in the real contract.

The project's contract runs under real Dredd against the reference server, with one
extra hook file after the project's own: a ``before`` hook that raises for one
transaction and an ``after`` hook that raises for another. Every other transaction
(including the ones right after them, which start from the database the failed ones
left) must still pass, and the output must carry each traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dredd_hooks_runtime import dredd_hook_args
from harness import blueprint
from harness.testing import (
    HOOKS_DIR,
    PROJECT_ROOT,
    compile_contract,
    ensure_dredd,
    read_xunit,
    reference_server,
)

pytestmark = pytest.mark.e2e

RAISES_BEFORE = "Discount Codes > Discount Code Collection > List All Discount Codes"
RAISES_AFTER = "Discount Codes > Discount Code > Update Ticket Discount Code"

EXTRA_HOOKS = f"""
import dredd_hooks_runtime as hooks


@hooks.before({RAISES_BEFORE!r})
def seeding_goes_wrong(transaction):
    raise ValueError("the seeding of this scenario broke")


@hooks.after({RAISES_AFTER!r})
def checking_goes_wrong(transaction):
    checked = {{}}
    checked["a key that is not there"]
"""


@pytest.fixture(scope="module")
def contract_with_raising_hooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One run of the whole contract with the extra hook file; its report and output."""
    scratch = tmp_path_factory.mktemp("hook-errors")
    contract = blueprint.build()
    names = [t.name for t in compile_contract(contract).transactions]
    assert {RAISES_BEFORE, RAISES_AFTER} <= set(names), "pick transactions the contract has"
    extra = scratch / "raising_hooks.py"
    extra.write_text(EXTRA_HOOKS, encoding="utf-8")
    xunit, output = scratch / "contract.xml", scratch / "output.txt"
    database_url = f"sqlite:///{scratch / 'contract.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]),
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])
        ),
    }
    env.pop("CONTRACT_RESULTS", None)
    hookfiles = [str(HOOKS_DIR / "[a-z]*.py"), str(extra)]
    with reference_server(database_url, scratch / "server.log") as endpoint:
        command = [
            ensure_dredd(),
            str(contract),
            endpoint,
            *dredd_hook_args(hookfiles),
            "--reporter",
            "xunit",
            "--output",
            str(xunit),
            "--loglevel",
            "warning",
            # As harness runs it: without the preload's parse cache and its fix of Dredd's
            # quadratic copy of the parsed contract, this run alone takes minutes.
            "--require",
            str(PROJECT_ROOT / "harness" / "dredd_preload.js"),
        ]
        # Dredd's console to a file: through a pipe its last lines can be lost at exit.
        with output.open("w") as sink:
            exit_code = subprocess.call(
                command, cwd=scratch, env=env, stdout=sink, stderr=subprocess.STDOUT, timeout=600
            )
    text = re.sub(r"\x1b\[[0-9;]*m", "", output.read_text(errors="replace"))
    return {"exit": exit_code, "report": read_xunit(xunit), "output": text, "names": names}


def test_only_the_two_transactions_whose_hooks_raised_fail(contract_with_raising_hooks) -> None:
    run = contract_with_raising_hooks
    report = run["report"]
    failed = {case.name for case in report.cases if case.outcome in ("failed", "error")}
    assert failed == {RAISES_BEFORE, RAISES_AFTER}, run["output"][-3000:]
    assert report.count("passed") == len(run["names"]) - 2
    assert report.total == len(run["names"])
    assert run["exit"] == 1


def test_the_transactions_after_them_pass(contract_with_raising_hooks) -> None:
    run = contract_with_raising_hooks
    outcomes = {case.name: case.outcome for case in run["report"].cases}
    names = run["names"]
    for broken in (RAISES_BEFORE, RAISES_AFTER):
        following = names[names.index(broken) + 1]
        assert outcomes[following] == "passed", following


def test_each_failure_names_the_hook_and_the_error(contract_with_raising_hooks) -> None:
    run = contract_with_raising_hooks
    messages = {case.name: case.message for case in run["report"].cases}
    assert (
        "hook seeding_goes_wrong raised: ValueError: the seeding of this scenario broke"
        in messages[RAISES_BEFORE]
    )
    assert "hook checking_goes_wrong raised: KeyError" in messages[RAISES_AFTER]
    output = run["output"]
    assert "Failed in before hook:" in output
    assert "Failed in after hook:" in output


def test_the_tracebacks_are_in_the_output(contract_with_raising_hooks) -> None:
    output = contract_with_raising_hooks["output"]
    for hook, line in (
        ("seeding_goes_wrong", 'raise ValueError("the seeding of this scenario broke")'),
        ("checking_goes_wrong", 'checked["a key that is not there"]'),
    ):
        found = re.search(
            rf"hook {hook} raised:\nTraceback \(most recent call last\):\n"
            rf'  File "[^"]*raising_hooks\.py", line \d+, in {hook}\n    {re.escape(line)}\n',
            output,
        )
        assert found, output[-3000:]


def test_no_other_traceback_in_the_output(contract_with_raising_hooks) -> None:
    output = contract_with_raising_hooks["output"]
    assert output.count("Traceback (most recent call last):") == 2, output
