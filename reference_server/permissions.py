"""Who may do what: one function per rule, each raising 401/403 with a clear detail."""

from __future__ import annotations

from reference_server.auth import current_user
from reference_server.errors import Forbidden, Unauthorized
from reference_server.models import DiscountCode, Event, Role, UsedFor, User

EVENT_MANAGERS = frozenset({Role.OWNER, Role.ORGANIZER, Role.COORGANIZER})
# Who may give other users a role in an event: not a co-organizer.
ROLE_GRANTERS = frozenset({Role.OWNER, Role.ORGANIZER})


def require_user() -> User:
    """The logged-in caller; 401 without a valid token."""
    user = current_user()
    if user is None:  # pragma: no cover - the JWT loaders answer first
        raise Unauthorized("Authentication required.")
    return user


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise Forbidden("Only an admin may do this.")


def manages_event(user: User, event: Event) -> bool:
    """An admin, or the event's owner, organizer or co-organizer."""
    return user.is_admin or user.role_in(event) in EVENT_MANAGERS


def require_event_manager(user: User, event: Event) -> None:
    if not manages_event(user, event):
        raise Forbidden("Only an organizer or co-organizer of the event may do this.")


def require_role_granter(user: User, event: Event) -> None:
    """An admin, or the event's owner or organizer, may give users a role in it."""
    if not (user.is_admin or user.role_in(event) in ROLE_GRANTERS):
        raise Forbidden("Only an admin, or the event's owner or organizer, may grant roles in it.")


def require_may_credit(user: User, marketer_id: int) -> None:
    """Only an admin may credit a discount code to another user than themself."""
    if not (user.is_admin or marketer_id == user.id):
        raise Forbidden("Only an admin may credit a discount code to another user.")


def manages_code(user: User, code: DiscountCode) -> bool:
    """Event codes are the admin's; ticket codes belong to their event's managers."""
    if code.used_for == UsedFor.EVENT or code.event is None:
        return user.is_admin
    return manages_event(user, code.event)


def require_code_manager(user: User, code: DiscountCode) -> None:
    if not manages_code(user, code):
        who = "an admin" if code.used_for == UsedFor.EVENT else "an organizer of its event"
        raise Forbidden(f"Only {who} may change this discount code.")


def reads_code(user: User, code: DiscountCode) -> bool:
    """Whoever may manage the code, and its marketer, may read it and what it links."""
    return manages_code(user, code) or code.marketer_id == user.id


def require_code_reader(user: User, code: DiscountCode) -> None:
    if not reads_code(user, code):
        raise Forbidden("Only the code's managers or its marketer may read this discount code.")
