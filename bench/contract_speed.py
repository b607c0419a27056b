"""How fast the contract runs: Dredd's own floor, the upstream-style hooks, and the harness.

    python bench/contract_speed.py [--repeat 2] [--scale 10] [--out reports]
    tox -e bench

Runs the same contract three ways in one session, one after another, and measures each
(a fourth way is a proposal, measured beside them):

* ``floor``: Dredd alone with a no-op native JavaScript hook file (``noop_hooks.js``,
  no ``--language``). Nothing is seeded, so most transactions fail validation; they are
  counted all the same: this is what Dredd itself costs per transaction.
* ``floor_preloaded``: the same with ``harness/dredd_preload.js`` (below): what Dredd
  costs once the harness has fixed its own slow parts; the fairest floor to compare with.
* ``upstream_style``: the stock Python handler (``dredd-hooks==0.2.0`` from PyPI, in a
  Python 3.11 virtualenv of its own, ``--language python``) running the project's
  scenarios, with the whole schema dropped and created before every transaction
  (``upstream_style_hooks.py``): what upstream did.
* ``harness``: ``harness run``, the project's normal run (the contract passes), which
  preloads ``harness/dredd_preload.js`` into Dredd (``--require``: Dredd's parse results
  cached, its quadratic copy of the parsed documents skipped, Gavel's validators made
  once per schema) and loads the hook files in a warm handler before Dredd starts.
* ``harness_without_preload``: the same hooks and Dredd arguments without the preload,
  to show what it saves.

Each mode gets a fresh reference server on a fresh SQLite file. One ``harness`` run comes
first and is not counted (it fills the parse cache for the blueprint; its start-up is
reported as the cold start). For each run: Dredd's
test phase ("Tests took", which includes starting and connecting the hooks handler),
the wall time of the whole mode (server start, Dredd, stop), the start-up cost (wall
minus test phase), and the steady cost per transaction (time between the first and the
last transaction's result line, divided by the transactions in between). Separately,
``parse_time.js`` times Dredd's compiler over the blueprint (loading, drafter.js parse,
compile): the part of the start-up that is blueprint parsing.

With ``--scale N`` (default 10, 0 to leave out) the same is done on a synthetic contract
N times larger: every group of the blueprint repeated N times under generated group
names ("Discount Codes 2", ...), the data structures once, and a generated hook file
that runs the original transaction's scenario for each copy. The harness mode runs it
with the same Dredd arguments and warm handler ``harness run`` uses, since ``harness run``
itself runs only the project's blueprint.

Last, ``reset_cost.py``'s measurement of emptying the database (``empty_database``) against
dropping and creating the schema, on SQLite and (when a server answers) PostgreSQL.

Writes ``bench.json`` (every run, the medians, the machine's load) and ``bench.md`` to
``--out`` and prints the table. It asserts nothing about the numbers.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import reset_cost  # noqa: E402

from dredd_hooks_runtime import WarmHandler, dredd_hook_args  # noqa: E402
from harness import blueprint, postgresql  # noqa: E402
from harness.testing import (  # noqa: E402
    HOOKS_DIR,
    PROJECT_ROOT,
    REPORTS_DIR,
    ensure_dredd,
    reference_server,
)

PRELOAD = PROJECT_ROOT / "harness" / "dredd_preload.js"
MODES = ("floor", "floor_preloaded", "upstream_style", "harness", "harness_without_preload")
PROJECT_HOOKFILES = [str(HOOKS_DIR / "[a-z]*.py")]
UPSTREAM_REQUIREMENTS = ["dredd-hooks==0.2.0"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RESULT_LINE = re.compile(r"^(?:\[\s*\d+/\d+\]\s*)?(pass|fail|error|skip): .* duration: \d+ms$")
TESTS_TOOK = re.compile(r"complete: Tests took (\d+)ms")
COMPLETE = re.compile(
    r"complete: (\d+) passing, (\d+) failing, (\d+) errors, (\d+) skipped, (\d+) total"
)


@dataclass
class Run:
    """One run of one mode."""

    mode: str
    scale: int
    transactions: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    test_phase_s: float | None = None
    wall_s: float = 0.0
    first_result_s: float | None = None  # since the mode started
    last_result_s: float | None = None
    exit_code: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def startup_s(self) -> float | None:
        return None if self.test_phase_s is None else self.wall_s - self.test_phase_s

    @property
    def per_transaction_ms(self) -> float | None:
        """Steady cost: from the first result line to the last, per transaction between."""
        if self.first_result_s is None or self.last_result_s is None or self.transactions < 2:
            return None
        return (self.last_result_s - self.first_result_s) / (self.transactions - 1) * 1000

    def summary(self) -> dict[str, object]:
        return {
            **asdict(self),
            "startup_s": self.startup_s,
            "per_transaction_ms": self.per_transaction_ms,
        }


# --- running a command and reading Dredd's output -------------------------------------


def run_and_read(run: Run, command: list[str], started: float, **popen: object) -> str:
    """Run ``command``, time its result lines, and fill ``run`` from Dredd's summary.

    Dredd's output goes to a file, read while it grows: through a pipe, Dredd's last
    lines (the summary) were sometimes lost when it exited with much output pending.
    """
    with tempfile.TemporaryDirectory(prefix="bench-output-") as name:
        path = Path(name) / "output.txt"
        with path.open("wb") as sink, path.open("rb") as source:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                **popen,  # type: ignore[call-overload]
            )
            pending = b""
            lines: list[str] = []
            while True:
                done = process.poll() is not None
                chunk = source.read()
                now = time.monotonic() - started
                if chunk:
                    pending += chunk
                    *complete, pending = pending.split(b"\n")
                    for raw in complete:
                        line = ANSI.sub("", raw.decode(errors="replace"))
                        lines.append(line)
                        if RESULT_LINE.match(line):
                            if run.first_result_s is None:
                                run.first_result_s = now
                            run.last_result_s = now
                elif done:
                    break
                else:
                    time.sleep(0.002)
            lines.append(ANSI.sub("", pending.decode(errors="replace")))
    run.exit_code = process.returncode
    output = "\n".join(lines)
    if match := TESTS_TOOK.search(output):
        run.test_phase_s = int(match.group(1)) / 1000
    if match := COMPLETE.search(output):
        run.passed, run.failed, run.errors, run.skipped, run.transactions = map(int, match.groups())
    else:
        run.notes.append(f"no Dredd summary in the output (exit {run.exit_code}): {output[-600:]}")
    return output


def dredd_command(contract: Path, endpoint: str, scratch: Path) -> list[str]:
    """Dredd on ``contract`` as the harness runs it (``dredd.yml``'s reporting options),
    from ``scratch`` so that the project's ``dredd.yml`` is not read."""
    return [
        ensure_dredd(),
        str(contract),
        endpoint,
        "--reporter",
        "xunit",
        "--output",
        str(scratch / "contract.xml"),
        "--loglevel",
        "warning",
    ]


def _base_env(database_url: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    env.pop("CONTRACT_RESULTS", None)
    return env


@contextmanager
def fresh_server(scratch: Path) -> Iterator[tuple[str, str]]:
    """The reference server on a new SQLite file: (endpoint, database URL)."""
    database_url = f"sqlite:///{scratch / 'contract.sqlite3'}"
    with reference_server(database_url, scratch / "server.log") as endpoint:
        yield endpoint, database_url


# --- the three modes ------------------------------------------------------------------


def run_floor(contract: Path, scale: int, *, preload: bool = False) -> Run:
    run = Run("floor_preloaded" if preload else "floor", scale)
    with tempfile.TemporaryDirectory(prefix="bench-floor-") as name:
        scratch = Path(name)
        started = time.monotonic()
        with fresh_server(scratch) as (endpoint, database_url):
            command = [
                *dredd_command(contract, endpoint, scratch),
                "--hookfiles",
                str(BENCH_DIR / "noop_hooks.js"),
                *(["--require", str(PRELOAD)] if preload else []),
            ]
            run_and_read(run, command, started, cwd=scratch, env=_base_env(database_url))
        run.wall_s = time.monotonic() - started
    return run


def run_upstream_style(contract: Path, scale: int, hookfiles: list[str], venv: Path) -> Run:
    run = Run("upstream_style", scale)
    with tempfile.TemporaryDirectory(prefix="bench-upstream-") as name:
        scratch = Path(name)
        started = time.monotonic()
        with fresh_server(scratch) as (endpoint, database_url):
            env = _base_env(database_url)
            # Dredd finds `dredd-hooks-python` on PATH.
            env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
            env["BENCH_HOOKFILES"] = os.pathsep.join(hookfiles)
            command = [
                *dredd_command(contract, endpoint, scratch),
                "--language",
                "python",
                "--hookfiles",
                str(BENCH_DIR / "upstream_style_hooks.py"),
                # Dredd's defaults otherwise (connect retry 500 ms, after-connect wait
                # 100 ms); only the connect timeout is raised, so that a slow import on a
                # busy machine does not end the run (it changes no per-transaction cost).
                "--hooks-worker-connect-timeout",
                "30000",
            ]
            output = run_and_read(run, command, started, cwd=scratch, env=env)
        run.wall_s = time.monotonic() - started
    if run.exit_code and run.passed == 0:
        run.notes.append(output[-2000:])
    return run


def run_harness(
    scale: int,
    contract: Path | None = None,
    hookfiles: list[str] | None = None,
    *,
    preload: bool = True,
) -> Run:
    """``harness run`` (no ``contract``), or Dredd with ``harness run``'s hook arguments and
    warm handler (and ``harness/dredd_preload.js`` preloaded, as ``harness run`` does, with
    ``preload``)."""
    run = Run("harness" if preload else "harness_without_preload", scale)
    with tempfile.TemporaryDirectory(prefix="bench-harness-") as name:
        scratch = Path(name)
        env = _base_env("")
        env.pop("DATABASE_URL")
        started = time.monotonic()
        if contract is None:
            command = [sys.executable, "-m", "harness.cli", "run", "--reports", str(scratch)]
            output = run_and_read(run, command, started, cwd=PROJECT_ROOT, env=env)
        else:
            files = hookfiles or PROJECT_HOOKFILES
            database_url = f"sqlite:///{scratch / 'contract.sqlite3'}"
            env["DATABASE_URL"] = database_url
            env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])
            )
            with (
                WarmHandler(files, env=env, cwd=scratch) as warm,
                reference_server(database_url, scratch / "server.log") as endpoint,
            ):
                warm.registered()
                env |= warm.dredd_environment()
                command = [
                    *dredd_command(contract, endpoint, scratch),
                    *dredd_hook_args(files, warm=warm),
                ]
                if preload:
                    command += ["--require", str(PRELOAD)]
                output = run_and_read(run, command, started, cwd=scratch, env=env)
        run.wall_s = time.monotonic() - started
    if run.failed or run.errors or run.exit_code:
        run.notes.append(output[-2000:])
    return run


