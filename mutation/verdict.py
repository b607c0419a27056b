"""What ended the contract run of a mutant, read from ``mutation.contract_test``'s output.

A mutant is killed by the first transaction that failed (the run stops there), or by a
run that broke before or around Dredd: the reference server did not start, the hook
files did not load, Dredd ran fewer transactions. Both count as killed: a developer's
``harness run`` fails either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_STOPPED = re.compile(
    r"contract: FAILED: stopped at the first failure \(--fail-fast\), after \d+ of \d+"
    r" transactions: (?P<name>.+)$"
)
_TRAILER = re.compile(r"^contract-test: exit (?P<code>-?\d+) after (?P<seconds>[\d.]+) s$")
_BROKE = re.compile(r"^(?:contract: FAILED: |harness: )(?P<why>.+)$")

TRANSACTION = "transaction"  # a transaction failed
BROKEN_RUN = "broken run"  # the run failed outside a transaction's verdict


@dataclass(frozen=True)
class Verdict:
    kind: str  # TRANSACTION, BROKEN_RUN, or "" when the output says nothing (timeouts)
    detail: str  # the transaction's name, or why the run broke
    seconds: float | None  # the test command's wall time, when it ended by itself


def _deciding(output: str) -> tuple[list[str], Verdict]:
    """The lines of ``output`` the verdict rests on, and the verdict."""
    lines = [_ANSI.sub("", line).rstrip() for line in output.splitlines()]
    trailers = [line for line in lines if _TRAILER.match(line)]
    seconds = float(_TRAILER.match(trailers[-1]).group("seconds")) if trailers else None  # type: ignore[union-attr]
    for line in lines:
        if stopped := _STOPPED.search(line):
            return [line, *trailers[-1:]], Verdict(TRANSACTION, stopped.group("name"), seconds)
    for line in lines:
        if broke := _BROKE.match(line):
            return [line, *trailers[-1:]], Verdict(BROKEN_RUN, broke.group("why"), seconds)
    shown = [line for line in lines if line.strip() and not _TRAILER.match(line)]
    if not shown:
        return trailers[-1:], Verdict("", "", seconds)
    return [shown[-1], *trailers[-1:]], Verdict(BROKEN_RUN, shown[-1].strip(), seconds)


def read(output: str) -> Verdict:
    return _deciding(output)[1]


def essentials(output: str) -> str:
    """The lines of ``output`` that ``read`` needs: ``read(essentials(o)) == read(o)``
    (what ``reports/mutation.json`` keeps of each mutant's output)."""
    return "\n".join(_deciding(output)[0])
