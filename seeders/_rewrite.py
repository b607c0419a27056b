"""Turning a transaction written for an empty database into one for a server's real rows.

The blueprint names rows by the ids an empty database gives them (the "contract ids":
1, 2, ... per type, in creation order) and by the values the factories give them. On a
server seeded through its API, each row has the id the server chose, event identifiers
are the server's, and codes and emails must be new in every transaction (nothing is
ever emptied, and event codes are unique across the whole server). ``Rewrite`` holds
what one transaction's seeding learnt and applies it to the request (before it is sent)
and to what is expected (once the response is in, which also tells the id of a created
row).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from reference_server.models import CODE_LENGTH, EMAIL_LENGTH

#: URI collection segment -> JSON:API type of the ids that follow it.
COLLECTIONS = {
    "discount-codes": "discount-code",
    "events": "event",
    "tickets": "ticket",
    "users": "user",
    "users-events-roles": "users-events-role",
}
#: A contract id nothing was seeded for must name nothing on the server either.
MISSING_ID_BASE = 2_000_000_000
#: A value an error detail quotes, e.g. the code in "The code 'PLATFORM10' is already in use".
_QUOTED = re.compile(r"'([^']*)'")


#: The rows a hook's note names by the blueprint's id: "event 1", "code 2".
_NOTE_TYPES = {"event": "event", "code": "discount-code", "ticket": "ticket", "user": "user"}
_NOTE_ID = re.compile(r"\b(event|code|ticket|user) (\d+)\b", re.IGNORECASE)


@dataclass
class Rewrite:
    """What one transaction's seeding learnt; ``suffix`` makes its codes and emails new."""

    suffix: str
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    created: tuple[str, str] | None = None  # (type, contract id) a POST is to create
    created_id: str | None = None  # the id the server gave it
    codes: set[str] = field(default_factory=set)  # the codes rewritten, lower case

    # --- what seeding records ---------------------------------------------------

    def next_contract_id(self, type_: str) -> str:
        return str(len(self.ids.get(type_, {})) + 1)

    def seeded(self, type_: str, contract_id: str, real_id: str) -> None:
        self.ids.setdefault(type_, {})[contract_id] = real_id

    def real_id(self, type_: str, contract_id: str) -> str:
        """The server's id for a contract id; an unseeded one becomes an id nothing has."""
        if self.created == (type_, contract_id) and self.created_id is not None:
            return self.created_id
        seeded = self.ids.get(type_, {}).get(contract_id)
        if seeded is not None:
            return seeded
        return str(MISSING_ID_BASE + int(contract_id)) if contract_id.isdigit() else contract_id

    def note(self, note: str) -> str:
        """A note's "event 1", "code 2", "ticket 1", "user 3" followed by the server's id
        where it differs: "event 1 (here 1043)"."""

        def server_id(match: re.Match[str]) -> str:
            real = self.ids.get(_NOTE_TYPES[match.group(1).lower()], {}).get(match.group(2))
            if real is None or real == match.group(2):
                return match.group(0)
            return f"{match.group(0)} (here {real})"

        return _NOTE_ID.sub(server_id, note)

    def code(self, code: str) -> str:
        """A discount code made new for this transaction. The suffix is digits, so the
        code keeps whatever case it is written in (lookups ignore case). A code that the
        suffix would take past the API's limit keeps its length instead (the suffix
        replaces its tail), so a code at the limit stays at it and one past stays past."""
        self.codes.add(code.lower())
        if not code:
            return code  # an empty code is refused as it is: nothing to make new
        if len(code) + len(self.suffix) > CODE_LENGTH:
            return code[: len(code) - len(self.suffix)] + self.suffix
        return code + self.suffix

    def email(self, email: str) -> str:
        """An email made new for this transaction (``+suffix`` in its local part); one that
        would grow past the API's limit keeps its length (the tag replaces the local part's
        tail), so an email at the limit stays at it and one past stays past."""
        local, at, domain = email.partition("@")
        tag = f"+{self.suffix}"
        if not at:
            return email + self.suffix
        if len(email) + len(tag) > EMAIL_LENGTH:
            local = local[: max(len(local) - len(tag), 1)]
        return f"{local}{tag}{at}{domain}"

    # --- applying it ---------------------------------------------------------------

    def request(self, transaction: dict[str, Any]) -> None:
        """Rewrite the path, and the body's ids, codes, emails and identifiers."""
        request = transaction["request"]
        old_uri = request["uri"]
        request["uri"] = self.uri(old_uri)
        full_path = transaction.get("fullPath")
        if isinstance(full_path, str) and full_path.endswith(old_uri):
            transaction["fullPath"] = full_path[: len(full_path) - len(old_uri)] + request["uri"]
        request["body"] = self._json_text(request.get("body") or "", self._document)
        if request["method"] == "POST" and str(transaction["expected"].get("statusCode")) == "201":
            type_ = _created_type(request["body"])
            if type_:
                self.created = (type_, self.next_contract_id(type_))

    def expected(self, transaction: dict[str, Any]) -> None:
        """Rewrite what is expected; call once the response is in."""
        expected = transaction["expected"]
        if self.created is not None:
            self.created_id = _created_id(transaction.get("real") or {}, self.created[0])
        expected["body"] = self._json_text(expected.get("body") or "", self._document)
        if expected.get("bodySchema"):
            schema = expected["bodySchema"]
            if isinstance(schema, str):
                expected["bodySchema"] = self._json_text(schema, self._schema)
            else:
                self._schema(schema)

    def uri(self, uri: str) -> str:
        path, mark, query = uri.partition("?")
        segments = path.split("/")
        for index in range(1, len(segments)):
            collection, segment = segments[index - 1], segments[index]
            if collection not in COLLECTIONS or not segment:
                continue
            if segment.isdigit():
                segments[index] = self.real_id(COLLECTIONS[collection], segment)
            elif collection == "discount-codes":
                segments[index] = self.code(segment)  # a code looked up by its text
            else:
                segments[index] = self.values.get(segment, segment)  # e.g. an event identifier
        listed = COLLECTIONS.get(segments[-1])
        if listed is not None and "filter=" in query:
            query = "&".join(self._filter(part, listed) for part in query.split("&"))
        return "/".join(segments) + mark + query

    def _filter(self, part: str, type_: str) -> str:
        """A ``filter=`` query parameter whose conditions on ``id`` name the server's ids;
        written back the way the contract writes it (compact JSON, every reserved
        character escaped), so the links the server echoes are rewritten alike."""
        name, _, value = part.partition("=")
        if name != "filter":
            return part
        try:
            conditions = json.loads(urllib.parse.unquote_plus(value))
        except ValueError:
            return part  # a malformed filter is the transaction's point: sent as written

        changed = False

        def server_id(contract_id: Any) -> Any:
            real = self.real_id(type_, str(contract_id))
            return int(real) if isinstance(contract_id, int) and real.isdigit() else real

        def real(node: Any) -> Any:
            nonlocal changed
            if isinstance(node, list):
                return [real(item) for item in node]
            if not isinstance(node, dict):
                return node
            if node.get("name") == "id" and "val" in node:
                changed, ids = True, node["val"]
                ids = [server_id(i) for i in ids] if isinstance(ids, list) else server_id(ids)
                return node | {"val": ids}
            return {key: real(item) for key, item in node.items()}

        conditions = real(conditions)
        if not changed:
            return part
        rewritten = json.dumps(conditions, separators=(",", ":"))
        return f"filter={urllib.parse.quote(rewritten, safe='')}"

    def _document(self, node: Any) -> Any:
        """A JSON:API document (request or expected example), changed in place."""
        if isinstance(node, dict):
            if isinstance(node.get("type"), str) and isinstance(node.get("id"), str):
                node["id"] = self.real_id(node["type"], node["id"])
            for key, value in node.items():
                if isinstance(value, str):
                    node[key] = self._value(key, value)
                else:
                    self._document(value)
        elif isinstance(node, list):
            for item in node:
                self._document(item)
        return node

    def _schema(self, node: Any) -> Any:
        """A JSON Schema (the expected body's), changed in place: pinned ids, codes, emails."""
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                type_, id_ = _pinned(properties.get("type")), _pinned(properties.get("id"))
                if isinstance(type_, str) and isinstance(id_, str):
                    _pin(properties["id"], self.real_id(type_, id_))
                for key, member in properties.items():
                    value = _pinned(member)
                    if isinstance(value, str) and key != "id":
                        _pin(member, self._value(key, value))
            for value in node.values():
                self._schema(value)
        elif isinstance(node, list):
            for item in node:
                self._schema(item)
        return node

    def _value(self, key: str, value: str) -> str:
        if key == "code":
            return self.code(value)
        if key == "email":
            return self.email(value)
        if key == "detail":
            return _QUOTED.sub(self._quoted_code, value)  # "The code 'PLATFORM10' is ..."
        if value.startswith("/v1/"):
            return self.uri(value)  # a link: /v1/discount-codes/1/event
        return self.values.get(value, value)

    def _quoted_code(self, match: re.Match[str]) -> str:
        text = match.group(1)
        return f"'{self.code(text)}'" if text.lower() in self.codes else match.group(0)

    @staticmethod
    def _json_text(text: str, change: Any) -> str:
        if not text.strip():
            return text
        try:
            parsed = json.loads(text)
        except (ValueError, RecursionError):
            return text  # not JSON, or nested deeper than the parser goes: sent as written
        # Whitespace after the document is kept: it can be what the transaction is about
        # (a body padded past the size limit).
        return json.dumps(change(parsed), indent=2) + text[len(text.rstrip()) :]


def _pinned(member: Any) -> Any:
    """The one value a schema member allows (``const`` or a one-value ``enum``), if any."""
    if not isinstance(member, dict):
        return None
    if "const" in member:
        return member["const"]
    enum = member.get("enum")
    return enum[0] if isinstance(enum, list) and len(enum) == 1 else None


def _pin(member: dict[str, Any], value: str) -> None:
    if "const" in member:
        member["const"] = value
    else:
        member["enum"] = [value]


def _created_type(body: str) -> str | None:
    try:
        data = json.loads(body).get("data")
    except (ValueError, AttributeError):
        return None
    return data.get("type") if isinstance(data, dict) else None


def _created_id(real: dict[str, Any], type_: str) -> str | None:
    try:
        data = json.loads(real.get("body") or "").get("data")
    except (ValueError, AttributeError):
        return None
    if isinstance(data, dict) and data.get("type") == type_ and isinstance(data.get("id"), str):
        created: str = data["id"]
        return created
    return None
