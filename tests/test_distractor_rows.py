"""Rule 1 of the contract: an answer that lists or looks up rows is tested among rows it
must leave out.

A server that answers every row of a table, or the first one, passes a transaction whose
scenario seeds only the rows the answer holds. So for every transaction whose expected
answer is a 200 to a GET carrying discount codes, events, tickets or users (a list, or
one resource looked up), its scenario is seeded as the hooks seed it (the sql seeder, on
an SQLite file) and the database must then hold at least one row of the answered type
that the answer leaves out: a distractor (a soft-deleted twin, another event's code,
another marketer's, an unlinked ticket, another user...). The answered rows are those
the blueprint pins (``fixed`` ids); an answer that pins no id fails too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from repo_copy import PROJECT_ROOT

from harness import blueprint
from harness.testing import Transaction, compile_contract

pytestmark = pytest.mark.e2e

# JSON:API type -> table.
TABLES = {
    "discount-code": "discount_codes",
    "event": "events",
    "ticket": "tickets",
    "user": "users",
}

# Answers that cannot leave out a row of their type, and why. Keep it short: nearly every
# answer can be given a row it must not show.
EXEMPT: dict[str, str] = {
    name: (
        "the answer is null: there is no row to pin (its after hook checks it); the ticket"
        " code seeded beside it has an event"
    )
    for name in (
        "Discount Codes > Discount Code Event > Get the Event of an Event Discount Code",
        "Discount Codes > Discount Code Event Relationship > Get the Event Relationship of"
        " an Event Discount Code",
    )
}

SEED_AND_LIST_ROWS = """
import json, sys
from dredd_hooks_runtime import REGISTRY, load_hook_files

load_hook_files(["hooks/[a-z]*.py"])
from hooks import RUN
from sqlalchemy import text
tables = json.loads(sys.argv[1])
found = {}
for transaction in json.loads(sys.stdin.read()):
    data = {
        "name": transaction["name"],
        "request": {"method": "GET", "uri": transaction["uri"], "headers": {}, "body": ""},
        "expected": {"statusCode": "200"},
    }
    RUN.begin(data)
    for hook in REGISTRY.hooks_for("before", transaction["name"]):
        hook(data)
    with RUN.engine.connect() as connection:
        found[transaction["name"]] = {
            table: [str(row[0]) for row in connection.execute(text(f"SELECT id FROM {table}"))]
            for table in tables
        }
print(json.dumps(found))
"""


def _pinned(member: Any) -> Any:
    if isinstance(member, dict):
        if "const" in member:
            return member["const"]
        enum = member.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            return enum[0]
    return None


def _resource_schemas(data: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The schemas of the resource objects an answer's ``data`` holds, or ``None`` when
    they are not pinned one by one (a list that is not a ``fixed`` array)."""
    if "anyOf" in data:  # nullable: the object branch
        data = next((s for s in data["anyOf"] if s.get("type") == "object"), {})
    if data.get("type") == "object":
        return [data]
    if data.get("type") == "array" and isinstance(data.get("items"), list):
        return data["items"]
    return None


def answer(transaction: Transaction) -> tuple[str, set[str] | None] | None:
    """(the answered type, the ids it pins) for a 200 GET carrying resources we check."""
    if transaction.method != "GET" or transaction.status != 200 or not transaction.schema:
        return None
    data = json.loads(transaction.schema).get("properties", {}).get("data")
    if not isinstance(data, dict):
        return None
    resources = _resource_schemas(data)
    if not resources:
        return None
    types = {_pinned(r.get("properties", {}).get("type")) for r in resources}
    if len(types) != 1 or next(iter(types)) not in TABLES:
        return None
    ids = {_pinned(r.get("properties", {}).get("id")) for r in resources}
    return next(iter(types)), None if None in ids else ids


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[Transaction, str, set[str] | None]]:
    found = {}
    for transaction in compile_contract(blueprint.build()).transactions:
        answered = answer(transaction)
        if answered is not None:
            found[transaction.name] = (transaction, *answered)
    return found


@pytest.fixture(scope="module")
def seeded(
    answers: dict[str, tuple[Transaction, str, set[str] | None]],
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict[str, list[str]]]:
    """Every such transaction's scenario, seeded as the hooks do: the ids of each table."""
    database = tmp_path_factory.mktemp("distractors") / "seed.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("CONTRACT_RESULTS", None)
    transactions = [{"name": t.name, "uri": t.uri} for t, _, _ in answers.values()]
    done = subprocess.run(
        [sys.executable, "-c", SEED_AND_LIST_ROWS, json.dumps(sorted(set(TABLES.values())))],
        input=json.dumps(transactions),
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])


Answers = dict[str, tuple[Transaction, str, set[str] | None]]


def without_distractors(answers: Answers, seeded: dict[str, dict[str, list[str]]]) -> list[str]:
    """What breaks rule 1: answers that pin no ids, and scenarios that seed no row of the
    answered type beside those the answer holds (exempt and listed ones aside)."""
    problems = []
    for name, (_, type_, ids) in sorted(answers.items()):
        if name in EXEMPT:
            continue
        if ids is None:
            problems.append(f"{name}: the answer pins no ids")
        elif not set(seeded[name][TABLES[type_]]) - ids:
            problems.append(f"{name}: seeds only the {type_} rows it answers ({sorted(ids)})")
    return problems


def test_every_listed_or_looked_up_answer_is_tested_among_rows_it_leaves_out(
    answers: Answers, seeded: dict[str, dict[str, list[str]]]
) -> None:
    assert len(answers) > 20, "the contract's list and lookup answers were not found"
    assert without_distractors(answers, seeded) == []


def test_the_lists_of_exceptions_are_current(
    answers: Answers, seeded: dict[str, dict[str, list[str]]]
) -> None:
    """Every name on them is such an answer, and still lacks a distractor."""
    for name in EXEMPT:
        assert name in answers, f"{name}: not a 200 GET answer of the contract (any more)"
        _, type_, ids = answers[name]
        if ids is not None and set(seeded[name][TABLES[type_]]) - ids:
            pytest.fail(f"{name} now seeds rows its answer leaves out: take it off the list")


def _listing(type_: str, ids: list[str], status: int = 200) -> Transaction:
    items = [{"type": "object", "properties": {"type": {"const": type_}, "id": id_}} for id_ in ids]
    schema = {"properties": {"data": {"type": "array", "items": items}}}
    return Transaction("G > R > A", "G", "R", "A", "GET", "/v1/x", status, json.dumps(schema))


def test_the_check_finds_scenarios_without_distractors() -> None:
    pinned = _listing("event", [{"const": "2"}])
    assert answer(pinned) == ("event", {"2"})
    assert answer(_listing("event", [{"const": "2"}], status=403)) is None
    assert answer(_listing("users-events-role", [{"const": "2"}])) is None
    loose = _listing("ticket", [{"type": "string"}])
    answers: Answers = {
        "with a distractor": (pinned, "event", {"2"}),
        "without": (pinned, "event", {"2"}),
        "unpinned": (loose, *answer(loose)),  # type: ignore[misc]
    }
    seeded = {
        "with a distractor": {"events": ["1", "2"]},
        "without": {"events": ["2"]},
        "unpinned": {"tickets": ["1", "2"]},
    }
    assert without_distractors(answers, seeded) == [
        "unpinned: the answer pins no ids",
        "without: seeds only the event rows it answers (['2'])",
    ]
