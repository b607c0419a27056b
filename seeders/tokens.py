"""Tokens for the callers of a scenario: minted with the server's key, or got by logging in.

A token only says "user N" (or, once logged in, "this user"); what user N may do is
decided by the rows of the current scenario, so each token is made once per run.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

import jwt
from flask import Flask
from flask_jwt_extended import JWTManager, create_access_token

from reference_server.models import User
from seeders._errors import NotChecked

#: What the four kinds of bad token look like (``None``: no header at all).
MALFORMED = "JWT not-a.jwt-token"


class Tokens:
    """``header(kind, user)``: ``kind`` is ``None`` (a valid token), ``"missing"``,
    ``"malformed"``, ``"expired"`` (an hour ago), ``"forged"`` (signed by another key),
    ``"unexpiring"`` (the server's key, but no ``exp`` claim: a token that never expires)
    or ``"nobody"`` (the server's key, valid, but naming a user id beyond any row's)."""

    def __init__(self, scheme: str = "JWT") -> None:
        self._cache: dict[tuple[str, int, str], str] = {}
        self.scheme = scheme

    def header(self, kind: str | None, user: User | None) -> str | None:
        if kind == "missing" or (user is None and kind is None):
            return None
        if kind == "malformed":
            return f"{self.scheme} {MALFORMED.split(' ', 1)[1]}"
        if user is None:
            return None  # an anonymous caller has no token to spoil
        key = (kind or "valid", user.id, user.email or "")
        if key not in self._cache:
            self._cache[key] = self._make(kind or "valid", user)
        return f"{self.scheme} {self._cache[key]}"

    def _make(self, kind: str, user: User) -> str:
        raise NotImplementedError


def _signer(secret: str, settings: dict[str, object]) -> Flask:
    """A bare app with the server's JWT settings: tokens come out exactly as the server's."""
    app = Flask("contract-hooks")
    app.config.update(settings, JWT_SECRET_KEY=secret)
    JWTManager(app)
    return app


# A user id no row has and no integer column can hold: the server must answer 401 for
# it, as for any user it does not know, without looking it up.
NOBODY = "99999999999999999999"


def _mint(signer: Flask, user: User, kind: str = "valid") -> str:
    lifetimes: dict[str, timedelta | Literal[False]] = {
        "expired": timedelta(hours=-1),
        "unexpiring": False,
    }
    identity = NOBODY if kind == "nobody" else str(user.id)
    with signer.app_context():
        if kind in lifetimes:
            token: str = create_access_token(identity=identity, expires_delta=lifetimes[kind])
        else:
            token = create_access_token(identity=identity)
        return token


def _algorithm(token: str) -> str:
    algorithm = str(jwt.get_unverified_header(token).get("alg"))
    return algorithm if algorithm.startswith("HS") else "HS256"


def _forge(token: str) -> str:
    """The same claims, signed with a key the server does not know."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, secrets.token_hex(32), algorithm=_algorithm(token))


def _resign(token: str, secret: str, kind: str, extra: dict[str, Any]) -> str:
    """A token of the server's own format (its login token's claims, whatever they are
    called), signed with its key: expired an hour ago, without ``exp``, or (``extra``
    naming ``NOBODY``) as it was but for whom it names."""
    claims = jwt.decode(token, options={"verify_signature": False}) | extra
    now = int(time.time())
    if kind == "expired":
        claims |= {"exp": now - 3600}
        for earlier in ("iat", "nbf"):
            if earlier in claims:
                claims[earlier] = now - 7200
    elif kind == "unexpiring":
        claims.pop("exp", None)
    return jwt.encode(claims, secret, algorithm=_algorithm(token))


class MintedTokens(Tokens):
    """Made with the server's own key: the reference server run by the harness."""

    def __init__(self, secret: str, settings: dict[str, object]) -> None:
        super().__init__()
        self._server = _signer(secret, settings)
        self._other = _signer("another-key-" + secret, settings)

    def _make(self, kind: str, user: User) -> str:
        signer = self._other if kind == "forged" else self._server
        return _mint(signer, user, kind)


class LoginTokens(Tokens):
    """Got from the server itself (``POST /v1/auth/login``): any implementation.

    A forged token carries a real token's claims under another key. An expired one, and
    one without expiry, carry them under the server's key (``secret``), so they are in
    the implementation's own format whatever its claims are called (plus ``claims``, a
    profile's); without the key those checks are not made.
    """

    def __init__(
        self,
        log_in: Callable[[str, str], str],
        password_of: Callable[[User], str],
        secret: str | None = None,
        *,
        scheme: str = "JWT",
        claims: dict[str, Any] | None = None,
        user_id_claim: str = "sub",
    ) -> None:
        super().__init__(scheme)
        self._log_in = log_in
        self._password_of = password_of
        self._secret = secret
        self._claims = claims or {}
        self._user_id_claim = user_id_claim

    def _make(self, kind: str, user: User) -> str:
        if kind in RESIGNED and self._secret is None:
            raise NotChecked(f"{RESIGNED[kind]} needs the server's signing key (--jwt-secret)")
        token = self._log_in(user.email, self._password_of(user))
        if kind == "forged":
            return _forge(token)
        if kind in RESIGNED:
            extra = self._claims | ({self._user_id_claim: NOBODY} if kind == "nobody" else {})
            return _resign(token, self._secret or "", kind, extra)
        return token


# The kinds of token made by signing a login token's claims again with the server's key.
RESIGNED = {
    "expired": "an expired token",
    "unexpiring": "a token without expiry",
    "nobody": "a token for a user beyond any row",
}
