"""``harness conform`` against the reference server started as a separate process, on
SQLite and PostgreSQL, with both seeders; the api seeder on ids that start at 1000."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from harness import postgresql
from harness.conform import Conformance, conform
from harness.testing import PROJECT_ROOT, reference_server
from reference_server import db
from reference_server.config import DEFAULT_JWT_SECRET
from reference_server.models import DiscountCode, Event, User
from tests.api_support import postgresql_server_or_skip

pytestmark = pytest.mark.e2e

ADMIN_EMAIL, ADMIN_PASSWORD = "admin@conformance.example", "an admin's long password"
# The api seeder signs up ~300 users per run: scrypt (~0.1 s a hash) would be most of it.
FAST_HASHES = {"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
LISTS_EVERY_ROW = {
    "Discount Codes > Discount Code Collection > List All Discount Codes",
    "Discount Codes > Discount Code Collection > List All Discount Codes Sorted and Paginated",
    "Discount Codes > Discount Code Collection > List All Discount Codes, First of Two Pages",
    "Discount Codes > Discount Code Collection > List All Discount Codes, a Page beyond the Last",
    "Discount Codes > Discount Code Collection > List All Discount Codes Sorted by Two Keys",
    "Discount Codes > Discount Code Collection > List All Discount Codes, Last of Two Uneven Pages",
    "Discount Codes > Discount Code Collection > List All Discount Codes, Third of Three Pages",
    *(
        f"Discount Codes > Discount Code Collection > List All Discount Codes {filtered}"
        for filtered in (
            "Filtered by Two Attributes",
            "Filtered with Or and Not",
            "Filtered through Their Tickets",
            "Filtered in the Short Form",
            "Filtered and Paginated",
        )
    ),
    "Compound Documents > Lists with Included Resources"
    " > List All Discount Codes with Their Events",
    "Compound Documents > Lists with Included Resources"
    " > List All Discount Codes with Their Shared Tickets",
    "Limits > Discount Code Limits > List All Discount Codes with the Largest Page Size",
    "Limits > Discount Code Limits > List All Discount Codes with the Largest Page Number",
}
# Through an API, rows can only be made the way the API makes them: events and tickets
# have no DELETE route, so scenarios seeding a deleted one are not checked.
NO_ROUTE_TO_DELETE = "the API has no route to delete one"


@pytest.fixture(params=["sqlite", "postgresql"])
def implementation_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of the test's own (not conftest's shared, migrated one): the
    server under test migrates it, and on PostgreSQL its sequences are the test's to set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'implementation.sqlite3'}"
        return
    with postgresql.temporary_database(postgresql_server_or_skip(), "conform") as url:
        yield url


def make_admin(database_url: str) -> None:
    """The server's first admin, made the way its operator would make it."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "reference_server.admin",
            "--email",
            ADMIN_EMAIL,
            "--password",
            ADMIN_PASSWORD,
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **FAST_HASHES, "DATABASE_URL": database_url},
        check=True,
        capture_output=True,
    )


def start_ids_at(database_url: str, first_id: int) -> None:
    """On PostgreSQL, every table's id sequence starts at ``first_id``."""
    engine = db.make_engine(database_url)
    db.migrate(engine)
    with engine.begin() as connection:
        for table in db.Base.metadata.sorted_tables:
            if "id" in table.c:
                sequence = connection.scalar(
                    text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
                )
                connection.execute(text(f"ALTER SEQUENCE {sequence} RESTART WITH {first_id}"))
    engine.dispose()


def conform_through_api(endpoint: str, tmp_path: Path, **options: object) -> Conformance:
    """``harness conform --seeder api`` as the admin ``make_admin`` made."""
    return conform(
        endpoint,
        "api",
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        reports_dir=tmp_path,
        quiet=True,
        **options,  # type: ignore[arg-type]
    )


def assert_conforms(
    result: Conformance, not_checked: set[str], *, also_for: str | None = None
) -> None:
    """Every rule conforms but ``not_checked`` and, if ``also_for`` is given, those whose
    only reason says it (there must be such rules)."""
    failures = [(r.name, r.message[:300]) for r in result.run.results if r.outcome == "fail"]
    assert not failures, failures
    assert not result.problems, result.problems
    skipped = {r.name: " ".join(r.not_checked) for r in result.run.results if r.outcome == "skip"}
    others = {name for name, why in skipped.items() if also_for and also_for in why}
    assert not also_for or others, f"no rule was not checked for {also_for!r}"
    assert set(skipped) - others == not_checked
    assert result.conforms
    assert result.run.report.total == result.run.expected == len(result.run.results)


