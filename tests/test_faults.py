"""The harness under faults and bad input: a short cause, the documented exit status, no
traceback, no process and no database left behind.

Each case runs ``harness`` as its own process in a session of its own, as a user would
from a shell: the processes it leaves are those of that session still alive (zombies
aside). Signals are real signals: a Ctrl-C at a terminal is SIGINT to the foreground
process group (``os.killpg``), ``kill`` is a signal to the harness process alone. The
servers are real servers, killed with SIGKILL; the blueprints are real broken copies.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from repo_copy import PROJECT_ROOT, copy_repository

from dredd_hooks_runtime import free_port
from harness import blueprint, postgresql
from harness.testing import DreddConsole, started_server
from tests.api_support import postgresql_server_or_skip

pytestmark = pytest.mark.e2e

PROGRESS = r"(?m)^\[\s*5/\d+\] "  # five transactions done: Dredd is running
STOP_WITHIN = 10.0  # seconds; the harness stops everything within two (noisy machine)
AUTHENTICATION = "blueprint/10-authentication.apib"
BROKEN_TYPE = "    + Attributes (Access Token)"


class Harness:
    """``harness ARGS`` as a user starts it: its own session, output to a file."""

    def __init__(self, tmp_path: Path, *args: str, cwd: Path = PROJECT_ROOT, **env: str) -> None:
        self.output = tmp_path / f"harness-{len(list(tmp_path.glob('harness-*')))}.txt"
        environment = {**os.environ, "PYTHONPATH": str(cwd), "PYTHONUNBUFFERED": "1", **env}
        environment.pop("DATABASE_URL", None)
        with self.output.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "harness.cli", *args],
                cwd=cwd,
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = self.process.pid

    @property
    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text):
            assert self.process.poll() is None, f"ended before {pattern!r}:\n{self.text[-3000:]}"
            assert time.monotonic() < deadline, f"no {pattern!r} in:\n{self.text[-3000:]}"
            time.sleep(0.05)

    def finish(self, timeout: float = 600) -> tuple[int, str]:
        """Exit status and output, once every process of its session is gone."""
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            self.kill_leftovers()
        return code, self.text

    def processes(self) -> list[tuple[int, str]]:
        """The session's live processes (pid, command line), zombies left out."""
        return session_processes(self.pid)

    def gone_within(self, seconds: float) -> float:
        """Seconds until the harness and every process it started have ended."""
        started = time.monotonic()
        while self.process.poll() is None or self.processes():
            assert time.monotonic() - started < seconds, f"still running: {self.processes()}"
            time.sleep(0.02)
        return time.monotonic() - started

    def kill_leftovers(self) -> None:
        """A failing test must not leave them running on a shared machine."""
        for pid, _ in self.processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def session_processes(session: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        state, _parent, _group, sid = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(sid) == session and state != "Z":
            found.append((int(entry.name), command.strip()))
    return found


def assert_short_cause(text: str, cause: str, most_lines: int = 3) -> None:
    assert "Traceback" not in text, text
    assert cause in text, text
    assert len(text.splitlines()) <= most_lines, text


def run_databases(admin_url: str, harness: Harness) -> list[str]:
    """The databases the harness process created for its run (``contract_<pid>_*``)."""
    with psycopg.connect(postgresql.libpq_url(admin_url), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s",
            [f"contract\\_{harness.pid}\\_%"],
        ).fetchall()
    return [row[0] for row in rows]


@pytest.fixture
def http_answers() -> Iterator[str]:
    """Something that answers HTTP (a conform run checks the endpoint before the blueprint)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.kill()
    process.wait()


# --- nothing answers at the endpoint ---------------------------------------------------


@pytest.mark.parametrize("command", ["run", "conform"])
def test_nothing_at_the_endpoint_is_one_line_naming_it(tmp_path: Path, command: str) -> None:
    database = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    harness = Harness(
        tmp_path,
        command,
        "--endpoint",
        "http://127.0.0.1:1",
        "--database-url",
        database,
        "--reports",
        str(tmp_path / "reports"),
    )
    code, text = harness.finish()
    assert code == 2
    assert_short_cause(
        text, "harness: nothing answers at http://127.0.0.1:1: connection refused (waited 15 s)"
    )
    assert "waiting up to 15 s" in text  # said while it waited, not only at the end
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def test_an_endpoint_that_is_no_url_is_told_at_once(tmp_path: Path) -> None:
    harness = Harness(
        tmp_path,
        "conform",
        "--endpoint",
        "localhost:8000",
        "--seeder",
        "api",
        "--admin-email",
        "a@example.com",
        "--admin-password",
        "x",
    )
    code, text = harness.finish()
    assert code == 2
    assert_short_cause(text, "harness: --endpoint 'localhost:8000' is not an http:// or https://")


# --- a blueprint that does not compile -----------------------------------------------


@pytest.fixture(scope="module")
def broken_blueprint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository whose blueprint names an MSON type that does not exist."""
    copy = copy_repository(tmp_path_factory.mktemp("broken-blueprint"))
    source = copy / AUTHENTICATION
    lines = source.read_text().split("\n")
    line = lines.index(BROKEN_TYPE) + 1
    lines[line - 1] = "    + Attributes (Acces Token)"
    source.write_text("\n".join(lines))
    (copy / "line").write_text(str(line))
    return copy


@pytest.mark.parametrize(
    "args",
    [["names"], ["hooks", "scaffold"], ["run"], ["run", "--db", "postgresql"]],
    ids=" ".join,
)
def test_a_blueprint_error_is_drafters_at_the_source_line(
    broken_blueprint: Path, tmp_path: Path, args: list[str]
) -> None:
    line = (broken_blueprint / "line").read_text()
    harness = Harness(tmp_path, *args, cwd=broken_blueprint)
    code, text = harness.finish()
    assert code == 2, text
    assert text.splitlines()[-2:] == [
        f"{AUTHENTICATION}:{line}: error: base type 'Acces Token' is not defined in the document",
        "harness: the blueprint does not compile: 1 error (above)",
    ], text
    assert "Traceback" not in text and "build/contract.apib" not in text
    assert "contract: on PostgreSQL" not in text  # stopped before a database was made


def test_hooks_check_lists_the_blueprint_error_instead_of_every_hook(
    broken_blueprint: Path, tmp_path: Path
) -> None:
    line = (broken_blueprint / "line").read_text()
    code, text = Harness(tmp_path, "hooks", "check", cwd=broken_blueprint).finish()
    assert code == 1, text
    assert text.splitlines()[-3:] == [
        f"parser-error: {AUTHENTICATION}:{line}: base type 'Acces Token' is not defined in"
        " the document",
        "dropped: Dredd compiles 0 transactions but the blueprint declares"
        f" {text.split('declares ')[1].split()[0]} responses: "
        f"{text.split('declares ')[1].split()[0]} dropped",
        "hooks check: 2 problem(s)",
    ], text


def test_conform_stops_at_a_blueprint_error_too(
    broken_blueprint: Path, tmp_path: Path, http_answers: str
) -> None:
    harness = Harness(
        tmp_path,
        "conform",
        "--endpoint",
        http_answers,
        "--seeder",
        "sql",
        "--database-url",
        f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "--reports",
        str(tmp_path / "reports"),
        cwd=broken_blueprint,
    )
    code, text = harness.finish()
    assert code == 2, text
    assert_short_cause(text, "harness: the blueprint does not compile: 1 error (above)", 2)
    assert f"{AUTHENTICATION}:" in text


def test_a_blueprint_without_transactions_is_an_error(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path / "copy")
    for source in blueprint.sources(copy / "blueprint"):
        source.unlink()
    (copy / "blueprint/00-overview.apib").write_text("FORMAT: 1A\n\n# Nothing\n\nNo actions.\n")
    code, text = Harness(tmp_path, "names", cwd=copy).finish()
    assert code == 2, text
    assert_short_cause(text, "harness: the blueprint compiles to no transaction", 3)
    code, text = Harness(tmp_path, "hooks", "check", cwd=copy).finish()
    assert code == 1, text
    assert "no-transactions: the blueprint compiles to no transaction\n" in text


def test_every_line_of_the_assembled_contract_maps_to_its_source_line() -> None:
    assembled = blueprint.assemble().split("\n")
    sources = blueprint.SourceMap()
    read: dict[str, list[str]] = {}
    for number, text in enumerate(assembled[:-1], start=1):
        path, line = sources.location(number).rsplit(":", 1)
        lines = read.setdefault(path, (PROJECT_ROOT / path).read_text().split("\n"))
        if text:  # the blank line between two files is the end of the first
            assert lines[int(line) - 1] == text, (number, path, line)


def test_dredds_warnings_point_at_the_source_and_connection_errors_are_not_counted(
    tmp_path: Path,
) -> None:
    out = (tmp_path / "console.txt").open("w")
    console = DreddConsole(2, out=out, names={"A > B > C"}, locate=lambda line: f"src:{line - 1}")
    console.line(
        "warn: API description parser warning in /x/blueprint/build/contract.apib:53"
        " (from line 53 column 7 to column 31): something"
    )
    console.line("\x1b[31merror\x1b[39m: Error connecting to server under test!")
    console.line("\x1b[31merror\x1b[39m: A > B > C duration: 3ms")
    out.close()
    assert (tmp_path / "console.txt").read_text().splitlines() == [
        "warn: API description parser warning in src:52: something",
        "\x1b[31merror\x1b[39m: Error connecting to server under test!",
        "[1/2] \x1b[31merror\x1b[39m: A > B > C duration: 3ms",
    ]


# --- database URLs ---------------------------------------------------------------------


def test_an_admin_url_that_does_not_parse_is_one_line(tmp_path: Path) -> None:
    harness = Harness(tmp_path, "run", "--db", "postgresql", POSTGRESQL_ADMIN_URL="notaurl")
    code, text = harness.finish()
    assert code == 2
    assert_short_cause(text, "harness: POSTGRESQL_ADMIN_URL 'notaurl' is not a PostgreSQL URL", 1)


@pytest.mark.parametrize("command", ["run", "conform"])
def test_a_database_url_that_does_not_parse_is_one_line(
    tmp_path: Path, http_answers: str, command: str
) -> None:
    harness = Harness(tmp_path, command, "--endpoint", http_answers, "--database-url", "notaurl")
    code, text = harness.finish()
    assert code == 2
    assert_short_cause(text, "harness: --database-url 'notaurl' is not a database URL", 1)


def test_a_database_that_refuses_is_one_line_without_the_password(
    tmp_path: Path, http_answers: str
) -> None:
    server = postgresql.libpq_url(postgresql_server_or_skip())
    refused = re.sub(r"//[^@/]*@", "//nobody:secret@", server) if "@" in server else server
    harness = Harness(tmp_path, "conform", "--endpoint", http_answers, "--database-url", refused)
    code, text = harness.finish()
    assert code == 2
    assert_short_cause(text, "does not connect:", 1)
    assert "secret" not in text and "nobody:***@" in text


def test_verbose_adds_the_traceback_of_a_user_error(tmp_path: Path) -> None:
    code, text = Harness(tmp_path, "run", "--database-url", "notaurl", "--verbose").finish()
    assert code == 2
    assert "Traceback (most recent call last)" in text
    assert text.rstrip().endswith(
        "(expected sqlite:///PATH or postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE)"
    )


def test_a_bug_of_the_harness_shows_its_traceback_and_says_so(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path / "copy")
    module = copy / "harness/blueprint.py"
    module.write_text(
        module.read_text().replace(
            '    output = output or source_dir / "build" / "contract.apib"\n',
            '    output = output or source_dir / "build" / "contract.apib"\n    1 / 0\n',
        )
    )
    code, text = Harness(tmp_path, "names", cwd=copy).finish()
    assert code == 3
    assert "Traceback (most recent call last)" in text and "1 / 0" in text
    assert text.rstrip().endswith(
        "harness: this is a bug of the harness (ZeroDivisionError), not a problem of your"
        " server or setup: the traceback above shows where"
    )


# --- signals ---------------------------------------------------------------------------


def ctrl_c(harness: Harness) -> None:
    """What a terminal does: SIGINT to the foreground process group."""
    os.killpg(harness.pid, signal.SIGINT)


def sigint(harness: Harness) -> None:
    os.kill(harness.pid, signal.SIGINT)


def sigterm(harness: Harness) -> None:
    os.kill(harness.pid, signal.SIGTERM)


SIGNALS = {"ctrl-c": (ctrl_c, 130, "SIGINT"), "sigint": (sigint, 130, "SIGINT")}
SIGNALS["sigterm"] = (sigterm, 143, "SIGTERM")


def assert_stopped_by_signal(
    harness: Harness, how: str, reports: Path, stem: str = "contract"
) -> None:
    send, status, name = SIGNALS[how]
    send(harness)
    seconds = harness.gone_within(STOP_WITHIN)
    code, text = harness.finish()
    print(f"{how}: everything stopped {seconds:.2f} s after the signal")
    assert code == status, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    stopped = re.search(rf"FAILED: interrupted by {name} after (\d+) of (\d+) transactions", text)
    assert stopped, text[-3000:]
    assert 5 <= int(stopped.group(1)) < int(stopped.group(2))
    # What ran is reported; Dredd's half-written xunit report is not passed off as one.
    assert (reports / f"{stem}.md").exists() and not (reports / f"{stem}.xml").exists()


@pytest.mark.parametrize("how", ["ctrl-c", "sigint", "sigterm"])
def test_a_signal_stops_every_process_and_writes_the_reports(tmp_path: Path, how: str) -> None:
    reports = tmp_path / "reports"
    harness = Harness(tmp_path, "run", "--reports", str(reports))
    harness.wait_for(PROGRESS)
    assert_stopped_by_signal(harness, how, reports)
    assert (reports / "server.log").exists()


def test_a_signal_on_postgresql_drops_the_runs_database(tmp_path: Path) -> None:
    admin_url = postgresql_server_or_skip()
    reports = tmp_path / "reports"
    harness = Harness(
        tmp_path,
        "run",
        "--db",
        "postgresql",
        "--reports",
        str(reports),
        POSTGRESQL_ADMIN_URL=admin_url,
    )
    harness.wait_for(PROGRESS)
    assert run_databases(admin_url, harness)
    assert_stopped_by_signal(harness, "sigterm", reports)
    assert run_databases(admin_url, harness) == []


def test_a_signal_before_dredd_starts_drops_the_database_too(tmp_path: Path) -> None:
    admin_url = postgresql_server_or_skip()
    harness = Harness(tmp_path, "run", "--db", "postgresql", POSTGRESQL_ADMIN_URL=admin_url)
    harness.wait_for("contract: on PostgreSQL, database ")
    ctrl_c(harness)
    harness.gone_within(STOP_WITHIN)
    code, text = harness.finish()
    assert code == 130
    assert_short_cause(text, "harness: stopped by SIGINT; nothing was run", 2)
    assert run_databases(admin_url, harness) == []


@pytest.fixture(params=["sqlite", "postgresql"])
def server_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'implementation.sqlite3'}"
        return
    with postgresql.temporary_database(postgresql_server_or_skip(), "faults") as url:
        yield url


