"""Run the hooks for one Dredd event and turn hook errors into failed transactions.

How Dredd 14 honours ``transaction["fail"]`` (TransactionRunner.js):

* set by ``beforeEach`` hooks: the request is not sent and the transaction is
  reported as ``Failed in before hook: <fail>``;
* set by ``beforeEachValidation``/``afterEach`` hooks: a transaction that
  otherwise passed is reported as ``Failed in after hook: <fail>``; one that
  failed validation is reported with its validation errors instead;
* on ``beforeAll`` the reply's transactions replace Dredd's, so ``fail`` set
  on each of them fails every transaction;
* on ``afterAll`` everything is already reported: the server ends the
  process with an error instead (see ``_server``).
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING, Any

from ._registry import REGISTRY, Registry

if TYPE_CHECKING:
    from ._registry import Hook

# Dredd event -> (hook kinds in the stock handler's order), per transaction.
EACH_EVENTS = {
    "beforeEach": (("before_each", False), ("before", True)),
    "beforeEachValidation": (("before_each_validation", False), ("before_validation", True)),
    "afterEach": (("after", True), ("after_each", False)),
}


def _describe(kind: str, hook: Hook, name: str | None) -> str:
    label = getattr(hook, "__qualname__", repr(hook)).rpartition("<locals>.")[2]
    where = f"{kind}({name!r})" if name is not None else kind
    return f"{where} hook {label}"


def one_line(exc: BaseException) -> str:
    """``Type: message`` on one line, for Dredd's failure report."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class TransactionFailed(Exception):
    """Raised by a hook: its transaction fails with this message, and no traceback is
    printed, since the hook did nothing wrong (the server under test refused or stopped
    answering a request the hook needs)."""


def _call(kind: str, hook: Hook, data: Any, name: str | None = None) -> str | None:
    """Run one hook; on error print the traceback and return a one-line reason."""
    try:
        hook(data)
    except TransactionFailed as exc:
        who = _describe(kind, hook, name)
        print(f"[dredd_hooks_runtime] {who}: {one_line(exc)}", file=sys.stderr)
        return f"{who}: {one_line(exc)}"
    except Exception as exc:
        who = _describe(kind, hook, name)
        print(f"\n[dredd_hooks_runtime] {who} raised:", file=sys.stderr)
        # Start the traceback at the hook: this module's frame is noise.
        tb = exc.__traceback__
        traceback.print_exception(type(exc), exc, tb and tb.tb_next, file=sys.stderr)
        return f"{who} raised: {one_line(exc)}"
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return None


def _mark_failed(transaction: Any, reason: str) -> None:
    if not isinstance(transaction, dict):
        return
    previous = transaction.get("fail")
    if isinstance(previous, str) and previous and reason not in previous:
        reason = f"{previous}; {reason}"
    transaction["fail"] = reason


class Dispatcher:
    """Per-run state: the hooks, and an error that dooms every transaction."""

    def __init__(self, registry: Registry = REGISTRY) -> None:
        self.registry = registry
        self.fatal: str | None = None
        self.hooks_loaded = True
        self.warned_events: set[str] = set()

    def handle(self, event: str, data: Any) -> bool:
        """Run ``event``'s hooks on ``data`` in place; False if ``afterAll`` failed."""
        if event == "beforeAll":
            self._before_all(data)
        elif event == "afterAll":
            return self._after_all(data)
        elif event in EACH_EVENTS:
            self._each(event, data)
        elif event not in self.warned_events:
            self.warned_events.add(event)
            print(f"[dredd_hooks_runtime] ignoring unknown Dredd event {event!r}", file=sys.stderr)
        return True

    def _before_all(self, transactions: Any) -> None:
        if self.fatal is None:
            self._warn_unknown_names(transactions)
            for hook in self.registry.hooks_for("before_all"):
                reason = _call("before_all", hook, transactions)
                if reason and self.fatal is None:
                    self.fatal = reason
        if self.fatal is not None:
            for transaction in transactions or []:
                _mark_failed(transaction, self.fatal)

    def _after_all(self, transactions: Any) -> bool:
        if not self.hooks_loaded:
            return True  # already reported on every transaction
        ok = True
        for hook in self.registry.hooks_for("after_all"):
            ok = _call("after_all", hook, transactions) is None and ok
        return ok

    def _each(self, event: str, transaction: Any) -> None:
        if self.fatal is not None:
            # Dredd already fails these; running seeding hooks would be noise.
            _mark_failed(transaction, self.fatal)
            return
        name = transaction.get("name") if isinstance(transaction, dict) else None
        for kind, named in EACH_EVENTS[event]:
            key = name if named else None
            for hook in self.registry.hooks_for(kind, key):
                reason = _call(kind, hook, transaction, key)
                if reason:
                    _mark_failed(transaction, reason)

    def _warn_unknown_names(self, transactions: Any) -> None:
        """Flag named hooks that can never run: usually a typo in the name."""
        known = {t.get("name") for t in transactions or [] if isinstance(t, dict)}
        for kind, names in self.registry.names().items():
            for name in names:
                if name not in known:
                    print(
                        f"[dredd_hooks_runtime] warning: @{kind}({name!r}) matches no transaction",
                        file=sys.stderr,
                    )