def test_sql_seeder_with_the_signing_key_checks_every_rule(
    implementation_database: str, tmp_path: Path
) -> None:
    database_url = implementation_database
    with reference_server(database_url, tmp_path / "server.log") as endpoint:
        result = conform(
            endpoint,
            "sql",
            database_url=database_url,
            jwt_secret=DEFAULT_JWT_SECRET,
            reports_dir=tmp_path,
            quiet=True,
        )
    assert_conforms(result, not_checked=set())
    report = (tmp_path / "conformance.md").read_text()
    assert f"**CONFORMS: {result.run.expected} of {result.run.expected} rules conform" in report
    assert (tmp_path / "conformance.html").exists() and (tmp_path / "conformance.xml").exists()


def test_api_seeder(tmp_path: Path) -> None:
    """On PostgreSQL, with every id from 1000: none of the blueprint's ids is the server's.

    One backend is enough: what is under test is the seeder, which sees only HTTP (the
    SQLite server is the planted-bug test's below); ids from 1000 need PostgreSQL's
    sequences."""
    with postgresql.temporary_database(postgresql_server_or_skip(), "conform") as url:
        _api_seeder_conforms(url, tmp_path)


def _api_seeder_conforms(database_url: str, tmp_path: Path) -> None:
    start_ids_at(database_url, 1000)
    make_admin(database_url)
    with reference_server(
        database_url, tmp_path / "server.log", environment=FAST_HASHES
    ) as endpoint:
        result = conform_through_api(endpoint, tmp_path, jwt_secret=DEFAULT_JWT_SECRET)
        # Again, on the same server: every code and email is new to each run.
        again = conform_through_api(
            endpoint, tmp_path / "again", jwt_secret=DEFAULT_JWT_SECRET, patterns=["Create"]
        )
    assert_conforms(result, not_checked=LISTS_EVERY_ROW, also_for=NO_ROUTE_TO_DELETE)
    assert_conforms(again, not_checked=set(), also_for=NO_ROUTE_TO_DELETE)
    report = (tmp_path / "conformance.md").read_text()
    assert "the answer lists every row" in report
    assert "that a refused write changed nothing: it needs the database" in report
    assert "a deleted event: the API has no route to delete one" in report
    engine = db.make_engine(database_url)
    with engine.connect() as connection:
        for model in (User, Event, DiscountCode):
            assert connection.scalar(select(func.min(model.id))) >= 1000
        assert connection.scalar(select(func.count()).select_from(DiscountCode)) > 100
    engine.dispose()


def test_without_the_signing_key_expired_tokens_are_not_checked(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'implementation.sqlite3'}"
    with reference_server(database_url, tmp_path / "server.log") as endpoint:
        result = conform(
            endpoint,
            "sql",
            database_url=database_url,
            reports_dir=tmp_path,
            quiet=True,
            patterns=["Expired Token", "without Expiry", "Discount Code Detail"],
        )
    expired = {
        r.name
        for r in result.run.results
        if r.name.endswith(("with an Expired Token", "with a Token without Expiry"))
    }
    assert expired and result.not_checked_names() == expired
    assert result.conforms
    assert (
        "an expired token needs the server's signing key"
        in (tmp_path / "conformance.md").read_text()
    )


def test_api_seeder_catches_a_planted_bug(tmp_path: Path) -> None:
    """Rewritten to the server's ids, a refusal still fails where the server lets it in."""
    database_url = f"sqlite:///{tmp_path / 'mutant.sqlite3'}"
    make_admin(database_url)
    module = ("tests.mutants", "plain-user-creates-ticket-code")
    with reference_server(
        database_url, tmp_path / "server.log", module=module, environment=FAST_HASHES
    ) as endpoint:
        result = conform_through_api(
            endpoint,
            tmp_path,
            patterns=["Ticket Discount Code Collection > Create Ticket Discount Code"],
        )
    prefix = "Discount Codes > Ticket Discount Code Collection > Create Ticket Discount Code"
    assert result.failed_names() == {
        f"{prefix} as a Plain User",
        f"{prefix} as an Organizer of Another Event",
    }
    assert not result.conforms and not result.problems
    report = (tmp_path / "conformance.md").read_text()
    assert report.splitlines()[4].startswith("**DOES NOT CONFORM: ")
    assert "expected 403, got 201" in report
