"""End to end: Dredd 14 runs Python hooks through ``python -m dredd_hooks_runtime``.

A Dredd run is mostly Node start-up (~1 s of CPU), so every scenario below
is run once, as many at a time as there are cores, and the tests read the
results.
"""

from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from hooks_runtime_support import SECRET, Run, RunDredd, blueprint

pytestmark = pytest.mark.e2e

HEADER = "import dredd_hooks_runtime as hooks\n"
ITEMS = [f"/item/{n}" for n in range(30)]

MIXED_HOOKS = (
    HEADER
    + f"""
import os
import sys

print("hook file loaded in", os.getpid())

@hooks.before_all
def remember(transactions):
    hooks.stash["token"] = {SECRET!r}
    print("handler python", sys.version_info[:2])
    print("handler parent", os.getppid())

@hooks.before_each
def talk(transaction):
    print("print from hook:", transaction["name"])
    if transaction["name"] == "a > Get":
        print("stderr from hook", file=sys.stderr)
        os.system("echo output of a subprocess")

@hooks.before("secret-1 > Get")
def authorise(transaction):
    transaction["request"]["headers"]["X-Token"] = hooks.stash["token"]

@hooks.before("b > Get")
def explode(transaction):
    raise ValueError("boom before")

@hooks.after("c > Get")
def explode_later(transaction):
    {{}}["missing"]
"""
)

CONCURRENT_HOOKS = (
    HEADER
    + """
@hooks.before_each
def authorise(transaction):
    transaction["request"]["headers"]["X-Token"] = "letmein"
"""
)

# The first two start together, so they always overlap.
SCENARIOS: dict[str, tuple[str, str | dict[str, str], dict[str, Any]]] = {
    "concurrent-1": (blueprint("/secret/1", "/secret/2"), CONCURRENT_HOOKS, {}),
    "concurrent-2": (blueprint("/secret/1", "/secret/2"), CONCURRENT_HOOKS, {}),
    "mixed": (blueprint("/secret/1", "/a", "/b", "/c", "/d", *ITEMS), MIXED_HOOKS, {}),
    "before-all-error": (
        blueprint("/a", "/b"),
        HEADER + "@hooks.before_all\ndef seed(ts):\n    raise RuntimeError('database is down')\n",
        {},
    ),
    "after-all-error": (
        blueprint("/a"),
        HEADER + "@hooks.after_all\ndef teardown(ts):\n    raise RuntimeError('cleanup failed')\n",
        {"timeout_ms": 30_000},
    ),
    "broken-file": (blueprint("/a", "/b"), HEADER + "import module_that_does_not_exist\n", {}),
    "plain-file-output": (
        blueprint("/a", "/b"),
        HEADER + "@hooks.before_each\ndef talk(t):\n    print('from hook:', t['name'])\n",
        {"output_to_files": True},
    ),
}
# The same with the hook files loaded ahead of Dredd by a warm process, as ``harness run``
# does: every behaviour above must be the same.
WARMED = ("mixed", "before-all-error", "after-all-error", "broken-file", "plain-file-output")
SCENARIOS |= {
    f"{name}-warm": (SCENARIOS[name][0], SCENARIOS[name][1], {**SCENARIOS[name][2], "warm": True})
    for name in WARMED
}
# Dredd sends only the events the hook files listen to: here beforeEach, and
# beforeEachValidation for the one named before_validation hook.
SCENARIOS["events-warm"] = (
    blueprint("/a", "/b", "/c"),
    HEADER
    + """
@hooks.before_each
def nothing(transaction):
    pass
""",
    {"warm": True, "dredd_args": ("--loglevel", "debug")},
)
SCENARIOS["validation-events-warm"] = (
    blueprint("/a", "/b"),
    HEADER
    + """
@hooks.before_validation("a > Get")
def judge(transaction):
    transaction["fail"] = "judged in before_validation"
""",
    {"warm": True, "dredd_args": ("--loglevel", "debug")},
)
# Hook files named out of order: Dredd hands them to its handler sorted by file name,
# and the warm process loads them in that order too (hooks of a kind run in load order).
ORDERED_HOOKS = {
    name: HEADER + f"@hooks.before_each\ndef say(t):\n    print('hook of {name}')\n"
    for name in ("z_last.py", "a_first.py")
}
SCENARIOS["file-order"] = (blueprint("/a"), ORDERED_HOOKS, {})
SCENARIOS["file-order-warm"] = (blueprint("/a"), ORDERED_HOOKS, {"warm": True})
# A warm process that loaded other hook files than Dredd names: the run fails, saying so
# (Dredd may be connected to the warm process's port already: nothing else can serve it).
SCENARIOS["warm-other-files"] = (
    blueprint("/secret/1", "/a"),
    CONCURRENT_HOOKS,
    {"warm": True, "warm_files": {"other.py": HEADER}},
)


