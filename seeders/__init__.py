"""Where each transaction's rows come from, and how its request is sent as its caller.

A scenario (``hooks/``) is written once, with the factories. A seeder decides what the
factories' rows become:

- ``sql`` (``SqlSeeder``): the factories write the server's database, which is emptied
  before every transaction, so ids start at 1 and the blueprint's ids hold as written.
  The normal run, and conformance of a server that shares the reference schema.
- ``api`` (``ApiSeeder``): every row is created through the server's own HTTP API; the
  transaction is then rewritten to the ids and values the server returned, and its codes
  and emails are made unique to the transaction (nothing is ever emptied).

``from_environment()`` makes the one the variables ``harness`` sets for the hooks name
(``kind_from_environment()``: its class, without making it).
Checks a seeder cannot make raise ``NotChecked``; the transaction is then reported as
not checked, never as passed. A row the server refused to create raises ``CouldNotSeed``
(a ``NotChecked``): the rule never reached the server, and the report says which request
was refused and how.
"""

from typing import TYPE_CHECKING

from seeders import variables

if TYPE_CHECKING:
    from seeders._base import Seeder
    from seeders._errors import CouldNotSeed, NotChecked, SeedingFailed
    from seeders._http import ApiClient
    from seeders._profile import Profile, ProfileError
    from seeders._profile import load as load_profile
    from seeders._rewrite import MISSING_ID_BASE, Rewrite
    from seeders._settings import from_environment, kind_from_environment

# Imported on first use: the seeders import the server's models (Flask, SQLAlchemy,
# Alembic: about a second), which ``harness`` needs only for the names of variables.
_LAZY = {
    "Seeder": ("seeders._base", "Seeder"),
    "CouldNotSeed": ("seeders._errors", "CouldNotSeed"),
    "NotChecked": ("seeders._errors", "NotChecked"),
    "SeedingFailed": ("seeders._errors", "SeedingFailed"),
    "ApiClient": ("seeders._http", "ApiClient"),
    "Profile": ("seeders._profile", "Profile"),
    "ProfileError": ("seeders._profile", "ProfileError"),
    "load_profile": ("seeders._profile", "load"),
    "MISSING_ID_BASE": ("seeders._rewrite", "MISSING_ID_BASE"),
    "Rewrite": ("seeders._rewrite", "Rewrite"),
    "from_environment": ("seeders._settings", "from_environment"),
    "kind_from_environment": ("seeders._settings", "kind_from_environment"),
}


def __getattr__(name: str) -> object:
    found = _LAZY.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    module, attribute = found
    return getattr(import_module(module), attribute)


__all__ = [
    "MISSING_ID_BASE",
    "ApiClient",
    "CouldNotSeed",
    "NotChecked",
    "Profile",
    "ProfileError",
    "Rewrite",
    "Seeder",
    "SeedingFailed",
    "from_environment",
    "kind_from_environment",
    "load_profile",
    "variables",
]
