"""``python -m reference_server.admin --email E --password P``: make sure an admin exists.

The API cannot make an admin (sign-up makes plain users), so a server seeded only through
its API needs its first admin from here. The user with that email (compared without
regard to case, as the login does) is created, or else promoted and given the password;
either way the database named by ``DATABASE_URL`` is migrated first and the user's id is
printed. Running it again changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from marshmallow import ValidationError, validate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reference_server import _ensure_sqlite_directory, config, db
from reference_server.models import User
from reference_server.schemas import PASSWORD_LENGTH


def ensure_admin(session: Session, email: str, password: str) -> User:
    """The admin with ``email`` and ``password``, created or updated (not committed)."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None:
        user = User(email=email)
        session.add(user)
    user.is_admin = True
    if user.password_hash is None or not user.check_password(password):
        # Salted hashes differ every time: re-hash only on a change.
        user.set_password(password, config.from_environment()["PASSWORD_HASH_METHOD"])
    return user


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reference_server.admin",
        description="Create or promote an admin user in DATABASE_URL's database; print its id.",
    )
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args(argv)
    # The sign-up's rules: an admin could not log in with what the API would refuse.
    checks = [
        ("--email", validate.Email(), args.email),
        ("--email", validate.Length(max=255), args.email),
        ("--password", PASSWORD_LENGTH, args.password),
    ]
    for option, check, value in checks:
        try:
            check(value)
        except ValidationError as error:
            parser.error(f"{option}: {' '.join(map(str, error.messages))}")  # exits with 2
    url = config.from_environment()["DATABASE_URL"]
    _ensure_sqlite_directory(url)
    engine = db.make_engine(url)
    try:
        db.migrate(engine)
        with Session(engine, expire_on_commit=False) as session:
            user = ensure_admin(session, args.email, args.password)
            session.commit()
    finally:
        engine.dispose()
    print(user.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