@pytest.fixture(params=["cold", "warm"])
def start(request: pytest.FixtureRequest) -> str:
    """The scenario's name suffix: handler loading its hook files (cold) or handed them."""
    return "" if request.param == "cold" else "-warm"


@pytest.fixture(scope="module")
def runs(run_dredd: RunDredd) -> dict[str, Run]:
    # Node start-up is CPU-bound: more runs than cores at once gains nothing.
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        futures = {
            name: pool.submit(
                run_dredd,
                apib,
                hooks if isinstance(hooks, dict) else {"hooks.py": hooks},
                tag=name,
                **options,
            )
            for name, (apib, hooks, options) in SCENARIOS.items()
        }
        return {name: future.result() for name, future in futures.items()}


def test_named_before_hook_modifies_the_request(runs: dict[str, Run], start: str) -> None:
    # Without the X-Token header the server answers 401.
    assert re.search(r"^pass: GET \(200\) /secret/1 ", runs["mixed" + start].stdout, re.M)


def test_raising_hook_fails_only_its_own_transaction(runs: dict[str, Run], start: str) -> None:
    run = runs["mixed" + start]
    assert run.summary() == f"{3 + len(ITEMS)} passing, 2 failing, 0 errors", run.output
    assert run.returncode == 1
    assert re.search(r"^pass: GET \(200\) /a ", run.stdout, re.M)
    assert re.search(r"^pass: GET \(200\) /d ", run.stdout, re.M)
    # Dredd's report names the hook and the error under the failed transaction...
    assert re.search(
        r"fail: GET \(200\) /b duration: \d+ms\n"
        r"fail: Failed in before hook: before\('b > Get'\) hook explode raised: "
        r"ValueError: boom before\n",
        run.stdout,
    ), run.output
    assert re.search(
        r"fail: GET \(200\) /c duration: \d+ms\n"
        r"fail: Failed in after hook: after\('c > Get'\) hook explode_later raised: "
        r"KeyError: 'missing'\n",
        run.stdout,
    ), run.output
    # ...and the full traceback reaches the console without --loglevel debug.
    assert "Traceback (most recent call last):" in run.stderr
    assert 'raise ValueError("boom before")' in run.stderr
    assert "in explode_later" in run.stderr


def test_hook_output_is_shown_without_debug_logging(runs: dict[str, Run], start: str) -> None:
    run = runs["mixed" + start]
    assert "debug:" not in run.output
    # In order with Dredd's own report: printed before the transaction's result.
    assert re.search(r"print from hook: a > Get\n(.*\n)?pass: GET \(200\) /a ", run.stdout)
    assert "output of a subprocess" in run.stdout
    assert "stderr from hook" in run.stderr


def test_handler_runs_under_the_current_interpreter(runs: dict[str, Run], start: str) -> None:
    assert f"handler python {sys.version_info[:2]}" in runs["mixed" + start].stdout


def test_round_trips_do_not_stall_on_delayed_acks(runs: dict[str, Run], start: str) -> None:
    # Three round trips a transaction; a 40 ms delayed-ACK stall on each would
    # cost >= 120 ms a transaction. Without it one takes ~5 ms (more here, with
    # several Dredd runs sharing the CPU).
    run = runs["mixed" + start]
    transactions = 5 + len(ITEMS)
    assert run.took_ms() < transactions * 60, run.stdout


def test_concurrent_runs_use_their_own_ports(runs: dict[str, Run]) -> None:
    for name in ("concurrent-1", "concurrent-2"):
        run = runs[name]
        assert run.summary() == "2 passing, 0 failing, 0 errors", run.output
        assert run.returncode == 0


