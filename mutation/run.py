"""A mutation run, step by step.

1. Copy the working tree once per worker (``tree``): cosmic-ray rewrites modules in
   place, and the developer's tree must never be one of them.
2. Baseline: the test command on every copy at once, unmutated. It must pass; its time,
   times a factor, is each mutant's timeout (cosmic-ray 8.7 takes a fixed timeout).
   Then the trace (``trace``, in a copy of its own): which transactions reach each line,
   so each mutant runs only those (``reach``; ``--whole-contract``: every mutant runs all).
3. ``cosmic-ray init`` in the first copy: every mutant of the target modules.
4. For the sample, every mutant not named in ``tests/mutation/sample.toml`` is marked
   skipped.
5. One HTTP worker per copy (``workers``), and ``cosmic-ray exec`` sends each mutant to
   a free one; progress is printed as results come in.
6. ``cosmic-ray dump``, the equivalence list applied (``assess``), and the reports
   written into the developer's ``reports/`` (``report``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from harness._dredd import ensure_dredd
from mutation import (
    carry,
    report,
    selection,
    selectors,
    session,
    targets,
    trace,
    tree,
    verdict,
)
from mutation.assess import EQUIVALENT, assess
from mutation.mutants import (
    INCOMPETENT,
    KILLED,
    PENDING,
    SURVIVED,
    TIMED_OUT,
    Mutant,
    from_dump,
)
from mutation.workers import Workers

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = Path("tests/mutation/equivalent.toml")
SAMPLE = Path("tests/mutation/sample.toml")
TEST_COMMAND = shlex.join([sys.executable, "-m", "mutation.contract_test"])
SHOWN_TEST = "harness run --fail-fast"
SHOWN_GUIDED_TEST = (
    "harness run --fail-fast on the transactions whose requests ran the mutated lines in a"
    " coverage trace of the unmutated server (all of them for a line run at start or by none)"
)
NOT_IN_SAMPLE = "not in the sample"
NOT_IN_LIMIT = "not among the evenly spread mutants a --limit run tries"
# A timeout within aiohttp's own five minutes per request (the http distributor's).
MAX_TIMEOUT = 240.0


@dataclass(frozen=True)
class Options:
    workers: int = 2
    timeout_factor: float = 5.0
    min_timeout: float = 30.0
    sample: bool = False
    whole_contract: bool = False  # every mutant runs every transaction (no trace)
    again: Path | None = None  # an earlier mutation.json: its kills are not run again
    limit: int | None = None  # run at most this many, spread evenly over the rest
    scratch: Path | None = None  # where the copies go (default: the system's temp dir)
    keep_scratch: bool = False
    reports: Path = ROOT / "reports"


def say(message: str) -> None:
    print(f"mutation: {message}", flush=True)


def environment(copy: Path, temporary: Path, parse_cache: Path) -> dict[str, str]:
    """The copy's own code first on the path, its own temp dir, a shared parse cache."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "CONTRACT_RESULTS", "PYTHONPATH")
    }
    return env | {
        "PYTHONPATH": str(copy),
        "PYTHONDONTWRITEBYTECODE": "1",
        "TMPDIR": str(temporary),
        "DREDD_PARSE_CACHE": str(parse_cache),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    }


def baseline(copies: list[Path], environments: list[dict[str, str]]) -> float:
    """The unmutated contract on every copy at once, twice; the slowest second run's
    seconds (the first fills the caches a copy starts without)."""

    def one(index: int) -> tuple[int, str, float]:
        started = time.monotonic()
        done = subprocess.run(
            shlex.split(TEST_COMMAND),
            cwd=copies[index],
            env=environments[index],
            capture_output=True,
            text=True,
        )
        return done.returncode, done.stdout, time.monotonic() - started

    for _ in range(2):
        with ThreadPoolExecutor(len(copies)) as pool:
            runs = list(pool.map(one, range(len(copies))))
        for code, output, _ in runs:
            if code != 0:
                print(output[-4000:])
                raise SystemExit("mutation: the contract fails on the unmutated tree: fix it first")
    say("baseline runs: " + ", ".join(f"{seconds:.1f} s" for _, _, seconds in runs))
    return max(seconds for _, _, seconds in runs)


def traced(scratch: Path, temporary: Path) -> Path:
    """The trace of the unmutated contract, in a copy of the tree of its own (its
    ``dredd.yml`` adds the trace hook); the map it wrote."""
    copy = tree.copy_working_tree(ROOT, scratch / "trace")
    trace.add_trace_hook(copy)
    (temporary / copy.name).mkdir()
    env = environment(copy, temporary / copy.name, scratch / "parse-cache")
    out = scratch / "reach.json"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "mutation.trace", str(out)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print((done.stdout + done.stderr)[-4000:])
        raise SystemExit("mutation: the traced contract run failed (see above)")
    say(f"trace of the unmutated contract: {time.monotonic() - started:.1f} s")
    return out


