"""Which transactions reach a mutant: the trace's map from lines to transactions.

A mutant can only change the answer of a request that runs its line, and every
transaction seeds its own rows into an emptied database, so a mutant is run against the
transactions whose requests ran the mutated statement in the trace of the unmutated
contract (``mutation.trace``), not the whole contract: the same verdict, in a fraction
of the time (each run still pays the harness's start, about 3 s). The whole contract is
run instead when a mutated line ran while the server started (module level, class
bodies, defaults: every answer may change), when no transaction ran it (a line the
trace did not see is not thereby proven dead), or when no module differs.
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

STARTUP = ""  # coverage's context for lines run before the first request


@dataclass(frozen=True)
class Selection:
    names: list[str] | None  # the transactions to run, in contract order; None: all
    why: str  # one line for the mutant's output


@dataclass(frozen=True)
class Reach:
    transactions: list[str]  # the contract's, in the order Dredd ran them
    sources: dict[str, str]  # each mutated module's unmutated text
    at_start: dict[str, set[int]]  # module -> lines run while the server started
    by_line: dict[str, dict[int, set[int]]]  # module -> line -> indices of transactions

    @classmethod
    def build(
        cls,
        root: Path,
        modules: list[str],
        transactions: list[str],
        reached: dict[str, dict[int, set[str]]],
    ) -> Reach:
        index = {name: number for number, name in enumerate(transactions)}
        at_start: dict[str, set[int]] = {}
        by_line: dict[str, dict[int, set[int]]] = {}
        for module in modules:
            lines = reached.get(module, {})
            at_start[module] = {line for line, contexts in lines.items() if STARTUP in contexts}
            by_line[module] = {
                line: {index[c] for c in contexts if c in index} for line, contexts in lines.items()
            }
        sources = {m: (root / m).read_text(encoding="utf-8") for m in modules}
        return cls(transactions, sources, at_start, by_line)

    def write(self, path: Path) -> None:
        document = {
            "transactions": self.transactions,
            "sources": self.sources,
            "at_start": {m: sorted(lines) for m, lines in self.at_start.items()},
            "by_line": {
                m: {str(line): sorted(numbers) for line, numbers in lines.items()}
                for m, lines in self.by_line.items()
            },
        }
        path.write_text(json.dumps(document), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Reach:
        document = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            transactions=document["transactions"],
            sources=document["sources"],
            at_start={m: set(lines) for m, lines in document["at_start"].items()},
            by_line={
                m: {int(line): set(numbers) for line, numbers in lines.items()}
                for m, lines in document["by_line"].items()
            },
        )

    def select(self, tree: Path) -> Selection:
        """The transactions that reach what differs in ``tree`` from the traced sources."""
        chosen: set[int] = set()
        changed_any = False
        for module, original in self.sources.items():
            mutated = (tree / module).read_text(encoding="utf-8")
            if mutated == original:
                continue
            changed_any = True
            for line in sorted(statement_lines(original, changed_lines(original, mutated))):
                if line in self.at_start[module]:
                    return Selection(None, f"{module}:{line} runs as the server starts")
                chosen |= self.by_line[module].get(line, set())
        if not changed_any:
            return Selection(None, "no mutated module differs from the traced one")
        if not chosen:
            return Selection(None, "no transaction of the trace reaches the mutated lines")
        names = [self.transactions[number] for number in sorted(chosen)]
        return Selection(names, f"{len(names)} of {len(self.transactions)} transactions reach it")


def changed_lines(original: str, mutated: str) -> set[int]:
    """The lines (1-based) of ``original`` that ``mutated`` replaces or inserts at."""
    before, after = original.splitlines(), mutated.splitlines()
    lines: set[int] = set()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, start, end, _, _ in matcher.get_opcodes():
        if tag != "equal":
            lines |= set(range(start + 1, end + 1)) or {max(start, 1)}
    return lines


def statement_lines(source: str, lines: set[int]) -> set[int]:
    """``lines`` and, for each, the lines of the innermost statement holding it (for a
    compound statement, its header): the tracer may record any of them as run."""
    statements = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.stmt)]
    found = set(lines)
    for line in lines:
        holding = [s for s in statements if _first_line(s) <= line <= (s.end_lineno or s.lineno)]
        if not holding:
            continue
        innermost = max(holding, key=lambda s: (_first_line(s), -(s.end_lineno or s.lineno)))
        body = getattr(innermost, "body", None)
        last = innermost.end_lineno or innermost.lineno
        if isinstance(body, list) and body and line < body[0].lineno:
            last = body[0].lineno - 1  # the header of a compound statement
        found |= set(range(_first_line(innermost), max(last, innermost.lineno) + 1))
    return found


def _first_line(statement: ast.stmt) -> int:
    decorators = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)])
