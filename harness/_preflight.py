"""What a run checks before Dredd starts, so that a mistake is one line, not 282 failures.

Dredd against a server that is not there fails every transaction, one connection error
at a time; a blueprint that does not compile gives Dredd nothing to run; a database URL
that does not parse ends in a traceback of the hooks process. Each is checked here
first and reported as a ``HarnessError`` naming the cause (the command exits 2).
"""

from __future__ import annotations

import errno
import re
import socket
import sqlite3
import sys
import time
import urllib.parse
from pathlib import Path

from harness import blueprint
from harness._console import EXPECTED_WARNING
from harness._transactions import Annotation, Compilation, compile_contract
from harness.errors import BlueprintError, UnreachableError, UsageError

ENDPOINT_WAIT_SECONDS = 15.0
POSTGRESQL_URL_FORM = "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
DATABASE_URL_FORMS = f"sqlite:///PATH or {POSTGRESQL_URL_FORM}"


# --- the blueprint -------------------------------------------------------------------


def compiled(contract: Path, source_dir: Path = blueprint.SOURCE_DIR) -> Compilation:
    """Dredd's compilation of ``contract``, or ``BlueprintError`` with drafter's errors
    and warnings at the line of the source file they are about."""
    compilation = compile_contract(contract)
    if compilation.errors or not compilation.transactions:
        sources = blueprint.SourceMap(source_dir)
        details = [located(a, sources) for a in compilation.annotations if not _expected(a)]
        if compilation.errors:
            count = len(compilation.errors)
            plural = "s" if count > 1 else ""
            raise BlueprintError(
                f"the blueprint does not compile: {count} error{plural} (above)", details
            )
        raise BlueprintError(
            "the blueprint compiles to no transaction: no request of blueprint/NN-*.apib"
            " has a response",
            details,
        )
    return compilation


def _expected(annotation: Annotation) -> bool:
    return annotation.type == "warning" and bool(EXPECTED_WARNING.search(annotation.message))


def located(
    annotation: Annotation, sources: blueprint.SourceMap | None = None, *, with_type: bool = True
) -> str:
    """``blueprint/NN-name.apib:LINE: error: message``: where to fix it. Dredd's compiler
    gives no line, only the transaction: its action's heading is looked up instead."""
    sources = sources or blueprint.SourceMap()
    if annotation.line is not None:
        where = sources.location(annotation.line)
    elif annotation.transaction:
        where = sources.heading(annotation.transaction) or f"blueprint ({annotation.transaction})"
    else:
        where = "blueprint"
    message = " ".join(annotation.message.split())
    return f"{where}: {annotation.type}: {message}" if with_type else f"{where}: {message}"


def errors(compilation: Compilation, sources: blueprint.SourceMap | None = None) -> list[str]:
    """drafter's errors, located, without the word "error"."""
    sources = sources or blueprint.SourceMap()
    return [
        located(a, sources, with_type=False) for a in compilation.annotations if a.type == "error"
    ]


def warnings(compilation: Compilation, sources: blueprint.SourceMap | None = None) -> list[str]:
    """The warnings worth reading (not the expected ones), located."""
    sources = sources or blueprint.SourceMap()
    return [
        located(a, sources)
        for a in compilation.annotations
        if a.type == "warning" and not _expected(a)
    ]


# --- the server under test -----------------------------------------------------------


