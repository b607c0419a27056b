"""Users: plain users by default (upstream made everyone an admin); ``admin=True`` trait."""

from __future__ import annotations

from functools import cache

import factory
from werkzeug.security import generate_password_hash

from factories.base import BaseFactory
from reference_server import config
from reference_server.models import User

DEFAULT_PASSWORD = "correct horse battery staple"


_PASSWORDS_BY_HASH: dict[str, str] = {}


@cache
def password_hash(password: str) -> str:
    """Hash once per password per process (scrypt costs ~70 ms a call), with the method
    the server under test is configured with (``PASSWORD_HASH_METHOD``)."""
    hashed = generate_password_hash(password, config.from_environment()["PASSWORD_HASH_METHOD"])
    _PASSWORDS_BY_HASH[hashed] = password
    return hashed


def password_behind(hashed: str) -> str:
    """The password a factory user was made with: a row store that creates users through
    an API sends the password, not its hash."""
    return _PASSWORDS_BY_HASH[hashed]


class UserFactory(BaseFactory):
    class Meta:
        model = User

    class Params:
        password = DEFAULT_PASSWORD
        admin = factory.Trait(is_admin=True)

    email = factory.Sequence(lambda n: f"user{n + 1}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password_hash = factory.LazyAttribute(lambda user: password_hash(user.password))
    is_admin = False
