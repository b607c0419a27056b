"""Which seeder the hooks use, from the variables ``harness`` sets for the hooks process
(their names: ``seeders.variables``)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import factories
from reference_server import config
from reference_server.models import User
from seeders import _profile
from seeders._base import Seeder
from seeders.tokens import LoginTokens, MintedTokens, Tokens
from seeders.variables import (
    ADMIN_EMAIL,
    ADMIN_ID,
    ADMIN_PASSWORD,
    ENDPOINT,
    JWT_SECRET,
    PROFILE,
    SEEDER,
)

KINDS = ("sql", "api")


def kind_from_environment(environ: Mapping[str, str] = os.environ) -> type[Seeder]:
    """The class of seeder ``from_environment`` makes, without making one (its class
    attributes say what the hooks must register)."""
    kind = environ.get(SEEDER, "sql")
    if kind == "api":
        from seeders.api import ApiSeeder

        return ApiSeeder
    if kind != "sql":
        raise RuntimeError(f"{SEEDER}={kind!r}: the seeders are {' and '.join(KINDS)}")
    from seeders.sql import SqlSeeder

    return SqlSeeder


def from_environment(environ: Mapping[str, str] = os.environ) -> Seeder:
    kind = kind_from_environment(environ)
    settings = config.from_environment()
    endpoint, secret = environ.get(ENDPOINT), environ.get(JWT_SECRET) or None
    profile = _profile.load(environ.get(PROFILE))
    from seeders.sql import SqlSeeder

    if kind is not SqlSeeder:
        from seeders.api import Admin, ApiSeeder

        needed = (ENDPOINT, ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_ID)
        missing = [name for name in needed if not environ.get(name)]
        if missing:
            raise RuntimeError(f"the api seeder needs {', '.join(missing)}")
        admin = Admin(environ[ADMIN_EMAIL], environ[ADMIN_PASSWORD], environ[ADMIN_ID])
        return ApiSeeder(environ[ENDPOINT], admin, secret, profile)
    from seeders._http import ApiClient

    if endpoint is None:
        tokens: Tokens = MintedTokens(settings["JWT_SECRET_KEY"], settings)
    else:
        client = ApiClient(endpoint, scheme=profile.scheme)
        tokens = LoginTokens(
            client.log_in,
            _factory_password,
            secret,
            scheme=profile.scheme,
            claims=profile.claims,
            user_id_claim=profile.user_id_claim,
        )
    return SqlSeeder(settings["DATABASE_URL"], tokens)


def _factory_password(user: User) -> str:
    return factories.password_behind(user.password_hash)
