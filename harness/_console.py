"""Dredd's console output, passed through with progress and without known noise.

Every refusal case is its own action on the resource it refuses, so drafter warns once
per extra action that the method is "already defined for resource". Those warnings are
expected; they are counted in one line instead of filling the screen. Every other
warning passes through (a transaction dropped for a URI parameter without an example,
for instance).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Collection
from typing import TextIO

EXPECTED_WARNING = re.compile(
    r"action with method '\w+' already defined for resource"
    r"|the resource '[^']+' is already defined"
)
RESULT = re.compile(
    r"^(?:\x1b\[\d+m)?(pass|fail|skip|error)(?:\x1b\[\d+m)?: (.*?)(?: duration: \d+ms)?$"
)


def failed_transaction(line: str) -> str | None:
    """The name on a ``fail:`` or ``error:`` result line of Dredd's, else ``None``.

    Dredd's logger also writes ``error:`` lines that name no transaction; callers check
    the name against the transactions they run.
    """
    match = RESULT.match(line)
    return match.group(2) if match and match.group(1) in ("fail", "error") else None


# Dredd's location of a parser annotation: ``.../contract.apib:53 (from line 53 column 7
# to column 31)``, a line of the assembled file.
ASSEMBLED_LOCATION = re.compile(
    r"\S*contract\.apib:(\d+) \((?:from )?line \d+ column \d+(?: to (?:line \d+ )?column \d+)?\)"
)


class DreddConsole:
    """Echoes Dredd's lines to ``out``, numbering each result ``[done/total]``.

    ``names``: the run's transactions; only result lines naming one are counted (Dredd
    also logs ``error: Error connecting to server under test!``). ``locate``: a line of
    the assembled contract to ``blueprint/NN-name.apib:LINE``, for Dredd's warnings.
    ``brief``: one line per transaction and Dredd's closing counts, nothing else (no
    failure details, no hook output: the reports have them, ``--verbose`` shows them).
    """

    def __init__(
        self,
        total: int,
        out: TextIO = sys.stdout,
        selecting: bool = False,
        names: Collection[str] | None = None,
        locate: Callable[[int], str] | None = None,
        brief: bool = False,
    ) -> None:
        self.brief = brief
        self.total = total
        self.selecting = selecting
        self.out = out
        self.names = names
        self.locate = locate
        self.done = 0
        self.hidden_warnings = 0
        self._results_seen: set[str] = set()

    def line(self, line: str) -> None:
        if EXPECTED_WARNING.search(line):
            self.hidden_warnings += 1
            return
        if self.locate is not None:
            locate = self.locate
            line = ASSEMBLED_LOCATION.sub(lambda found: locate(int(found.group(1))), line)
        match = RESULT.match(line)
        if match and match.group(1) == "skip" and self.selecting:
            return  # left out by --only: not part of this run
        if match and self.names is not None and match.group(2) not in self.names:
            match = None
        # Dredd prints each failure twice: once as it happens, once in the final details.
        if match and match.group(2) not in self._results_seen and self.done < self.total:
            self._results_seen.add(match.group(2))
            self.done += 1
            width = len(str(self.total))
            line = f"[{self.done:>{width}}/{self.total}] {line}"
        elif self.brief and not line.startswith("complete: "):
            return
        print(line, file=self.out, flush=True)

    def close(self) -> None:
        if self.hidden_warnings:
            print(
                f"({self.hidden_warnings} expected parser warnings hidden: refusal cases are"
                " separate actions on the resource they refuse)",
                file=self.out,
                flush=True,
            )
