"""Checking and scaffolding hooks against the transactions Dredd compiles.

With bare Dredd a misspelled hook name silently never runs, a transaction without a hook
runs unseeded, and a URI parameter without an example silently drops a transaction.
``check`` names each of these; ``scaffold`` writes the missing hooks as stubs that fail
their transaction until they are filled in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

import dredd_hooks_runtime as hooks_runtime
from harness import _preflight, blueprint
from harness._paths import DREDD_CONFIG, HOOKS_DIR, PROJECT_ROOT
from harness._transactions import Compilation, Transaction
from harness.errors import HookFileError


@dataclass(frozen=True)
class Problem:
    kind: str  # no-hook, unknown-name, registered-twice, dropped, parser-error
    message: str


def hook_files(config: Path = DREDD_CONFIG) -> list[Path]:
    files = yaml.safe_load(config.read_text(encoding="utf-8")).get("hookfiles") or []
    files = [files] if isinstance(files, str) else files
    return [PROJECT_ROOT / file for file in files]


def registered_hooks(files: list[Path]) -> dict[str, dict[str, int]]:
    """Load the hook files in this process: kind -> transaction name -> times registered."""
    try:
        hooks_runtime.load_hook_files([str(file) for file in files])
    except hooks_runtime.HookFileError as failed:
        raise HookFileError(failed.path, failed.error) from failed.error
    return hooks_runtime.REGISTRY.counts()


def check(
    compilation: Compilation, hooks: dict[str, dict[str, int]], declared: int
) -> list[Problem]:
    """Every problem that would make the contract run lie about what it tested."""
    names = [transaction.name for transaction in compilation.transactions]
    known = set(names)
    sources = blueprint.SourceMap()  # drafter's lines, in the files the author edits
    problems = [Problem("parser-error", error) for error in _preflight.errors(compilation, sources)]
    if not names and not declared:
        problems.append(Problem("no-transactions", "the blueprint compiles to no transaction"))
    if len(names) != declared:
        dropped = _preflight.warnings(compilation, sources)
        problems.append(
            Problem(
                "dropped",
                f"Dredd compiles {len(names)} transactions but the blueprint declares"
                f" {declared} responses: {declared - len(names)} dropped"
                + (f" ({'; '.join(dropped)})" if dropped else ""),
            )
        )
    if not names:
        return problems  # every hook would "match no transaction": noise
    for name in names:
        if name not in hooks["before"]:
            problems.append(Problem("no-hook", f"no hook for transaction: {name}"))
    for kind, registered in hooks.items():
        for name, times in registered.items():
            if name not in known:
                close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
                hint = f" (did you mean: {close[0]})" if close else ""
                problems.append(
                    Problem("unknown-name", f"@{kind} hook matches no transaction: {name}{hint}")
                )
            if times > 1:
                problems.append(
                    Problem("registered-twice", f"@{kind} hook registered {times} times: {name}")
                )
    return problems


def declared_count() -> int:
    contract = blueprint.build()
    return blueprint.expected_transaction_count(contract.read_text(encoding="utf-8"))


# --- scaffolding ---------------------------------------------------------------------


def hook_file_for(group: str) -> Path:
    """The hook file of a resource group: ``Discount Codes`` -> ``hooks/discount_codes.py``."""
    return HOOKS_DIR / (re.sub(r"\W+", "_", group.lower()).strip("_") + ".py")


def function_name(transaction: Transaction) -> str:
    name = re.sub(r"\W+", "_", f"{transaction.resource} {transaction.action}".lower())
    return name.strip("_") or "scenario"


def stub(transaction: Transaction) -> str:
    """A hook in the project's scenario style that fails its transaction until written.

    It raises: the hooks runtime reports a raising hook as the failure of its own
    transaction, with the message, and the file needs no extra import.
    """
    return (
        f"\n\n@scenario({transaction.name!r})\n"
        f"def {function_name(transaction)}(context: Context) -> None:\n"
        f'    """{transaction.method} {transaction.uri} ({transaction.status}):'
        ' seed the rows it needs, then name the caller."""\n'
        '    raise NotImplementedError("write this scenario: seed its rows, then act_as(...)")\n'
    )


FILE_HEADER = '''"""Scenarios of the {group} group, one per transaction."""

from __future__ import annotations

from hooks._scenario import Context, scenario
'''


def scaffold(missing: list[Transaction], write: bool = False) -> dict[Path, str]:
    """The stubs for ``missing`` transactions by hook file; appended to them when ``write``."""
    by_file: dict[Path, str] = {}
    for transaction in missing:
        path = hook_file_for(transaction.group)
        by_file[path] = by_file.get(path, "") + stub(transaction)
    if write:
        for path, stubs in by_file.items():
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            if not text:
                text = FILE_HEADER.format(group=path.stem.replace("_", " ").title())
            path.write_text(text.rstrip("\n") + "\n" + stubs, encoding="utf-8")
    return by_file
