"""The hook the trace run adds to the project's: it names each request's transaction in
a header, for ``mutation.traced_server`` (the reference server ignores the header)."""

from __future__ import annotations

from typing import Any

import dredd_hooks_runtime as hooks
from mutation.traced_server import HEADER


@hooks.before_each
def name_the_request(transaction: dict[str, Any]) -> None:
    transaction["request"]["headers"][HEADER] = transaction["name"]