def sample_of(mutants: list[Mutant], copy: Path) -> list[tuple[Mutant, str | None]]:
    """The mutants ``tests/mutation/sample.toml`` names (each entry must name one)."""
    wanted = selectors.load(ROOT / SAMPLE, "sample", "killed_by")
    if not wanted:
        raise SystemExit(f"mutation: {SAMPLE} names no mutant")
    operators = {(s.module, s.operator.removeprefix("core/")) for s in wanted}
    described = session.describe(
        [m for m in mutants if (m.module, m.operator.removeprefix("core/")) in operators], copy
    )
    why = {m.job_id: reason for m, reason in described}
    chosen, problems = [], []
    for selector in wanted:
        found = selectors.matching(selector, [m for m, _ in described])
        if len(found) != 1:
            problems.append(f"{len(found)} mutants match {selector.describe()}")
        chosen += [(m, why[m.job_id]) for m in found]
    if problems:
        raise SystemExit("mutation: the sample is out of date:\n  " + "\n  ".join(problems))
    return chosen


def plan(
    session_file: Path,
    copy: Path,
    sample: bool,
    kills: list[carry.Kill] | None = None,
    limit: int | None = None,
) -> tuple[dict[str, Mutant], dict[str, Mutant]]:
    """The mutants to run, by job id, and those not run because an earlier run's
    ``kills`` name them. Those that are not valid Python are recorded as incompetent,
    those ``selection`` leaves out (or the sample does not name) skipped; with ``limit``,
    all but ``limit`` of the rest, chosen evenly along the modules, are skipped too."""
    mutants = from_dump(session.dump(session_file))
    if sample:
        described = sample_of(mutants, copy)
        chosen = {m.job_id for m, _ in described}
        left_out = {m.job_id: NOT_IN_SAMPLE for m in mutants if m.job_id not in chosen}
    else:
        say(f"{len(mutants)} mutants: checking that each mutated module is valid Python")
        described = session.describe(mutants, copy)
        left_out = selection.not_run([m for m, why in described if not why], copy)
    # Only described mutants have a diff, which their selectors match on.
    carried = carry.already_killed([m for m, why in described if not why], kills or [])
    carried = {job: kill for job, kill in carried.items() if job not in left_out}
    left_out |= dict.fromkeys(carried, carry.CARRIED)
    if limit is not None:
        left = [m for m, why in described if not why and m.job_id not in left_out]
        left_out |= dict.fromkeys(carry.spread_out(left, limit), NOT_IN_LIMIT)
    invalid = {m.job_id: (m.diff, why) for m, why in described if why}
    session.mark_incompetent(session_file, invalid)
    session.mark_skipped(session_file, left_out)
    for reason, count in Counter(left_out.values()).items():
        say(f"{count} not run: {reason}")
    if invalid:
        say(f"{len(invalid)} not run: not valid Python (incompetent)")
    runs = {m.job_id: m for m, why in described if not why and m.job_id not in left_out}
    return runs, carried


def _progress(done: int, planned: int, mutant: Mutant, outcome: str, output: str) -> str:
    seconds = verdict.read(output).seconds
    took = f" {seconds:.1f} s" if seconds is not None else ""
    return (
        f"[{done:>{len(str(planned))}}/{planned}] {outcome:<11} {mutant.module}:"
        f"{mutant.start_line} {mutant.operator}{took}"
    )


def execute(config: Path, session_file: Path, planned: dict[str, Mutant], workers: Workers) -> None:
    """``cosmic-ray exec``, a line per finished mutant; stops if a worker dies."""
    row = max((entry[0] for entry in session.finished(session_file, 0)), default=0)
    started, done = time.monotonic(), 0
    process = session.execute(config, session_file, session_file.with_suffix(".log"))
    try:
        while True:
            ended = process.poll() is not None
            new = session.finished(session_file, row)
            for _, job_id, outcome, output in new:
                done += 1
                shown = "timed out" if output == "timeout" else (outcome or "incompetent").lower()
                print(_progress(done, len(planned), planned[job_id], shown, output or ""))
            if new:
                row = new[-1][0]
                left = (time.monotonic() - started) / done * (len(planned) - done)
                print(f"  ({done} done, about {left / 60:.0f} min left)", flush=True)
            if ended:
                break
            if workers.dead():
                raise SystemExit(f"mutation: a worker died: see {workers.dead()[0]}-worker.log")
            time.sleep(2)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait()
    if process.returncode != 0:
        raise SystemExit(f"mutation: cosmic-ray exec failed (exit {process.returncode})")


