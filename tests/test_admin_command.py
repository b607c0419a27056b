"""``python -m reference_server.admin``: the first admin of a server seeded through its API.

Each test starts from a new, empty database (an SQLite file, or a PostgreSQL database
created for the test); the command migrates it, makes or promotes the admin, and prints
the admin's id, however often it runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from api_support import all_rows, postgresql_server_or_skip
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

import factories
from factories import UserFactory
from harness import postgresql
from reference_server import create_app, db
from reference_server.models import User

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "admin password 1"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database without any schema (the command must migrate it)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'admin.sqlite3'}"
        return
    server = postgresql_server_or_skip()
    with ExitStack() as stack:
        yield stack.enter_context(postgresql.temporary_database(server, prefix="test"))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


def run_admin(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "reference_server.admin", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def users(engine: Engine) -> list[tuple[int, str, bool, bool]]:
    """(id, email, is admin, takes PASSWORD) of every user."""
    with Session(engine) as session:
        rows = session.scalars(select(User).order_by(User.id))
        return [(u.id, u.email, u.is_admin, u.check_password(PASSWORD)) for u in rows]


def test_creates_an_admin_in_a_new_database(database_url, engine):
    result = run_admin(database_url, "--email", "root@example.com", "--password", PASSWORD)
    assert (result.returncode, result.stdout) == (0, "1\n"), result.stderr
    assert users(engine) == [(1, "root@example.com", True, True)]
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM alembic_version")) == 1


def test_makes_the_directory_of_a_new_sqlite_file(tmp_path):
    """As the server does at start: the default file lives in a directory made on demand."""
    path = tmp_path / "instance" / "admin.sqlite3"
    result = run_admin(f"sqlite:///{path}", "--email", "root@example.com", "--password", PASSWORD)
    assert (result.returncode, result.stdout) == (0, "1\n"), result.stderr
    assert path.is_file()


def test_the_admin_logs_in_and_acts_as_admin(database_url, engine):
    assert run_admin(database_url, "--email", "root@example.com", "--password", PASSWORD).stdout
    client = create_app({"DATABASE_URL": database_url, "TESTING": True}).test_client()
    login = client.post("/v1/auth/login", json={"email": "root@example.com", "password": PASSWORD})
    token = login.get_json()["access_token"]
    listed = client.get("/v1/discount-codes", headers={"Authorization": f"JWT {token}"})
    assert listed.status_code == 200


def test_running_again_changes_nothing(database_url, engine):
    first = run_admin(database_url, "--email", "root@example.com", "--password", PASSWORD)
    before = all_rows(engine)
    again = run_admin(database_url, "--email", "ROOT@example.com", "--password", PASSWORD)
    assert (again.returncode, again.stdout) == (0, first.stdout), again.stderr
    assert all_rows(engine) == before


def test_promotes_an_existing_user_and_resets_the_password(database_url, engine):
    db.migrate(engine)
    factories.bind(engine)
    try:
        UserFactory()  # user 1
        UserFactory(email="Ada@Example.com", password="an old password")  # user 2
    finally:
        factories.FactorySession.remove()
    result = run_admin(database_url, "--email", "ada@example.com", "--password", PASSWORD)
    assert (result.returncode, result.stdout) == (0, "2\n"), result.stderr
    assert users(engine)[1] == (2, "Ada@Example.com", True, True)
    assert len(users(engine)) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "root.example.com", "--password", PASSWORD], "--email"),
        (["--email", "root@example.com", "--password", "short"], "--password"),
        (["--email", "root@example.com"], "--password"),
    ],
)
def test_refuses_what_the_sign_up_refuses(database_url, engine, args, message):
    db.migrate(engine)
    result = run_admin(database_url, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert message in result.stderr
    assert users(engine) == []
