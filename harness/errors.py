"""Why the harness could not carry out a run: one hierarchy, every class here.

A contract failure (a transaction that does not pass) is no exception: it is the run's
result. These are the other outcomes, each answered by ``harness`` with one line naming
the cause (and, for the two whose cause is the author's own file, its details)::

    HarnessError
    ├── UsageError        an option or argument is wrong (a URL, a missing option)
    ├── ToolchainError    Node, npm or the pinned Dredd is missing or fails
    ├── UnreachableError  a server or database the run needs does not answer or refuses
    ├── BlueprintError    the blueprint does not compile (``details``: drafter's messages)
    ├── HookFileError     a hook file raised while it loaded (``details``: its traceback)
    └── HooksNotReady     the hooks do not match the transactions (``problems``)
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from harness._paths import PROJECT_ROOT

if TYPE_CHECKING:
    from harness.authoring import Problem

__all__ = [
    "BlueprintError",
    "HarnessError",
    "HookFileError",
    "HooksNotReady",
    "ToolchainError",
    "UnreachableError",
    "UsageError",
]


class HarnessError(Exception):
    """A run could not be carried out (as opposed to a contract failure)."""


class UsageError(HarnessError):
    """An option or argument cannot be used as given; the message says which and why."""


class ToolchainError(HarnessError):
    """Node, npm or the pinned Dredd is missing, or fails to install or compile."""


class UnreachableError(HarnessError):
    """A server or database the run needs does not answer, or refuses to serve it."""


class BlueprintError(HarnessError):
    """The blueprint does not compile, or compiles to no transaction."""

    def __init__(self, message: str, details: list[str]) -> None:
        super().__init__(message)
        self.details = details


class HookFileError(HarnessError):
    """A hook file raised while it was loaded: the author's code, not the harness's."""

    def __init__(self, path: str, error: BaseException) -> None:
        shown = (
            Path(path).relative_to(PROJECT_ROOT)
            if Path(path).is_relative_to(PROJECT_ROOT)
            else path
        )
        super().__init__(f"the hook file {shown} failed to load: {type(error).__name__}: {error}")
        # Its traceback is the author's to read: where in their file it broke.
        self.details = "".join(traceback.format_exception(error)).rstrip("\n").split("\n")


class HooksNotReady(HarnessError):
    """The hooks do not match the transactions (``authoring.check``): nothing was run."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) with the hooks")
        self.problems = problems
