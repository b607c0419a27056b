"""Settings from the environment, with defaults that run on an embedded SQLite file."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

DEFAULT_DATABASE_PATH = Path("instance") / "reference_server.sqlite3"
# A fixed development secret: the hooks process mints tokens with the same one.
DEFAULT_JWT_SECRET = "reference-server-development-secret-0123456789"


def from_environment() -> dict[str, Any]:
    """``DATABASE_URL`` (SQLite file by default), ``JWT_SECRET_KEY``, ``PASSWORD_HASH_METHOD``."""
    return {
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", f"sqlite:///{DEFAULT_DATABASE_PATH.resolve()}"
        ),
        "JWT_SECRET_KEY": os.environ.get("JWT_SECRET_KEY", DEFAULT_JWT_SECRET),
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(hours=2),
        # werkzeug's method for new password hashes. Each scrypt hash costs ~0.1 s of CPU;
        # a test server that signs up hundreds of users may choose a cheaper one.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
    }