# --- the stock handler's virtualenv ---------------------------------------------------


def python311() -> str | None:
    """Python 3.11 (the stock handler does ``import imp``, gone in 3.12)."""
    found = shutil.which("python3.11")
    if found:
        return found
    root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates = sorted(glob.glob(f"{root}/versions/3.11.*/bin/python3.11"))
    return candidates[-1] if candidates else None


def upstream_venv(directory: Path) -> Path:
    """A Python 3.11 virtualenv with dredd-hooks 0.2.0 and this project (editable), made
    once and reused while the project's dependencies are unchanged."""
    pyproject = (PROJECT_ROOT / "pyproject.toml").read_bytes()
    stamp = hashlib.sha256(pyproject + " ".join(UPSTREAM_REQUIREMENTS).encode()).hexdigest()
    marker = directory / ".bench-ready"
    if marker.exists() and marker.read_text() == stamp:
        return directory
    python = python311()
    if python is None:
        raise SystemExit("bench: the upstream_style mode needs python3.11 (PATH or pyenv)")
    shutil.rmtree(directory, ignore_errors=True)
    print(f"bench: making {directory} (Python 3.11, {', '.join(UPSTREAM_REQUIREMENTS)})")
    subprocess.run([python, "-m", "venv", str(directory)], check=True)
    subprocess.run(
        [
            str(directory / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *UPSTREAM_REQUIREMENTS,
            "-e",
            str(PROJECT_ROOT),
        ],
        check=True,
    )
    marker.write_text(stamp)
    return directory


# --- the synthetic contract -----------------------------------------------------------

GROUP_HEADING = re.compile(r"^# Group (.+)$", re.M)


def scaled_contract(copies: int, directory: Path) -> tuple[Path, Path, int]:
    """The blueprint with every group repeated ``copies`` times; returns the document, a
    hook file that gives each copy its original's scenario, and the declared count."""
    sources = blueprint.sources()
    groups = [p for p in sources if GROUP_HEADING.search(p.read_text(encoding="utf-8"))]
    parts: list[str] = []
    renamed: dict[str, str] = {}  # copy's group name -> original's
    for source in sources:
        text = source.read_text(encoding="utf-8").strip() + "\n"
        if source not in groups:
            parts.append(text)
            continue
        if source == groups[0]:
            for copy in range(1, copies + 1):
                for group_file in groups:
                    group_text = group_file.read_text(encoding="utf-8").strip() + "\n"
                    if copy > 1:
                        original = GROUP_HEADING.search(group_text).group(1)  # type: ignore[union-attr]
                        renamed[f"{original} {copy}"] = original
                        group_text = GROUP_HEADING.sub(
                            lambda m, c=copy: f"# Group {m.group(1)} {c}", group_text
                        )
                    parts.append(group_text)
    text = "\n".join(parts)
    contract = directory / f"contract-x{copies}.apib"
    contract.write_text(text, encoding="utf-8")
    hookfile = directory / f"copies_x{copies}.py"
    hookfile.write_text(_copies_hookfile(renamed), encoding="utf-8")
    return contract, hookfile, blueprint.expected_transaction_count(text)


def _copies_hookfile(renamed: dict[str, str]) -> str:
    return f'''"""Generated by bench/contract_speed.py: each copied group runs its original's hooks.
"""

import dredd_hooks_runtime as hooks
from dredd_hooks_runtime import NAMED_KINDS, REGISTRY

RENAMED = {renamed!r}


def _same_as(kind, original):
    def run(transaction):
        for hook in REGISTRY.hooks_for(kind, original):
            hook(transaction)

    run.__qualname__ = f"same_as_{{kind}}"
    return run


def _register(names):
    for name in names:
        group, rest = name.split(" > ", 1)
        if group in RENAMED:
            original = f"{{RENAMED[group]}} > {{rest}}"
            for kind in NAMED_KINDS:
                getattr(hooks, kind)(name)(_same_as(kind, original))


@hooks.before_all
def register_copies(transactions):
    # Named hooks are looked up per message, so registering them here is in time.
    _register(t["name"] for t in transactions)
'''


# --- parsing cost ---------------------------------------------------------------------


def parse_cost(contract: Path, cached: bool) -> dict[str, float]:
    """Dredd's compiler over ``contract`` in a fresh Node process (``parse_time.js``), and
    that process's wall time; a bare ``node -e ''`` for Node's own start. With ``cached``,
    once more with ``harness/dredd_preload.js`` preloaded, after a run that fills its cache."""
    ensure_dredd()
    started = time.monotonic()
    subprocess.run(["node", "-e", ""], check=True)
    node_start = time.monotonic() - started
    started = time.monotonic()
    completed = subprocess.run(
        ["node", str(BENCH_DIR / "parse_time.js"), str(contract)],
        check=True,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - started
    timings = json.loads(completed.stdout)
    cached_timings: dict[str, float] = {}
    if cached:
        preload = ["node", "--require", str(PRELOAD)]
        script = [str(BENCH_DIR / "parse_time.js"), str(contract)]
        subprocess.run([*preload, *script], check=True, capture_output=True)  # fills the cache
        started = time.monotonic()
        completed = subprocess.run([*preload, *script], check=True, capture_output=True, text=True)
        again = json.loads(completed.stdout)
        cached_timings = {
            "cached_parse_s": again["parse_ms"] / 1000,
            "cached_process_wall_s": time.monotonic() - started,
        }
    return {
        **cached_timings,
        "node_start_s": node_start,
        "load_s": timings["load_ms"] / 1000,
        "parse_s": timings["parse_ms"] / 1000,
        "compile_s": timings["compile_ms"] / 1000,
        "process_wall_s": wall,
        "transactions": timings["transactions"],
        "bytes": timings["bytes"],
    }


# --- reset cost -----------------------------------------------------------------------


def reset_costs(resets: int, rebuilds: int) -> list[dict[str, object]]:
    """``empty_database`` against drop_all + create_all, per backend (medians, ms)."""
    rows = []
    backends = ["sqlite"]
    reason = postgresql.unreachable_reason(postgresql.admin_url())
    if reason is None:
        backends.append("postgresql")
    for backend in backends:
        with reset_cost.database(backend) as url:
            measured = dict(reset_cost.measure(backend, url, resets, rebuilds))
        reset = statistics.median(measured["empty_database after seeding"])
        rebuild = statistics.median(measured["drop_all + create_all"])
        rows.append(
            {
                "backend": backend,
                "db_reset_ms": reset,
                "drop_create_all_ms": rebuild,
                "drop_migrate_ms": statistics.median(measured["drop_all + migrate"]),
                "truncate_ms": (
                    statistics.median(measured["TRUNCATE after seeding"])
                    if "TRUNCATE after seeding" in measured
                    else None
                ),
                "ratio": rebuild / reset,
            }
        )
    if reason is not None:
        rows.append({"backend": "postgresql", "left_out": reason})
    return rows


# --- the report -----------------------------------------------------------------------


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def medians(runs: list[Run]) -> dict[tuple[int, str], dict[str, object]]:
    table: dict[tuple[int, str], dict[str, object]] = {}
    for key in sorted({(r.scale, r.mode) for r in runs}, key=lambda k: (k[0], MODES.index(k[1]))):
        these = [r for r in runs if (r.scale, r.mode) == key]
        table[key] = {
            "runs": len(these),
            "transactions": these[-1].transactions,
            "passed": these[-1].passed,
            "test_phase_s": _median([r.test_phase_s for r in these]),
            "wall_s": _median([r.wall_s for r in these]),
            "startup_s": _median([r.startup_s for r in these]),
            "per_transaction_ms": _median([r.per_transaction_ms for r in these]),
        }
    return table


def ratios(table: dict[tuple[int, str], dict[str, object]], scale: int) -> dict[str, float | None]:
    def value(mode: str, key: str) -> float | None:
        row = table.get((scale, mode))
        return row.get(key) if row else None  # type: ignore[return-value]

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    return {
        "harness/floor test phase": ratio(
            value("harness", "test_phase_s"), value("floor", "test_phase_s")
        ),
        "harness/floor_preloaded test phase": ratio(
            value("harness", "test_phase_s"), value("floor_preloaded", "test_phase_s")
        ),
        "upstream_style/harness test phase": ratio(
            value("upstream_style", "test_phase_s"), value("harness", "test_phase_s")
        ),
        "harness/floor per transaction": ratio(
            value("harness", "per_transaction_ms"), value("floor", "per_transaction_ms")
        ),
        "harness/floor_preloaded per transaction": ratio(
            value("harness", "per_transaction_ms"), value("floor_preloaded", "per_transaction_ms")
        ),
        "upstream_style/harness per transaction": ratio(
            value("upstream_style", "per_transaction_ms"),
            value("harness", "per_transaction_ms"),
        ),
        "harness_without_preload/floor test phase": ratio(
            value("harness_without_preload", "test_phase_s"), value("floor", "test_phase_s")
        ),
    }


def growth(table: dict[tuple[int, str], dict[str, object]]) -> list[dict[str, object]]:
    """Per mode and scale: cost per transaction, and against the same at scale 1."""

    def per(row: dict[str, object], key: str) -> float | None:
        value, count = row.get(key), row.get("transactions")
        if value is None or not count:
            return None
        return value * 1000 / count if key == "test_phase_s" else value  # type: ignore[operator]

    def against(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    rows = []
    for (scale, mode), row in table.items():
        base = table.get((1, mode))
        if base is None:
            continue
        steady, whole = row["per_transaction_ms"], per(row, "test_phase_s")
        rows.append(
            {
                "mode": mode,
                "scale": scale,
                "steady_ms": steady,
                "steady_vs_x1": against(steady, base["per_transaction_ms"]),  # type: ignore[arg-type]
                "test_phase_ms": whole,
                "test_phase_vs_x1": against(whole, per(base, "test_phase_s")),
            }
        )
    return sorted(rows, key=lambda r: (MODES.index(r["mode"]), r["scale"]))  # type: ignore[arg-type]


def _f(value: object, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def markdown(result: dict) -> str:
    lines = [
        "# Contract benchmark",
        "",
        f"{result['when']}; {result['machine']['cpus']} CPUs, load average before"
        f" {result['machine']['load_before']}, after {result['machine']['load_after']};"
        f" Python {result['machine']['python']}, Node {result['machine']['node']}."
        " Medians of the runs; timings move with the machine's load.",
        "",
        "| scale | mode | transactions | passed | test phase s | wall s | start-up s"
        " | per transaction ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["table"]:
        lines.append(
            f"| x{row['scale']} | {row['mode']} | {row['transactions']} | {row['passed']}"
            f" | {_f(row['test_phase_s'])} | {_f(row['wall_s'])} | {_f(row['startup_s'])}"
            f" | {_f(row['per_transaction_ms'], 1)} |"
        )
    lines += ["", "| scale | ratio | value |", "|---|---|---:|"]
    for scale, values in result["ratios"].items():
        for name, value in values.items():
            lines.append(f"| x{scale} | {name} | {_f(value)} |")
    first = result.get("first_harness_run")
    if first:
        lines += [
            "",
            f"The first `harness` run (not counted above; it filled the parse cache): start-up"
            f" {_f(first['startup_s'])} s, whole run {_f(first['wall_s'])} s.",
        ]
    lines += [
        "",
        "Blueprint parsing (Dredd's compiler alone, `parse_time.js`; part of every mode's"
        " start-up):",
        "",
        "| scale | bytes | transactions | node start s | load s | parse s | compile s"
        " | whole process s | parse from cache s | whole process, cached s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale, cost in result["parsing"].items():
        lines.append(
            f"| x{scale} | {cost['bytes']} | {cost['transactions']} | {_f(cost['node_start_s'])}"
            f" | {_f(cost['load_s'])} | {_f(cost['parse_s'])} | {_f(cost['compile_s'])}"
            f" | {_f(cost['process_wall_s'])} | {_f(cost.get('cached_parse_s'))}"
            f" | {_f(cost.get('cached_process_wall_s'))} |"
        )
    lines += ["", "Start-up (wall minus test phase) against blueprint parsing:", ""]
    lines += ["| scale | mode | start-up s | of which parse + compile s | the rest s |"]
    lines += ["|---|---|---:|---:|---:|"]
    for row in result["table"]:
        cost = result["parsing"].get(str(row["scale"])) or result["parsing"].get(row["scale"])
        if cost is None or row["startup_s"] is None:
            continue
        preloaded = row["mode"] in ("harness", "floor_preloaded")
        parse = cost.get("cached_parse_s") if preloaded else None
        parsing = (cost["parse_s"] if parse is None else parse) + cost["compile_s"]
        lines.append(
            f"| x{row['scale']} | {row['mode']} | {_f(row['startup_s'])} | {_f(parsing)}"
            f" | {_f(row['startup_s'] - parsing)} |"
        )
    if result["reset"]:
        lines += [
            "",
            "Emptying the database between transactions (`reset_cost.py`, median ms):",
            "",
            "| backend | empty_database | drop_all + create_all | ratio | drop_all + migrate"
            " | TRUNCATE |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for row in result["reset"]:
            if "left_out" in row:
                lines.append(f"| {row['backend']} | left out: {row['left_out']} | | | | |")
                continue
            lines.append(
                f"| {row['backend']} | {_f(row['db_reset_ms'])} | {_f(row['drop_create_all_ms'])}"
                f" | {_f(row['ratio'], 0)}x | {_f(row['drop_migrate_ms'])}"
                f" | {_f(row['truncate_ms'])} |"
            )
    if result["growth"]:
        lines += [
            "",
            "Cost per transaction as the contract grows (steady: between the first and last"
            " result; whole test phase: test phase / transactions):",
            "",
            "| mode | scale | steady ms | steady vs x1 | whole test phase ms | vs x1 |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for row in result["growth"]:
            lines.append(
                f"| {row['mode']} | x{row['scale']} | {_f(row['steady_ms'], 1)}"
                f" | {_f(row['steady_vs_x1'])} | {_f(row['test_phase_ms'], 1)}"
                f" | {_f(row['test_phase_vs_x1'])} |"
            )
    notes = [f"- {r['mode']} x{r['scale']}: {n[:300]}" for r in result["runs"] for n in r["notes"]]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each mode at scale 1")
    parser.add_argument(
        "--scale", type=int, default=10, help="size of the synthetic contract (0: none)"
    )
    parser.add_argument("--scaled-repeat", type=int, default=1, help="runs at that scale")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated subset")
    parser.add_argument("--resets", type=int, default=100, help="reset_cost repetitions")
    parser.add_argument("--no-reset", action="store_true", help="leave reset_cost out")
    parser.add_argument("--out", type=Path, default=REPORTS_DIR)
    parser.add_argument(
        "--upstream-venv",
        type=Path,
        default=Path(
            os.environ.get("BENCH_UPSTREAM_VENV", PROJECT_ROOT / ".tox" / "bench-upstream")
        ),
    )
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")

    load_before = _load()
    contract = blueprint.build()
    venv = upstream_venv(args.upstream_venv) if "upstream_style" in modes else None
    runs: list[Run] = []
    cached = "harness" in modes
    parsing: dict[str, dict[str, float]] = {"1": parse_cost(contract, cached)}

    def record(run: Run) -> None:
        runs.append(run)
        print(
            f"bench: x{run.scale} {run.mode}: {run.transactions} transactions"
            f" ({run.passed} passed), test phase {_f(run.test_phase_s)} s,"
            f" wall {_f(run.wall_s)} s, {_f(run.per_transaction_ms, 1)} ms per transaction",
            flush=True,
        )

    cold: Run | None = None
    if "harness" in modes:
        cold = run_harness(1)
        print(f"bench: x1 harness, first run (not counted): start-up {_f(cold.startup_s)} s")
    for _ in range(args.repeat):
        for mode in modes:
            if mode in ("floor", "floor_preloaded"):
                record(run_floor(contract, 1, preload=mode == "floor_preloaded"))
            elif mode == "upstream_style":
                assert venv is not None
                record(run_upstream_style(contract, 1, PROJECT_HOOKFILES, venv))
            elif mode == "harness":
                record(run_harness(1))
            else:
                record(run_harness(1, contract, PROJECT_HOOKFILES, preload=False))

    with tempfile.TemporaryDirectory(prefix="bench-scaled-") as name:
        if args.scale > 1:
            scaled, copies_hooks, expected = scaled_contract(args.scale, Path(name))
            parsing[str(args.scale)] = parse_cost(scaled, cached)
            hookfiles = [*PROJECT_HOOKFILES, str(copies_hooks)]
            print(f"bench: x{args.scale} contract: {expected} transactions declared", flush=True)
            for _ in range(args.scaled_repeat):
                for mode in modes:
                    if mode in ("floor", "floor_preloaded"):
                        record(run_floor(scaled, args.scale, preload=mode == "floor_preloaded"))
                    elif mode == "upstream_style":
                        assert venv is not None
                        record(run_upstream_style(scaled, args.scale, hookfiles, venv))
                    else:
                        record(
                            run_harness(
                                args.scale,
                                scaled,
                                hookfiles,
                                preload=mode == "harness",
                            )
                        )

    reset = [] if args.no_reset else reset_costs(args.resets, max(5, args.resets // 10))
    table = medians(runs)
    result = {
        "growth": growth(table),
        "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": _load(),
            "python": platform.python_version(),
            "node": subprocess.run(
                ["node", "--version"], capture_output=True, text=True
            ).stdout.strip(),
        },
        "table": [{"scale": s, "mode": m, **row} for (s, m), row in table.items()],
        "ratios": {str(s): ratios(table, s) for s in sorted({s for s, _ in table})},
        "parsing": parsing,
        "reset": reset,
        "runs": [r.summary() for r in runs],
        "first_harness_run": cold.summary() if cold else None,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    text = markdown(result)
    (args.out / "bench.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"bench: wrote {args.out / 'bench.json'} and {args.out / 'bench.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
