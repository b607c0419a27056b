"""The trace's server (``mutation.traced_server``): each request's lines under the name
its header gives, the lines of the start under none; a real server, real HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from harness.testing import started_server
from mutation.trace import _reached
from mutation.traced_server import HEADER

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AUTH = "reference_server/auth.py"


def request(url: str, name: str | None) -> int:
    headers = {HEADER: name} if name else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_each_request_is_recorded_under_its_transaction(tmp_path: Path) -> None:
    data = tmp_path / "coverage.data"
    module = ("mutation.traced_server", "--data", str(data))
    database = f"sqlite:///{tmp_path / 'trace.sqlite3'}"
    with started_server(database, tmp_path / "server.log", module=module) as server:
        assert request(f"{server.url}/v1/discount-codes", "List without a Token") == 401
        assert request(f"{server.url}/v1/events/1", "Read an Event") == 404
        assert request(f"{server.url}/v1/discount-codes", None) == 401
    reached = _reached(data, ROOT)
    contexts = set().union(*(c for lines in reached.values() for c in lines.values()))
    assert contexts == {"", "List without a Token", "Read an Event"}  # the unnamed left out
    auth = reached[AUTH]
    assert any(c == {""} for c in auth.values())  # its imports and definitions, at start
    assert any("List without a Token" in c and "Read an Event" not in c for c in auth.values())
