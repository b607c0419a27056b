"""Dredd hooks for Python: a drop-in for the ``dredd_hooks`` decorator API.

Hook files import the package under one spelling::

    import dredd_hooks_runtime as hooks

    @hooks.before_all
    def seed(transactions):
        hooks.stash["token"] = make_token()

    @hooks.before("Discount Codes > Create > Example 1")
    def authorise(transaction):
        transaction["request"]["headers"]["Authorization"] = hooks.stash["token"]

Same names and order as ``dredd_hooks``: ``before_each`` runs before the named
``before`` hooks, ``before_each_validation`` before ``before_validation``, and
the named ``after`` hooks before ``after_each``. Unlike ``dredd_hooks``, hooks
of one kind run in the order they are defined, and a hook that raises fails
only its own transaction, with its traceback (see ``_dispatch``); one that raises
``TransactionFailed`` fails it with the message alone. ``stash`` is a plain dict that
lives as long as the handler process, i.e. one Dredd run.

The handler itself runs as ``python -m dredd_hooks_runtime --port N FILE...``;
``dredd_hook_args`` builds the matching Dredd arguments, ``WarmHandler`` imports the
hook files before Dredd starts (``warm``). For tools that look at hook files without
Dredd: ``load_hook_files`` runs them, ``REGISTRY`` holds what they registered and a
``Dispatcher`` plays Dredd's events on it in-process.

This package imports nothing outside the standard library: the handler process
listens before anything heavy is imported, so the names below that need more
(``load_hook_files``, ``Dispatcher``, ``dredd_hook_args``, ``WarmHandler``...) are
imported on first use.
"""

from typing import TYPE_CHECKING, Any

from ._dispatch import TransactionFailed
from ._registry import (
    after,
    after_all,
    after_each,
    before,
    before_all,
    before_each,
    before_each_validation,
    before_validation,
)

if TYPE_CHECKING:
    from ._dispatch import Dispatcher
    from ._loader import HookFileError, load_hook_files
    from ._registry import NAMED_KINDS, REGISTRY, Registry
    from .dredd_options import dredd_hook_args, free_port
    from .warm import WarmHandler, WarmHandlerError

# Imported on first use (PEP 562), each from its module.
_LAZY = {
    "Dispatcher": "._dispatch",
    "HookFileError": "._loader",
    "load_hook_files": "._loader",
    "NAMED_KINDS": "._registry",
    "REGISTRY": "._registry",
    "Registry": "._registry",
    "dredd_hook_args": ".dredd_options",
    "free_port": ".dredd_options",
    "WarmHandler": ".warm",
    "WarmHandlerError": ".warm",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(module, __name__), name)


# Shared between hooks for one run, e.g. ids seeded in before_all.
stash: dict[str, Any] = {}

__all__ = [
    "NAMED_KINDS",
    "REGISTRY",
    "Dispatcher",
    "HookFileError",
    "Registry",
    "TransactionFailed",
    "WarmHandler",
    "WarmHandlerError",
    "after",
    "after_all",
    "after_each",
    "before",
    "before_all",
    "before_each",
    "before_each_validation",
    "before_validation",
    "dredd_hook_args",
    "free_port",
    "load_hook_files",
    "stash",
]
