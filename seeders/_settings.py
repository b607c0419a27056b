"""Which seeder the hooks use, from the variables ``harness`` sets for the hooks process.

- ``CONTRACT_SEEDER``: ``sql`` (default) or ``api``.
- ``CONTRACT_ENDPOINT``: set when the server was not started by the harness; tokens are
  then got by logging in, as any client would, instead of minted with its key.
- ``CONTRACT_JWT_SECRET``: the server's signing key, if known (expired tokens need it).
- ``CONTRACT_ADMIN_EMAIL``, ``CONTRACT_ADMIN_PASSWORD``: the api seeder's admin;
  ``CONTRACT_ADMIN_ID``: its id on the server (``harness conform`` finds it first).
- ``CONTRACT_PROFILE``: the implementation's profile (``seeders._profile``), if any.
- ``DATABASE_URL``, ``JWT_SECRET_KEY``: the sql seeder's database, the harness's own
  server's key (as the reference server reads them).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import factories
from reference_server import config
from reference_server.models import User
from seeders import _profile
from seeders._base import Seeder
from seeders.tokens import LoginTokens, MintedTokens

SEEDER = "CONTRACT_SEEDER"
ENDPOINT = "CONTRACT_ENDPOINT"
JWT_SECRET = "CONTRACT_JWT_SECRET"
ADMIN_EMAIL = "CONTRACT_ADMIN_EMAIL"
ADMIN_PASSWORD = "CONTRACT_ADMIN_PASSWORD"
ADMIN_ID = "CONTRACT_ADMIN_ID"
PROFILE = "CONTRACT_PROFILE"
KINDS = ("sql", "api")


def from_environment(environ: Mapping[str, str] = os.environ) -> Seeder:
    kind = environ.get(SEEDER, "sql")
    settings = config.from_environment()
    endpoint, secret = environ.get(ENDPOINT), environ.get(JWT_SECRET) or None
    profile = _profile.load(environ.get(PROFILE))
    if kind == "api":
        from seeders.api import Admin, ApiSeeder

        needed = (ENDPOINT, ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_ID)
        missing = [name for name in needed if not environ.get(name)]
        if missing:
            raise RuntimeError(f"the api seeder needs {', '.join(missing)}")
        admin = Admin(environ[ADMIN_EMAIL], environ[ADMIN_PASSWORD], environ[ADMIN_ID])
        return ApiSeeder(environ[ENDPOINT], admin, secret, profile)
    if kind != "sql":
        raise RuntimeError(f"{SEEDER}={kind!r}: the seeders are {' and '.join(KINDS)}")
    from seeders._http import ApiClient
    from seeders.sql import SqlSeeder

    if endpoint is None:
        tokens = MintedTokens(settings["JWT_SECRET_KEY"], settings)
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