def copies_of_the_tree(
    count: int, scratch: Path, temporary: Path
) -> tuple[list[Path], list[dict[str, str]]]:
    """``count`` copies of the working tree, and each one's environment."""
    cached = ROOT / "node_modules/.cache/dredd-parse"  # keyed by content: only saves parsing
    if cached.is_dir():
        shutil.copytree(cached, scratch / "parse-cache")
    copies, environments = [], []
    for number in range(1, count + 1):
        copy = tree.copy_working_tree(ROOT, scratch / f"tree-{number}")
        (temporary / copy.name).mkdir()
        copies.append(copy)
        environments.append(environment(copy, temporary / copy.name, scratch / "parse-cache"))
    return copies, environments


def run(options: Options) -> int:
    started_at, started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), time.monotonic()
    measured = tree.describe(ROOT)  # now: the copies are made of the tree as it is now
    ensure_dredd()  # the pinned Dredd, linked into the copies
    scratch = Path(tempfile.mkdtemp(prefix="mutation-", dir=options.scratch))
    temporary = Path(tempfile.mkdtemp(prefix="mutation-tmp-"))  # short: socket paths in it
    try:
        copies, environments = copies_of_the_tree(options.workers, scratch, temporary)
        say(f"{len(copies)} copies of the working tree in {scratch}; baseline runs")
        base = baseline(copies, environments)
        timeout = min(max(options.timeout_factor * base, options.min_timeout), MAX_TIMEOUT)
        say(f"baseline {base:.1f} s: timeout {timeout:.0f} s per mutant")
        reach = None if options.whole_contract else traced(scratch, temporary)
        for env in environments:
            env["MUTANT_TIMEOUT"] = str(timeout)  # the test command stops a hang itself
            if reach is not None:
                env["MUTANT_REACH"] = str(reach)
        modules = targets.modules(copies[0])
        config, session_file = scratch / "cosmic-ray.toml", scratch / "session.sqlite"
        with Workers(copies, TEST_COMMAND, environments) as workers:
            session.write_config(
                config,
                modules=modules,
                test_command=TEST_COMMAND,
                timeout=timeout,
                worker_urls=workers.urls,
            )
            session.init(config, session_file, copies[0])
            kills = carry.earlier_kills(options.again) if options.again else []
            planned, carried = plan(session_file, copies[0], options.sample, kills, options.limit)
            say(f"{len(planned)} mutants in {len(modules)} modules, {len(copies)} workers")
            execute(config, session_file, planned, workers)
        mutants = from_dump(session.dump(session_file))
        mutants = carry.carried_over(mutants, carried)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
        if not options.keep_scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    facts = report.RunFacts(
        tree=measured,
        modules=modules,
        test_command=SHOWN_TEST if options.whole_contract else SHOWN_GUIDED_TEST,
        workers=len(copies),
        baseline_seconds=base,
        timeout_seconds=timeout,
        wall_seconds=time.monotonic() - started,
        started=started_at,
        tool=f"cosmic-ray {version('cosmic-ray')}",
        equivalents_file=EQUIVALENTS.as_posix(),
        sample_file=SAMPLE.as_posix() if options.sample else None,
    )
    return conclude(mutants, facts, options)


def _stem(options: Options) -> str:
    return "mutation-sample" if options.sample else "mutation"


def reassess(options: Options) -> int:
    """The reports written again from the last run's JSON, with the equivalence list as
    it is now (after declaring an equivalent mutant, without running them again)."""
    mutants, facts = report.load(options.reports / f"{_stem(options)}.json")
    return conclude(mutants, facts, options)


def conclude(mutants: list[Mutant], facts: report.RunFacts, options: Options) -> int:
    """Apply the equivalence list, write the reports, sum up; the exit status."""
    assessment = assess(mutants, selectors.load(ROOT / EQUIVALENTS, "equivalent", "reason"))
    written = report.write(assessment, facts, options.reports, _stem(options))
    counts = assessment.counts()
    say(
        f"{len(assessment.mutants)} mutants: {counts[KILLED]} killed, {counts[TIMED_OUT]} timed"
        f" out, {counts[SURVIVED]} survived, {counts[EQUIVALENT]} equivalent,"
        f" {counts[INCOMPETENT]} incompetent; score {report.percent(assessment.score())};"
        f" {len(assessment.not_run)} not run; {facts.wall_seconds / 60:.1f} min"
    )
    say("reports: " + ", ".join(str(path) for path in written))
    for selector, mutant in assessment.wrongly_declared:
        say(f"declared equivalent but {mutant.outcome}: {selector.describe()}")
    if options.sample:
        missed = [m for m in assessment.mutants if assessment.outcome(m) not in (KILLED, TIMED_OUT)]
        for mutant in missed:
            say(
                f"SAMPLE MUTANT NOT KILLED ({assessment.outcome(mutant)}): {mutant.module}"
                f":{mutant.line} {mutant.operator}"
            )
        return 1 if missed else 0
    return 1 if counts[PENDING] else 0