@pytest.mark.parametrize("how", ["sigint", "sigterm"])
def test_a_signal_stops_a_conform_run(tmp_path: Path, server_database: str, how: str) -> None:
    reports = tmp_path / "reports"
    with started_server(server_database, tmp_path / "implementation.log") as server:
        harness = Harness(
            tmp_path,
            "conform",
            "--endpoint",
            server.url,
            "--database-url",
            server_database,
            "--reports",
            str(reports),
        )
        harness.wait_for(PROGRESS)
        assert_stopped_by_signal(harness, how, reports, stem="conformance")
        assert server.process.poll() is None  # not the harness's to stop
    assert "conformance: NOT FINISHED: " in harness.text


# --- the server exits during the run ---------------------------------------------------


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_server_that_exits_stops_the_run_saying_so(tmp_path: Path, database: str) -> None:
    extra: dict[str, str] = {}
    args = ["run", "--reports", str(tmp_path / "reports")]
    if database == "postgresql":
        extra["POSTGRESQL_ADMIN_URL"] = admin_url = postgresql_server_or_skip()
        args += ["--db", "postgresql"]
    harness = Harness(tmp_path, *args, **extra)
    harness.wait_for(PROGRESS)
    servers = [pid for pid, command in harness.processes() if "-m reference_server" in command]
    assert len(servers) == 1, harness.processes()
    os.kill(servers[0], signal.SIGKILL)
    seconds = harness.gone_within(STOP_WITHIN)
    code, text = harness.finish()
    print(f"server killed: the run stopped {seconds:.2f} s later, {len(text.splitlines())} lines")
    assert code == 1, text[-3000:]
    assert "Traceback" not in text
    died = re.search(
        r"FAILED: the server exited with status 137 \(killed by SIGKILL\) after (\d+)"
        r" transactions; last lines of its log:\n  127\.0\.0\.1 - - ",
        text,
    )
    assert died and int(died.group(1)) >= 5, text[-3000:]
    assert len(text.splitlines()) < 150  # not one failure per transaction left
    if database == "postgresql":
        assert run_databases(admin_url, harness) == []


def test_a_server_started_elsewhere_that_goes_away_stops_conform(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'implementation.sqlite3'}"
    with started_server(database, tmp_path / "implementation.log") as server:
        harness = Harness(
            tmp_path,
            "conform",
            "--endpoint",
            server.url,
            "--database-url",
            database,
            "--reports",
            str(tmp_path / "reports"),
        )
        harness.wait_for(PROGRESS)
        server.process.kill()
        seconds = harness.gone_within(STOP_WITHIN)
    code, text = harness.finish()
    print(f"server gone: conform stopped {seconds:.2f} s later, {len(text.splitlines())} lines")
    assert code == 1, text[-3000:]
    assert "Traceback" not in text
    assert re.search(
        rf"FAILED: the server at {re.escape(server.url)} stopped answering after \d+"
        r" transactions: it refuses connections",
        text,
    ), text[-3000:]
    assert len(text.splitlines()) < 150
