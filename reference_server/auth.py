"""Login and JWT handling: ``POST /v1/auth/login`` and ``Authorization: JWT <token>``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    get_current_user,
    verify_jwt_in_request,
)
from sqlalchemy import func, select

from reference_server import db
from reference_server.body import json_body
from reference_server.errors import BadRequest, Unauthorized, Unprocessable, error_response
from reference_server.models import MAX_ID, User, is_digits

bp = Blueprint("auth", __name__, url_prefix="/v1/auth")


def init_app(app: Flask) -> None:
    """Configure flask-jwt-extended so that every token problem is a 401 error document."""
    app.config.setdefault("JWT_HEADER_TYPE", "JWT")
    jwt = JWTManager(app)

    def _unauthorized(detail: str) -> Response:
        return error_response(Unauthorized(detail))

    jwt.unauthorized_loader(lambda reason: _unauthorized(f"Authentication required: {reason}"))
    jwt.invalid_token_loader(lambda reason: _unauthorized(f"Invalid token: {reason}"))
    jwt.expired_token_loader(lambda _header, _payload: _unauthorized("Token has expired"))
    # flask-jwt-extended checks ``exp`` only when a token has one: a token signed with the
    # server's key but without an expiry would be good forever.
    jwt.token_verification_loader(lambda _header, payload: "exp" in payload)
    jwt.token_verification_failed_loader(
        lambda _header, _payload: _unauthorized("Invalid token: it has no expiry (exp)")
    )
    jwt.user_lookup_error_loader(
        lambda _header, _payload: _unauthorized("Token names no existing user")
    )

    @jwt.user_lookup_loader
    def _load_user(_header: dict[str, Any], payload: dict[str, Any]) -> User | None:
        subject = payload.get(current_app.config["JWT_IDENTITY_CLAIM"], "")
        if not is_digits(subject) or int(subject) > MAX_ID:
            return None
        return db.session().get(User, int(subject))

    app.register_blueprint(bp)


def issue_token(user: User) -> str:
    """A token for ``user``; its subject is the user's id as a string."""
    token: str = create_access_token(identity=str(user.id))
    return token


def current_user(optional: bool = False) -> User | None:
    """The caller, or ``None`` for an anonymous call where ``optional`` is allowed.

    A token that is present but broken is refused even where a token is optional.
    """
    sent = bool(request.headers.get("Authorization"))
    verify_jwt_in_request(optional=optional and not sent)
    return get_current_user() if sent or not optional else None


@bp.post("/login")
def login() -> Response:
    body = json_body()
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object with email and password.")
    for field in ("email", "password"):
        if not isinstance(body.get(field), str) or not body[field]:
            raise Unprocessable(f"{field} must be a non-empty string.", pointer=f"/{field}")
        if "\x00" in body[field]:
            # PostgreSQL's text cannot hold U+0000: the query itself would fail.
            raise Unprocessable(
                f"{field} must not contain NUL characters (U+0000).", pointer=f"/{field}"
            )
    user = db.session().scalar(select(User).where(func.lower(User.email) == body["email"].lower()))
    if user is None or not user.check_password(body["password"]):
        raise Unauthorized("Email or password is wrong.")
    return jsonify({"access_token": issue_token(user)})
