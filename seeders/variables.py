"""The names of the environment variables ``harness`` sets for the hooks process, each
defined here once (the seeders read them, ``harness`` and its options write them).

- ``SEEDER``: ``sql`` (default) or ``api``.
- ``ENDPOINT``: set when the server was not started by the harness; tokens are then got
  by logging in, as any client would, instead of minted with its key.
- ``JWT_SECRET``: the server's signing key, if known (expired tokens need it).
- ``ADMIN_EMAIL``, ``ADMIN_PASSWORD``: the api seeder's admin; ``ADMIN_ID``: its id on
  the server (``harness conform`` finds it first).
- ``PROFILE``: the path of the implementation's profile, if any.

The sql seeder's database and the harness's own server's key are the reference server's
``DATABASE_URL`` and ``JWT_SECRET_KEY`` (``reference_server.config``).
"""

SEEDER = "CONTRACT_SEEDER"
ENDPOINT = "CONTRACT_ENDPOINT"
JWT_SECRET = "CONTRACT_JWT_SECRET"
ADMIN_EMAIL = "CONTRACT_ADMIN_EMAIL"
ADMIN_PASSWORD = "CONTRACT_ADMIN_PASSWORD"
ADMIN_ID = "CONTRACT_ADMIN_ID"
PROFILE = "CONTRACT_PROFILE"

__all__ = [
    "ADMIN_EMAIL",
    "ADMIN_ID",
    "ADMIN_PASSWORD",
    "ENDPOINT",
    "JWT_SECRET",
    "PROFILE",
    "SEEDER",
]
