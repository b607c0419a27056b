"""The session every factory writes through, bound to a database by URL or engine.

Factories do not know about Flask: the hooks process and pytest both bind this one
scoped session to the database the server under test uses.
"""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, scoped_session, sessionmaker

FactorySession: scoped_session[Session] = scoped_session(sessionmaker(expire_on_commit=False))


def bind(engine: Engine) -> None:
    """Point every factory at ``engine`` (closing whatever session was open before)."""
    FactorySession.remove()
    FactorySession.configure(bind=engine)
