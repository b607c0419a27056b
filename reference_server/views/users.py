"""``POST /v1/users``: sign up. Anyone may, even without a token."""

from __future__ import annotations

from flask import Blueprint, Response, current_app
from sqlalchemy.exc import IntegrityError

from reference_server import db, rules
from reference_server.auth import current_user
from reference_server.jsonapi import load, require_new_resource_body, resource_document
from reference_server.models import User
from reference_server.schemas import UserSchema

bp = Blueprint("users", __name__, url_prefix="/v1/users")
schema = UserSchema()


@bp.post("")
def sign_up() -> Response:
    """A new plain user; a token is not needed, but one that is sent must be valid (401)."""
    current_user(optional=True)
    data = load(schema, require_new_resource_body())
    session = db.session()
    rules.check_email_free(session, data["email"])
    user = User(
        email=data["email"],
        first_name=data.get("first_name"),
        last_name=data.get("last_name"),
        is_admin=False,
    )
    user.set_password(data["password"], current_app.config["PASSWORD_HASH_METHOD"])
    session.add(user)
    try:
        session.commit()
    except IntegrityError as error:
        # Another sign-up with the same email won the race between the check and the write.
        session.rollback()
        raise rules.email_in_use(data["email"]) from error
    return resource_document(schema, user, status=201, self_link=f"{bp.url_prefix}/{user.id}")
