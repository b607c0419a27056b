"""``harness/dredd_preload.js`` makes Dredd faster without changing what it reports."""

from __future__ import annotations

import json
import subprocess

import pytest
from repo_copy import PROJECT_ROOT

from harness import blueprint
from harness.testing import ensure_dredd

pytestmark = pytest.mark.e2e


def test_reused_validators_give_gavels_own_results() -> None:
    # Every expected response of the contract against the real response itself and broken
    # variants of it (extra key, wrong type, missing key, null, not JSON, no headers, wrong
    # status), each checked by stock Gavel and twice by the preloaded one.
    ensure_dredd()
    done = subprocess.run(
        ["node", "tests/gavel_same_results.js", str(blueprint.build())],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["differ"] == []
    assert result["checked"] > 3000
    # Most variants are broken on purpose: the comparison covers failures, not only passes.
    assert result["invalid"] > result["checked"] / 2
