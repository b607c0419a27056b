"""The reference implementation of the discount-codes API, built by ``create_app``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

from reference_server import auth, body, config, db, errors
from reference_server.views import (
    discount_codes,
    events,
    nested,
    related,
    relationships,
    roles,
    tickets,
    users,
)


def create_app(settings: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; ``settings`` override the environment (tests pass a database URL)."""
    app = Flask(__name__)
    app.url_map.converters["int"] = AsciiIntegerConverter
    app.config.update(config.from_environment())
    app.config.update(settings or {})
    # Key order as written: Flask's default provider sorts keys, its base class has no option.
    assert isinstance(app.json, DefaultJSONProvider)
    app.json.sort_keys = False
    _ensure_sqlite_directory(app.config["DATABASE_URL"])
    db.init_app(app)
    # CREATE_SCHEMA (default on): bring the schema to the latest migration at start.
    if app.config.get("CREATE_SCHEMA", True):
        db.migrate(app.extensions["db_engine"])
    body.init_app(app)
    auth.init_app(app)
    errors.register_error_handlers(app)
    app.register_blueprint(discount_codes.bp)
    app.register_blueprint(nested.bp)
    app.register_blueprint(related.bp)
    app.register_blueprint(relationships.bp)
    app.register_blueprint(users.bp)
    app.register_blueprint(events.bp)
    app.register_blueprint(tickets.bp)
    app.register_blueprint(roles.bp)
    return app


class AsciiIntegerConverter(IntegerConverter):
    """``<int:...>`` of ASCII digits only: werkzeug's ``\\d+`` also matches other scripts'
    digits (``/v1/discount-codes/\\u0661`` would name code 1); such a URL names nothing."""

    regex = r"[0-9]+"


def _ensure_sqlite_directory(url: str) -> None:
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
