"""Where the factories' rows go: the bound SQLAlchemy session (the default), or a store.

A store receives each row the factories build and persists it some other way, e.g. by
creating it through a server's HTTP API. Scenarios do not change: they call the same
factories whichever way their rows are stored.
"""

from __future__ import annotations

from typing import Any, Protocol


class RowStore(Protocol):
    """Persists rows built by the factories somewhere other than the bound session."""

    def create(self, model_class: type[Any], values: dict[str, Any]) -> Any:
        """Persist a new row of ``model_class`` with ``values``; return it (with its id)."""

    def save_links(self, instance: Any) -> None:
        """Persist the links a ``post_generation`` step set on ``instance``."""

    def finish(self, instance: Any) -> None:
        """``instance`` and everything generated after it are built: last touches."""


_active: dict[str, RowStore | None] = {"store": None}


def use_store(store: RowStore | None) -> None:
    """Send every factory's rows to ``store`` (``None``: back to the bound session)."""
    _active["store"] = store


def active_store() -> RowStore | None:
    return _active["store"]
