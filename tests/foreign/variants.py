"""The variants. Each reshapes the app it is given the way a real implementation differs
(``../shared`` facts of the upstream Open Event Server are the model for each)."""

from __future__ import annotations

import io
import json
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, Response, request

from reference_server import db
from reference_server.jsonapi import JSONAPI_MEDIA_TYPE
from reference_server.models import Event, Role, Ticket, User, UserEventRole
from reference_server.permissions import require_admin, require_role_granter, require_user
from tests.foreign import variant

Environ = dict[str, Any]
# What a body handler answers instead of the app: (status, content type, body).
Answer = tuple[int, str, str] | None
SERVER_ERROR: Answer = (500, "text/html", "<h1>Internal Server Error</h1>")


def _on_body(
    app: Flask, method: str, path: str, handle: Callable[[dict[str, Any]], Answer]
) -> None:
    """Let ``handle`` see (and change) the JSON body of ``method path`` requests before
    the app does, or answer them itself: what a server with other required attributes
    does before its own validation. Bodies that are not a JSON object pass untouched."""
    inner, route = app.wsgi_app, re.compile(path)

    def middleware(environ: Environ, start_response: Any) -> Iterable[bytes]:
        length = environ.get("CONTENT_LENGTH") or ""
        if environ["REQUEST_METHOD"] == method and route.fullmatch(environ["PATH_INFO"]):
            raw = environ["wsgi.input"].read(int(length)) if length.isdigit() else b""
            try:
                document = json.loads(raw)
            except ValueError:
                document = None
            if isinstance(document, dict):
                answer = handle(document)
                if answer is not None:
                    status, content_type, body = answer
                    return Response(body, status, content_type=content_type)(
                        environ, start_response
                    )
                raw = json.dumps(document).encode()
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(raw), str(len(raw))
        return inner(environ, start_response)

    app.wsgi_app = middleware  # type: ignore[method-assign]


def _on_attributes(
    app: Flask, path: str, handle: Callable[[dict[str, Any], dict[str, Any]], Answer]
) -> None:
    """``_on_body`` for a creation's ``data.attributes`` (and its document); bodies
    without an attributes object pass untouched."""

    def with_attributes(document: dict[str, Any]) -> Answer:
        data = document.get("data")
        attributes = data.get("attributes") if isinstance(data, dict) else None
        return handle(attributes, document) if isinstance(attributes, dict) else None

    _on_body(app, "POST", path, with_attributes)


def _unprocessable(detail: str, pointer: str) -> Answer:
    error = {"status": "422", "title": "Unprocessable Entity", "detail": detail}
    body = {"errors": [{**error, "source": {"pointer": pointer}}]}
    return 422, JSONAPI_MEDIA_TYPE, json.dumps(body)


@variant(
    "creating an event needs a timezone (500 without it: an unhandled KeyError) and a state"
    " (422), as the upstream server does; both are taken and not served back",
    causes=("POST /v1/events answered 500, a server error",),
    pattern="Events > Event Collection",
    unseeded="creating the event: POST /v1/events answered 500",
)
def events_need_timezone_and_state(app: Flask) -> None:
    def needs_them(attributes: dict[str, Any], _document: dict[str, Any]) -> Answer:
        if "timezone" not in attributes:
            return SERVER_ERROR
        if "state" not in attributes:
            return _unprocessable("state is required", "/data/attributes/state")
        del attributes["timezone"], attributes["state"]
        for optional in ("can-pay-onsite", "payment-currency"):  # taken, not served back
            attributes.pop(optional, None)
        return None

    _on_attributes(app, "/v1/events", needs_them)


@variant(
    "creating a ticket needs its sales dates (500 without them), and sales must end before"
    " its event does (422)",
    causes=("POST /v1/tickets answered 500, a server error",),
    pattern="Ticket Collection",
    unseeded="creating the ticket: POST /v1/tickets answered 500",
)
def tickets_need_sales_dates(app: Flask) -> None:
    def needs_them(attributes: dict[str, Any], document: dict[str, Any]) -> Answer:
        if "sales-starts-at" not in attributes or "sales-ends-at" not in attributes:
            return SERVER_ERROR
        ends = datetime.fromisoformat(attributes.pop("sales-ends-at"))
        attributes.pop("sales-starts-at")
        linkage = (document["data"].get("relationships") or {}).get("event") or {}
        event_id = (linkage.get("data") or {}).get("id")
        with app.app_context():
            event = db.session().get(Event, int(event_id)) if str(event_id).isdigit() else None
            if event is not None and ends > event.ends_at:
                return _unprocessable(
                    "Ticket sales must end before the event does.",
                    "/data/attributes/sales-ends-at",
                )
        return None

    _on_attributes(app, "/v1/tickets", needs_them)


@variant(
    "tokens name their user in the claim 'identity' (flask-jwt-extended 3's), not 'sub'",
    causes=(),
    pattern="Token",
)
def user_id_in_identity_claim(app: Flask) -> None:
    app.config["JWT_IDENTITY_CLAIM"] = "identity"


