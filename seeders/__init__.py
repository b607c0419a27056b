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

from seeders import variables
from seeders._base import Seeder
from seeders._errors import CouldNotSeed, NotChecked, SeedingFailed
from seeders._http import ApiClient
from seeders._profile import Profile, ProfileError
from seeders._profile import load as load_profile
from seeders._rewrite import MISSING_ID_BASE, Rewrite
from seeders._settings import from_environment, kind_from_environment

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
