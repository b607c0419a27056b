"""What each transaction expected and got, recorded by the hooks for the run's reports.

Dredd's xunit report has a verdict and a message per test but not the real response; the
``after_each`` hook sees both, so it appends one JSON line per transaction to the file
named by ``CONTRACT_RESULTS`` (set by ``harness run``; recording is off without it).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENVIRONMENT_VARIABLE = "CONTRACT_RESULTS"


@dataclass(frozen=True)
class Result:
    name: str
    method: str
    uri: str
    expected_status: int
    real_status: int | None
    outcome: str  # pass, fail or skip
    message: str
    expected_body: str
    real_body: str
    # Checks this run could not make (a skipped transaction: why it was not run).
    not_checked: list[str] = field(default_factory=list)
    # The seeding request the server refused (row, method, path, sent, status, answer):
    # the rule was not checked because its rows could not be made.
    could_not_seed: dict[str, Any] | None = None
    # Each validation error of the response: {"field", "pointer", "message"}.
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def group(self) -> str:
        return self.name.split(" > ")[0]


def record(
    transaction: dict[str, Any],
    not_checked: list[str] | None = None,
    could_not_seed: dict[str, Any] | None = None,
) -> None:
    """Append ``transaction``'s outcome (call from the last ``after_each`` hook), with the
    checks the run could not make for it and the seeding request refused, if any."""
    path = os.environ.get(ENVIRONMENT_VARIABLE)
    if not path:
        return
    test = transaction.get("test") or {}
    real = transaction.get("real") or {}
    if transaction.get("skip"):
        outcome, message = "skip", ""
    else:
        outcome, message = test.get("status") or "fail", test.get("message") or ""
        fail = transaction.get("fail")
        if fail:
            # Dredd keeps ``fail`` as the hooks set it, or as ``true`` once it has put
            # the reason into the test's message.
            extra = fail if isinstance(fail, str) and fail not in message else ""
            outcome, message = "fail", f"{message}{extra}\n" if extra else message
    line = {
        "name": transaction["name"],
        "method": transaction["request"]["method"],
        "uri": transaction["request"]["uri"],
        "expected_status": int(transaction["expected"].get("statusCode") or 0),
        "real_status": real.get("statusCode"),
        "outcome": outcome,
        "message": message,
        "expected_body": transaction["expected"].get("body") or "",
        "real_body": real.get("body") or "",
        "not_checked": list(not_checked or []),
        "could_not_seed": could_not_seed,
        "errors": validation_errors(transaction),
    }
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")


def validation_errors(transaction: dict[str, Any]) -> list[dict[str, str]]:
    """Gavel's errors per field (``statusCode``, ``headers``, ``body``), with the JSON
    pointer each is about (gavel's own message names it badly, if at all)."""
    fields = ((transaction.get("results") or {}).get("fields")) or {}
    found = []
    for name in ("statusCode", "headers", "body"):
        for error in (fields.get(name) or {}).get("errors") or []:
            location = error.get("location") or {}
            found.append(
                {
                    "field": name,
                    "pointer": str(location.get("pointer") or ""),
                    "message": str(error.get("message") or ""),
                }
            )
    return found


def read(path: Path) -> list[Result]:
    """The recorded results; a last line cut short (the hooks process was stopped while
    writing it, a run broken off) is left out."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and not text.endswith("\n"):
        lines.pop()
    return [Result(**json.loads(line)) for line in lines]