def test_before_all_error_fails_every_transaction(runs: dict[str, Run], start: str) -> None:
    run = runs["before-all-error" + start]
    assert run.summary() == "0 passing, 2 failing, 0 errors", run.output
    assert run.returncode == 1
    assert run.stdout.count("before_all hook seed raised: RuntimeError: database is down") == 2
    assert "raise RuntimeError('database is down')" in run.stderr


def test_after_all_error_fails_the_run_promptly(runs: dict[str, Run], start: str) -> None:
    run = runs["after-all-error" + start]
    assert run.returncode == 1, run.output
    assert "raise RuntimeError('cleanup failed')" in run.stderr
    assert re.search(r"Hooks handler process .* exited with status: 1", run.stderr)
    assert run.seconds < 20, "waited for the 30 s hook timeout"


def test_broken_hook_file_fails_every_transaction(runs: dict[str, Run], start: str) -> None:
    run = runs["broken-file" + start]
    assert run.summary() == "0 passing, 2 failing, 0 errors", run.output
    assert "hook files failed to load: ModuleNotFoundError" in run.stdout
    assert "import module_that_does_not_exist" in run.stderr


def test_output_to_a_plain_file_is_not_garbled(runs: dict[str, Run], start: str) -> None:
    # `dredd > out.txt`: Dredd writes at its own file offset, so the handler
    # must share Dredd's file description (or use Dredd's other stream), never
    # append behind Dredd's back.
    run = runs["plain-file-output" + start]
    assert run.returncode == 0, run.output
    assert run.summary() == "2 passing, 0 failing, 0 errors", run.output
    assert re.search(r"^pass: GET \(200\) /a duration: \d+ms$", run.stdout, re.M), run.stdout
    assert re.search(r"^pass: GET \(200\) /b duration: \d+ms$", run.stdout, re.M), run.stdout
    for name in ("a > Get", "b > Get"):
        assert f"from hook: {name}\n" in run.output


def test_warm_process_serves_the_run_from_its_loaded_hooks(runs: dict[str, Run]) -> None:
    run = runs["mixed-warm"]
    assert run.warm_pid is not None
    # Loaded once, ahead of Dredd, by the warm process; the run is served by its child.
    assert run.stdout.count("hook file loaded in") == 1, run.output
    assert f"hook file loaded in {run.warm_pid}\n" in run.stdout, run.output
    assert f"handler parent {run.warm_pid}\n" in run.stdout, run.output
    cold = runs["mixed"]
    assert "handler parent" in cold.stdout and f"handler parent {run.warm_pid}" not in cold.stdout


def test_a_warm_process_with_other_hook_files_fails_the_run_saying_why(
    runs: dict[str, Run],
) -> None:
    run = runs["warm-other-files"]
    assert run.returncode != 0, run.output
    assert "the warm hooks handler did not take the run" in run.stderr, run.output
    assert "Dredd asked for other hook files than were loaded" in run.stderr
    assert re.search(r"Hooks handler process .* exited with status: 1", run.stderr), run.output
    assert run.seconds < 30, "waited for hook timeouts"


def _sent(run: Run, event: str) -> int:
    """How many ``event`` messages Dredd sent the handler (its debug log names each)."""
    return len(re.findall(rf'"event": "{event}"', run.output))


def test_dredd_sends_only_the_events_the_hooks_listen_to(runs: dict[str, Run]) -> None:
    run = runs["events-warm"]
    assert run.summary() == "3 passing, 0 failing, 0 errors", run.output
    assert "Sending HTTP transaction data to hooks handler" in run.output
    # No beforeAll or afterAll (no hooks of theirs); beforeEach for each transaction.
    assert run.output.count("Sending HTTP transaction data to hooks handler") == 3
    judged = runs["validation-events-warm"]
    assert judged.summary() == "1 passing, 1 failing, 0 errors", judged.output
    assert "judged in before_validation" in judged.stdout
    # beforeEachValidation for each transaction (the event is unnamed in Dredd, so every
    # transaction's is sent) and nothing else.
    assert judged.output.count("Sending HTTP transaction data to hooks handler") == 2


def test_warm_process_loads_hook_files_in_dredds_order(runs: dict[str, Run]) -> None:
    for name in ("file-order", "file-order-warm"):
        run = runs[name]
        assert run.summary() == "1 passing, 0 failing, 0 errors", run.output
        assert run.stdout.index("hook of a_first.py") < run.stdout.index("hook of z_last.py")