@variant(
    "no POST /v1/users-events-roles: roles are granted by invitation (POST /v1/role-invites,"
    " then the invitee's POST /v1/role_invites/accept-invite with the invite's hash)",
    causes=("POST /v1/users-events-roles answered 405: the route does not allow the method",),
    pattern="Role",
    unseeded="creating the users-events-role: POST /v1/users-events-roles answered 405",
)
def roles_by_invitation(app: Flask) -> None:
    invites: dict[str, tuple[int, int, Role]] = {}  # hash -> (user, event, role)
    role_ids = {role: number for number, role in enumerate(Role, 1)}
    invitations = Blueprint("invitations", __name__)

    @app.before_request
    def no_role_route() -> Response | None:
        if request.method == "POST" and request.path.startswith("/v1/users-events-roles"):
            error = {"status": "405", "title": "Method Not Allowed", "detail": "Not allowed."}
            return Response(json.dumps({"errors": [error]}), 405, content_type=JSONAPI_MEDIA_TYPE)
        return None

    @invitations.get("/v1/roles")
    def roles() -> Response:
        data = [
            {"type": "role", "id": str(number), "attributes": {"name": role.value}}
            for role, number in role_ids.items()
        ]
        return Response(json.dumps({"data": data}), content_type=JSONAPI_MEDIA_TYPE)

    @invitations.post("/v1/role-invites")
    def invite() -> Response:
        caller = require_user()
        data = (request.get_json(force=True) or {})["data"]
        session = db.session()
        event = session.get(Event, int(data["relationships"]["event"]["data"]["id"]))
        require_role_granter(caller, event)
        role = next(
            r for r, n in role_ids.items() if str(n) == data["relationships"]["role"]["data"]["id"]
        )
        user = session.query(User).filter_by(email=data["attributes"]["email"]).one()
        hash_ = secrets.token_hex(16)
        invites[hash_] = (user.id, event.id, role)
        body = {"data": {"type": "role-invite", "id": hash_[:8], "attributes": {"hash": hash_}}}
        return Response(json.dumps(body), 201, content_type=JSONAPI_MEDIA_TYPE)

    @invitations.post("/v1/role_invites/accept-invite")
    def accept() -> Response:
        caller = require_user()
        user_id, event_id, role = invites.pop((request.get_json(force=True) or {})["data"]["token"])
        if caller.id != user_id:
            return Response(json.dumps({"errors": [{"status": "403"}]}), 403)
        session = db.session()
        granted = UserEventRole(user_id=user_id, event_id=event_id, role=role)
        session.add(granted)
        session.commit()
        body = {"data": {"type": "users-events-role", "id": str(granted.id)}}
        return Response(json.dumps(body), content_type=JSONAPI_MEDIA_TYPE)

    app.register_blueprint(invitations)


@variant(
    "a PATCH of a discount code whose data has no attributes member answers 500",
    causes=("PATCH /v1/discount-codes/{id} answered 500, a server error",),
    pattern="Ticket Discount Code",
    unseeded="creating the discount-code's tickets: PATCH /v1/discount-codes/{id} answered 500",
)
def patch_without_attributes_fails(app: Flask) -> None:
    def needs_attributes(document: dict[str, Any]) -> Answer:
        data = document.get("data")
        return SERVER_ERROR if isinstance(data, dict) and "attributes" not in data else None

    _on_body(app, "PATCH", r"/v1/discount-codes/\d+", needs_attributes)


@variant(
    "numbers are served as floats (10.0 for 10): the same JSON number, which no rule can"
    " tell from the reference server's",
    causes=(),
    pattern="Discount Code Detail",
)
def numbers_served_as_floats(app: Flask) -> None:
    @app.after_request
    def as_floats(response: Response) -> Response:
        if response.mimetype == JSONAPI_MEDIA_TYPE and response.status_code < 300:
            text = response.get_data(as_text=True)
            floated = re.sub(r'(":\s*)(-?\d+)(?=[,}\]])', r"\1\2.0", text)
            response.set_data(floated)
        return response


@variant(
    "events and tickets can be soft-deleted (DELETE /v1/events/{id}, /v1/tickets/{id}, as"
    " an admin), as upstream's can: routes the contract does not have, so that the rules"
    " whose scenarios need a deleted event or ticket are checked through the API too",
    causes=(),
    pattern="Deleted",
)
def events_and_tickets_deletable(app: Flask) -> None:
    deletions = Blueprint("deletions", __name__)

    def soft_delete(model: type[Event] | type[Ticket], row_id: int) -> Response:
        require_admin(require_user())
        session = db.session()
        row = session.get(model, row_id)
        if row is None or row.deleted_at is not None:
            error = {"status": "404", "title": "Not Found", "detail": "Object not found."}
            return Response(json.dumps({"errors": [error]}), 404, content_type=JSONAPI_MEDIA_TYPE)
        row.deleted_at = db.utcnow()
        session.commit()
        body = {"meta": {"message": "Object successfully deleted"}, "jsonapi": {"version": "1.0"}}
        return Response(json.dumps(body), content_type=JSONAPI_MEDIA_TYPE)

    @deletions.delete("/v1/events/<int:event_id>")
    def delete_event(event_id: int) -> Response:
        return soft_delete(Event, event_id)

    @deletions.delete("/v1/tickets/<int:ticket_id>")
    def delete_ticket(ticket_id: int) -> Response:
        return soft_delete(Ticket, ticket_id)

    app.register_blueprint(deletions)