def endpoint_answers(url: str, wait: float = ENDPOINT_WAIT_SECONDS) -> None:
    """Something answers HTTP at ``url`` (any status will do). A refused connection is
    tried again for ``wait`` seconds: a server started a moment ago (``server &``) is
    given time to listen; any other error is reported at once."""
    import httpx  # only here: it costs start-up time

    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"--endpoint {url!r} is not an http:// or https:// URL")
    deadline, said = time.monotonic() + wait, False
    while True:
        try:
            httpx.get(url, timeout=5.0)
            return
        except httpx.ConnectError as error:
            refused = _refused(error)
            if not refused or time.monotonic() > deadline:
                waited = f" (waited {wait:.0f} s)" if refused and wait else ""
                raise UnreachableError(
                    f"nothing answers at {url}: {_reason(error)}{waited}"
                ) from error
            if not said:
                print(
                    f"harness: nothing answers at {url} yet (connection refused);"
                    f" waiting up to {wait:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
                said = True
            time.sleep(0.2)
        except httpx.TimeoutException as error:
            raise UnreachableError(f"{url} did not answer in 5 s: {_reason(error)}") from error
        except httpx.HTTPError as error:
            raise UnreachableError(f"{url} does not answer HTTP: {_reason(error)}") from error


def _refused(error: BaseException) -> bool:
    while error is not None:
        if isinstance(error, ConnectionRefusedError) or (
            isinstance(error, OSError) and error.errno == errno.ECONNREFUSED
        ):
            return True
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    return "refused" in str(error).lower()


def _reason(error: BaseException) -> str:
    """``connection refused``, not ``[Errno 111] Connection refused``."""
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", " ".join(str(error).split())) or type(error).__name__
    return text[:1].lower() + text[1:]


def still_answers(url: str) -> bool:
    """A TCP connection to ``url``'s host and port is accepted (a quick check while Dredd
    runs: a server that went away refuses it)."""
    parsed = urllib.parse.urlsplit(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


# --- databases -----------------------------------------------------------------------


def _masked(url: str) -> str:
    """``url`` with any password replaced, for messages."""
    return re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", url)


def database_url_parses(url: str, what: str, *, postgresql_only: bool = False) -> str:
    """The scheme of ``url`` (``sqlite`` or ``postgresql``), or ``HarnessError``: ``what``
    names where the URL came from (``--database-url``, ``POSTGRESQL_ADMIN_URL=``)."""
    forms = POSTGRESQL_URL_FORM if postgresql_only else DATABASE_URL_FORMS
    kind = "a PostgreSQL URL" if postgresql_only else "a database URL"
    match = re.match(r"^([A-Za-z][\w+.-]*)://", url)
    if match is None:
        raise UsageError(f"{what} {_masked(url)!r} is not {kind} (expected {forms})")
    scheme = match.group(1).split("+")[0].lower()
    if scheme in ("postgres", "postgresql"):
        from sqlalchemy.engine.url import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(url)
        except (ArgumentError, ValueError) as error:
            raise UsageError(
                f"{what} {_masked(url)!r} is not {kind}: {error} (expected {forms})"
            ) from error
        return "postgresql"
    if scheme == "sqlite" and not postgresql_only:
        return "sqlite"
    if postgresql_only:
        raise UsageError(f"{what} {_masked(url)!r} is not {kind} (expected {forms})")
    raise UsageError(f"{what} {_masked(url)!r}: {scheme}:// is not supported (expected {forms})")


def database_connects(url: str, what: str) -> None:
    """``url`` parses and a connection to it opens, or ``HarnessError`` saying why."""
    if database_url_parses(url, what) == "sqlite":
        _sqlite_opens(url, what)
        return
    import psycopg

    from harness import postgresql

    try:
        with psycopg.connect(postgresql.libpq_url(url), connect_timeout=5):
            return
    except psycopg.Error as error:
        detail = " ".join(str(error).split())
        raise UnreachableError(
            f"{what} {postgresql.shown(url)} does not connect: {detail}"
        ) from error


def _sqlite_opens(url: str, what: str) -> None:
    """A file (or a place to make one) that SQLite opens: the server and the hooks
    process share it, so an in-memory database cannot be meant."""
    path = url.split("://", 1)[1]
    path = path[1:] if path.startswith("/") else path  # sqlite:///rel, sqlite:////abs
    path = path.split("?", 1)[0]
    if not path or path == ":memory:":
        raise UsageError(
            f"{what} {url!r} is an in-memory database: the server and the hooks need one"
            " file they both open (sqlite:///PATH)"
        )
    file = Path(path)
    if not file.exists():
        if not file.parent.is_dir():
            raise UsageError(f"{what} {url!r}: no directory {file.parent}")
        return  # the server creates it
    try:
        connection = sqlite3.connect(f"file:{file}?mode=rw", uri=True, timeout=5)
        try:
            connection.execute("PRAGMA schema_version")
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise UsageError(f"{what} {url!r}: SQLite cannot open {file}: {error}") from error


# --- where reports go -----------------------------------------------------------------


def reports_writable(directory: Path) -> None:
    """Reports are written at the end of a run: a directory that cannot take them is
    found before the run, not after it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        probe = directory / f".harness-write-test-{time.monotonic_ns()}"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"--reports {directory}: cannot write there: {reason}") from error
