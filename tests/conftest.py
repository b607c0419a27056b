"""Fixtures in the style of Flask's tutorial: a fresh app, database and client per test.

Every test runs once per database backend: ``sqlite`` (a new file per test) always, and
``postgresql`` when a server answers (``TEST_POSTGRESQL_URL``, or by default
postgresql://postgres@127.0.0.1:5432/postgres). PostgreSQL gets one fresh database per
session, emptied before every test with ``seeders.sql.empty_database``; SQLite gets a copy
of a file whose schema was made once, so no test pays for the migrations.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from api_support import (
    EVENT_ENDS,
    EVENT_STARTS,
    JSONAPI,
    BodyRoute,
    document,
    organizer_of,
    patch_body,
    ticket_code_body,
    to_one,
)
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token
from sqlalchemy import Engine, make_url
from werkzeug.test import TestResponse

import factories
from factories import DiscountCodeTicketFactory, EventFactoryBasic, TicketFactory, UserFactory
from harness import postgresql
from reference_server import create_app, db
from reference_server.models import Event, Ticket, User
from seeders.sql import empty_database
from tests.mutants import CAUGHT, score

DEFAULT_POSTGRESQL_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
CAUGHT_KEY = "mutants_caught"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--whole-contract",
        action="store_true",
        help="tests/mutants: run every transaction against each mutant, not only those it names",
    )


# --- the catalogue's score (tests/mutants), gathered from every worker ------------------


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: its catches go to the controller
        workeroutput[CAUGHT_KEY] = json.dumps(CAUGHT)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist: a worker is done; merge what it caught."""
    CAUGHT.update(json.loads(node.workeroutput.get(CAUGHT_KEY, "{}")))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    score.summarize(terminalreporter)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A database of its own on the PostgreSQL server, created once and dropped at the end."""
    configured = os.environ.get("TEST_POSTGRESQL_URL")
    server = make_url(configured or DEFAULT_POSTGRESQL_URL).set(drivername="postgresql")
    try:
        admin = psycopg.connect(
            server.render_as_string(hide_password=False), autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError as error:
        where = server.render_as_string()
        hint = "" if configured else " (set TEST_POSTGRESQL_URL to use another server)"
        reason = f"PostgreSQL is not reachable at {where}{hint}: {error}".strip()
        if not postgresql.may_skip(named_explicitly=bool(configured)):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"contract_tests_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        # A throwaway database: commits need not wait for the disk.
        admin.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO off')
        url = server.set(database=name).render_as_string(hide_password=False)
        try:
            engine = db.make_engine(url)
            db.migrate(engine)
            engine.dispose()
            yield url
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the schema, made once; every test gets a copy of it."""
    path = tmp_path_factory.mktemp("template") / "schema.sqlite3"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("postgresql_url")


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The server on an empty database, with the factories writing to the same one."""
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            # The schema is made once per session (see the fixtures above).
            "CREATE_SCHEMA": False,
        }
    )
    engine = app.extensions["db_engine"]
    factories.bind(engine)
    empty_database(engine)
    factories.restart()
    yield app
    factories.FactorySession.remove()
    engine.dispose()


@pytest.fixture
def engine(app: Flask) -> Engine:
    return app.extensions["db_engine"]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def token(app: Flask) -> Callable[..., str]:
    """``token(identity, **options)``: a token signed like the server's own."""

    def make(identity: str, **options: Any) -> str:
        with app.app_context():
            return create_access_token(identity=identity, **options)

    return make


@pytest.fixture
def auth(token: Callable[..., str]) -> Callable[[User], dict[str, str]]:
    """``auth(user)``: the Authorization header of a logged-in ``user``."""

    def headers_for(user: User) -> dict[str, str]:
        return {"Authorization": f"JWT {token(str(user.id))}"}

    return headers_for


