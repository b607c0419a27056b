"""Two requests creating one code on one event at the same moment: one 201, one 409.

Real HTTP against a server on a PostgreSQL database of its own (created on
``TEST_POSTGRESQL_URL``'s server, else ``POSTGRESQL_ADMIN_URL``'s, else the local one,
and dropped afterwards). Each pair of POSTs waits at a ``threading.Barrier`` with its
connection already open, so both requests reach the server together. Skipped, with the
reason, only when no server answers and neither that variable nor ``CI`` is set.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from api_support import postgresql_server_or_skip
from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

import factories
from factories import EventFactoryBasic, UserEventRoleFactory, UserFactory
from harness import postgresql
from harness.testing import reference_server
from reference_server import config, create_app, db, rules
from reference_server.models import DiscountCode, Role

PAIRS = 25
JSONAPI = "application/vnd.api+json"
# The detail of the 409 for a taken ticket code, the same whether the application's own
# check found it or the database's unique index refused the INSERT after it.
CODE_IN_USE = "is already in use on this event."


@pytest.fixture
def database_url() -> Iterator[str]:
    server = postgresql_server_or_skip()
    with postgresql.temporary_database(server, prefix="test") as url:
        engine = db.make_engine(url)
        db.migrate(engine)
        engine.dispose()
        yield url


@pytest.fixture
def scenario(database_url: str) -> Iterator[str]:
    """Event 1 and its co-organizer; yields the co-organizer's Authorization header."""
    engine = db.make_engine(database_url)
    factories.bind(engine)
    factories.restart()
    event = EventFactoryBasic()
    user = UserFactory()
    UserEventRoleFactory(user=user, event=event, role=Role.COORGANIZER)
    token_app = Flask("concurrency-test")
    token_app.config.update(config.from_environment())
    JWTManager(token_app)
    with token_app.app_context():
        token = create_access_token(identity=str(user.id))
    factories.FactorySession.remove()
    engine.dispose()
    yield f"JWT {token}"


@pytest.mark.e2e
def test_simultaneous_creates_of_one_code_on_the_reference_server(
    database_url: str, scenario: str, tmp_path: Path
) -> None:
    """``python -m reference_server``, as the contract runs it."""
    with reference_server(database_url, tmp_path / "server.log") as endpoint:
        answers = race_pairs(endpoint, scenario)
    assert_one_winner_per_code(answers, database_url)


def test_the_database_index_alone_decides_the_race(
    database_url: str, scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the application's own duplicate check switched off, every loser is refused
    by the partial unique index (and the view turns that into a 409, not a 500)."""
    monkeypatch.setattr(rules, "check_unique_live_code", lambda _session, _code: None)
    with in_process_server(database_url) as endpoint:
        answers = race_pairs(endpoint, scenario)
    assert_one_winner_per_code(answers, database_url)
    for code, pair in answers.items():
        refusal = next(body for status, body in pair if status == 409)
        assert CODE_IN_USE in refusal["errors"][0]["detail"], (code, refusal)


# --- helpers ---------------------------------------------------------------------------------


Answer = tuple[int, dict[str, Any]]


def race_pairs(endpoint: str, authorization: str) -> dict[str, list[Answer]]:
    """``PAIRS`` rounds of two simultaneous POSTs of one code on event 1 (every other
    round in two cases: "RACE-3" and "race-3" are the same code)."""
    answers: dict[str, list[Answer]] = {}
    for number in range(PAIRS):
        spellings = [f"RACE-{number}", f"RACE-{number}" if number % 2 else f"race-{number}"]
        answers[spellings[0]] = simultaneously(
            [lambda code=code: post_code(endpoint, authorization, code) for code in spellings]
        )
    return answers


def simultaneously(requests: list[Callable[[], Callable[[], Answer]]]) -> list[Answer]:
    """Each request is prepared (connection open) in its own thread, then all are sent
    when every thread is ready."""
    barrier = threading.Barrier(len(requests))
    results: list[Answer | BaseException | None] = [None] * len(requests)

    def run(index: int) -> None:
        try:
            send = requests[index]()
            barrier.wait(timeout=10)
            results[index] = send()
        except BaseException as error:  # reported below, in the test's thread
            barrier.abort()
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return [result for result in results if result is not None]


def post_code(endpoint: str, authorization: str, code: str) -> Callable[[], Answer]:
    host, port = endpoint.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    connection.connect()
    body = json.dumps(
        {
            "data": {
                "type": "discount-code",
                "attributes": {"code": code, "value": 5, "type": "amount", "used-for": "ticket"},
                "relationships": {"event": {"data": {"type": "event", "id": "1"}}},
            }
        }
    )
    headers = {"Content-Type": JSONAPI, "Accept": JSONAPI, "Authorization": authorization}

    def send() -> Answer:
        try:
            connection.request("POST", "/v1/discount-codes", body=body, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    return send


def assert_one_winner_per_code(answers: dict[str, list[Answer]], database_url: str) -> None:
    statuses = {code: sorted(status for status, _ in pair) for code, pair in answers.items()}
    assert statuses == {code: [201, 409] for code in answers}
    engine = db.make_engine(database_url)
    try:
        with Session(engine) as session:
            per_code = session.execute(
                select(func.lower(DiscountCode.code), func.count()).group_by(
                    func.lower(DiscountCode.code)
                )
            ).all()
    finally:
        engine.dispose()
    assert dict(per_code) == {code.lower(): 1 for code in answers}


@contextmanager
def in_process_server(database_url: str) -> Iterator[str]:
    """The app served by werkzeug's threaded server in this process (so that a test can
    change the app's code), on a free port; yields its base URL."""
    app = create_app({"DATABASE_URL": database_url, "CREATE_SCHEMA": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.extensions["db_engine"].dispose()
