"""The ``upstream_style`` mode of ``bench/contract_speed.py``: what upstream ran.

Loaded by the stock ``dredd_hooks`` handler (``dredd-hooks==0.2.0`` from PyPI, Python
3.11, its own virtualenv; Dredd's ``--language python``), so every transaction pays that
handler's transport. Before each transaction the whole schema is dropped and created
again (``drop_all`` + ``create_all``), as upstream did, instead of ``empty_database``. The
scenarios are the project's own: the hook files named in ``$BENCH_HOOKFILES`` register
with ``dredd_hooks_runtime`` as usual and are run from here, so the contract passes
and the only differences from the ``harness`` mode are the transport and the reset.

The stock handler registers only hook functions that are globals of a hook file, which
is why the functions below are module-level and dispatch to the project's registry.
"""

from __future__ import annotations

import os

import dredd_hooks
from reset_cost import drop_and_create_all  # bench/ is on sys.path: the handler adds it

from dredd_hooks_runtime import Dispatcher, load_hook_files

load_hook_files(os.environ["BENCH_HOOKFILES"].split(os.pathsep))

from hooks import RUN  # noqa: E402  (after the project's hook files)

_dispatcher = Dispatcher()


@dredd_hooks.before_all
def upstream_before_all(transactions):
    _dispatcher.handle("beforeAll", transactions)


@dredd_hooks.before_each
def upstream_before_each(transaction):
    drop_and_create_all(RUN.engine)
    _dispatcher.handle("beforeEach", transaction)


@dredd_hooks.before_each_validation
def upstream_before_each_validation(transaction):
    _dispatcher.handle("beforeEachValidation", transaction)


@dredd_hooks.after_each
def upstream_after_each(transaction):
    _dispatcher.handle("afterEach", transaction)


@dredd_hooks.after_all
def upstream_after_all(transactions):
    _dispatcher.handle("afterAll", transactions)