class Api:
    """The test client with the API's conventions: ``user=`` picks the caller and
    writes go out as JSON:API."""

    def __init__(self, client: FlaskClient, auth: Callable[[User], dict[str, str]]) -> None:
        self.client = client
        self.auth = auth

    def _headers(self, user: User | None, headers: dict[str, str] | None) -> dict[str, str]:
        return {**(self.auth(user) if user is not None else {}), **(headers or {})}

    def get(
        self, url: str, *, user: User | None = None, headers: dict[str, str] | None = None
    ) -> TestResponse:
        return self.client.get(url, headers=self._headers(user, headers))

    def delete(self, url: str, *, user: User | None = None) -> TestResponse:
        return self.client.delete(url, headers=self._headers(user, None))

    def post(
        self, url: str, body: Any, *, user: User | None = None, content_type: str = JSONAPI
    ) -> TestResponse:
        return self.client.post(
            url, json=body, headers=self._headers(user, None), content_type=content_type
        )

    def patch(
        self, url: str, body: Any, *, user: User | None = None, content_type: str = JSONAPI
    ) -> TestResponse:
        return self.client.patch(
            url, json=body, headers=self._headers(user, None), content_type=content_type
        )


@pytest.fixture
def api(client: FlaskClient, auth: Callable[[User], dict[str, str]]) -> Api:
    return Api(client, auth)


# --- the rows most tests start from ---------------------------------------------------


@pytest.fixture
def event(app: Flask) -> Event:
    return EventFactoryBasic()


@pytest.fixture
def ticket(event: Event) -> Ticket:
    """A paid ticket of ``event``, priced 100."""
    return TicketFactory(event=event, price=100.0)


@pytest.fixture
def organizer(event: Event) -> User:
    return organizer_of(event)


@pytest.fixture
def admin(app: Flask) -> User:
    return UserFactory(admin=True)


# --- every route that reads a JSON:API body, with a caller allowed to use it ------------


BODY_ROUTES = [
    "create discount code",
    "update discount code",
    "sign up",
    "create event",
    "create ticket",
    "grant role",
]


#: The routes among them that create a resource (its id is the server's to choose).
CREATION_ROUTES = [name for name in BODY_ROUTES if name != "update discount code"]


@pytest.fixture(params=BODY_ROUTES)
def body_route(
    request: pytest.FixtureRequest, client: FlaskClient, auth: Callable[[User], dict[str, str]]
) -> BodyRoute:
    """Each JSON:API route that reads a body, as the least-privileged caller it lets in."""
    return _body_route(request.param, client, auth)


@pytest.fixture(params=CREATION_ROUTES)
def creation_route(
    request: pytest.FixtureRequest, client: FlaskClient, auth: Callable[[User], dict[str, str]]
) -> BodyRoute:
    """Each route that creates a resource, as the least-privileged caller it lets in."""
    return _body_route(request.param, client, auth)


def _body_route(
    name: str, client: FlaskClient, auth: Callable[[User], dict[str, str]]
) -> BodyRoute:
    event = EventFactoryBasic()
    ticket = TicketFactory(event=event, price=100.0)
    organizer = organizer_of(event)
    if name == "create discount code":
        return BodyRoute(
            client,
            "POST",
            "/v1/discount-codes",
            lambda: ticket_code_body(event, [ticket]),
            auth(organizer),
            201,
        )
    if name == "update discount code":
        code = DiscountCodeTicketFactory(event=event, tickets=[ticket])
        return BodyRoute(
            client,
            "PATCH",
            f"/v1/discount-codes/{code.id}",
            lambda: patch_body(code.id, value=5.0),
            auth(organizer),
            200,
        )
    if name == "sign up":
        return BodyRoute(
            client,
            "POST",
            "/v1/users",
            lambda: document(
                {"email": "ada@example.com", "password": "a long enough password"}, type_="user"
            ),
            {},
            201,
        )
    if name == "create event":
        return BodyRoute(
            client,
            "POST",
            "/v1/events",
            lambda: document(
                {"name": "Summit", "starts_at": EVENT_STARTS, "ends_at": EVENT_ENDS}, type_="event"
            ),
            auth(UserFactory()),
            201,
        )
    if name == "create ticket":
        return BodyRoute(
            client,
            "POST",
            "/v1/tickets",
            lambda: document(
                {"name": "Standard", "type": "paid", "price": 10.0, "quantity": 5},
                type_="ticket",
                relationships={"event": to_one("event", event.id)},
            ),
            auth(organizer),
            201,
        )
    assert name == "grant role"
    member = UserFactory()
    return BodyRoute(
        client,
        "POST",
        "/v1/users-events-roles",
        lambda: document(
            {"role": "coorganizer"},
            type_="users-events-role",
            relationships={"user": to_one("user", member.id), "event": to_one("event", event.id)},
        ),
        auth(organizer),
        201,
    )
