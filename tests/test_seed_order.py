"""A scenario's rows get the same ids whether written row by row or in one flush.

The hooks write each scenario in one flush (``factories.commit_each_row(False)``); the
blueprint's ids hold only if every table still numbers its rows in the order the scenario
made them. Every scenario of the contract is seeded both ways and the rows compared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from repo_copy import PROJECT_ROOT

pytestmark = pytest.mark.e2e

SEED_BOTH_WAYS = """
import json, sys
from harness import blueprint
from harness.testing import compile_contract
from dredd_hooks_runtime import REGISTRY, load_hook_files

load_hook_files(["hooks/[a-z]*.py"])
import factories
from hooks import RUN
from reference_server import db
from reference_server.db import UTCDateTime


def rows():
    found = {}
    with RUN.engine.connect() as connection:
        for table in db.Base.metadata.sorted_tables:
            kept = [c for c in table.columns if not isinstance(c.type, UTCDateTime)]
            query = table.select().with_only_columns(*kept).order_by(*table.primary_key)
            found[table.name] = [list(map(str, row)) for row in connection.execute(query)]
    return found


differences = {}
for transaction in compile_contract(blueprint.build()).transactions:
    seen = []
    for each_row in (True, False):
        factories.commit_each_row(each_row)
        data = {
            "name": transaction.name,
            "request": {
                "method": transaction.method, "uri": transaction.uri, "headers": {}, "body": ""
            },
            "expected": {"statusCode": str(transaction.status)},
        }
        RUN.begin(data)
        for hook in REGISTRY.hooks_for("before", transaction.name):
            hook(data)
        seen.append(rows())
    if seen[0] != seen[1]:
        differences[transaction.name] = seen
print(json.dumps({"scenarios": len(compile_contract(blueprint.build()).transactions),
                  "differences": differences}))
"""


def test_one_flush_per_scenario_numbers_rows_as_made(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'seed.sqlite3'}"}
    env.pop("CONTRACT_RESULTS", None)
    done = subprocess.run(
        [sys.executable, "-c", SEED_BOTH_WAYS],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["scenarios"] > 150
    assert result["differences"] == {}
