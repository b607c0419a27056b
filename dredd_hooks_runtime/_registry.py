"""Where hook decorators record hooks.

Hooks are recorded when the decorator runs (not by scanning hook-file
globals afterwards, as the stock handler does), so a file's hooks run in the
order they are written and hooks defined in helper modules count too.

Kept free of ``typing``/``dataclasses`` imports: this module loads before the
handler listens, and Dredd is already knocking by then.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    Hook = Callable[[Any], Any]
    F = TypeVar("F", bound=Hook)

# Hook kinds that apply to every transaction (or to the whole run).
UNNAMED_KINDS = ("before_all", "after_all", "before_each", "before_each_validation", "after_each")
# Hook kinds that apply to one transaction, chosen by its Dredd name.
NAMED_KINDS = ("before", "before_validation", "after")


class Registry:
    """All hooks of one handler process, by kind (and transaction name)."""

    def __init__(self) -> None:
        self.unnamed: dict[str, list[Hook]] = {kind: [] for kind in UNNAMED_KINDS}
        self.named: dict[str, dict[str, list[Hook]]] = {kind: {} for kind in NAMED_KINDS}

    def add(self, kind: str, func: Hook, name: str | None = None) -> None:
        if name is None:
            self.unnamed[kind].append(func)
        else:
            self.named[kind].setdefault(name, []).append(func)

    def hooks_for(self, kind: str, name: str | None = None) -> list[Hook]:
        if kind in self.unnamed:
            return list(self.unnamed[kind])
        return list(self.named[kind].get(name or "", []))

    def counts(self) -> dict[str, dict[str, int]]:
        """Named hooks: kind -> transaction name -> times registered (for checks)."""
        return {
            kind: {name: len(hooks) for name, hooks in by_name.items()}
            for kind, by_name in self.named.items()
        }

    def dredd_events(self) -> list[str]:
        """The Dredd events a hook listens to (the whole-run ones carry every transaction
        as JSON both ways). Meant for hook files that loaded without error: the handler
        reports a load error on every event."""
        kinds_of = {
            "beforeAll": ("before_all",),
            "afterAll": ("after_all",),
            "beforeEach": ("before_each", "before"),
            "beforeEachValidation": ("before_each_validation", "before_validation"),
            "afterEach": ("after", "after_each"),
        }
        needed = []
        for event, kinds in kinds_of.items():
            if any(self.unnamed.get(kind) or self.named.get(kind) for kind in kinds):
                needed.append(event)
        return needed

    def names(self) -> dict[str, list[str]]:
        """Transaction names used by named hooks, for spotting typos."""
        return {kind: list(by_name) for kind, by_name in self.named.items()}


REGISTRY = Registry()


def _unnamed(kind: str) -> Callable[[F], F]:
    def decorator(func: F) -> F:
        if not callable(func):
            raise TypeError(f"@{kind} decorates a function taking the transaction(s)")
        REGISTRY.add(kind, func)
        return func

    decorator.__name__ = decorator.__qualname__ = kind
    decorator.__doc__ = f"Register ``func`` as a {kind} hook; returns it unchanged."
    return decorator


def _named(kind: str) -> Callable[[str], Callable[[F], F]]:
    def with_name(name: str) -> Callable[[F], F]:
        if not isinstance(name, str):
            # Catches the easy slip of writing @before instead of @before("Name").
            raise TypeError(f"use @{kind}('Resource > Action'): a transaction name is required")

        def decorator(func: F) -> F:
            REGISTRY.add(kind, func, name)
            return func

        return decorator

    with_name.__name__ = with_name.__qualname__ = kind
    with_name.__doc__ = f"Register a {kind} hook for the transaction called ``name``."
    return with_name


before_all = _unnamed("before_all")
after_all = _unnamed("after_all")
before_each = _unnamed("before_each")
before_each_validation = _unnamed("before_each_validation")
after_each = _unnamed("after_each")
before = _named("before")
before_validation = _named("before_validation")
after = _named("after")
