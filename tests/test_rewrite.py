"""How the api seeder turns a transaction written for an empty database into one for the
server's real rows (``seeders._rewrite``)."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

from reference_server.models import CODE_LENGTH, EMAIL_LENGTH
from seeders import MISSING_ID_BASE, Rewrite


def seeded() -> Rewrite:
    rewrite = Rewrite(suffix="0420001")
    rewrite.seeded("event", "1", "1007")
    rewrite.seeded("ticket", "1", "2003")
    rewrite.seeded("discount-code", "1", "3001")
    rewrite.seeded("user", "1", "41")
    rewrite.values["event0001"] = "a1b2c3d4"
    return rewrite


def transaction(method: str, uri: str, body: object = None, status: int = 200) -> dict:
    return {
        "name": "Group > Resource > Action",
        "fullPath": uri,
        "request": {"method": method, "uri": uri, "headers": {}, "body": json.dumps(body or "")},
        "expected": {"statusCode": str(status), "body": "", "bodySchema": ""},
    }


def test_path_ids_identifiers_and_looked_up_codes_are_the_servers() -> None:
    rewrite = seeded()
    assert rewrite.uri("/v1/discount-codes/1/tickets") == "/v1/discount-codes/3001/tickets"
    assert (
        rewrite.uri("/v1/events/event0001/discount-codes") == "/v1/events/a1b2c3d4/discount-codes"
    )
    # A code looked up in the path keeps its case: lookups ignore case, the suffix is digits.
    assert rewrite.uri("/v1/events/1/discount-codes/summer25") == (
        "/v1/events/1007/discount-codes/summer250420001"
    )
    assert rewrite.uri("/v1/discount-codes?sort=-code&page%5Bsize%5D=1") == (
        "/v1/discount-codes?sort=-code&page%5Bsize%5D=1"
    )


def test_an_id_nothing_was_seeded_for_names_nothing_on_the_server() -> None:
    rewrite = seeded()
    assert rewrite.uri("/v1/tickets/2/discount-codes") == (
        f"/v1/tickets/{MISSING_ID_BASE + 2}/discount-codes"
    )


def test_request_body_linkage_codes_and_emails() -> None:
    rewrite = seeded()
    body = {
        "data": {
            "type": "discount-code",
            "id": "1",
            "attributes": {"code": "EARLYBIRD", "value": 15},
            "relationships": {
                "event": {"data": {"type": "event", "id": "1"}},
                "tickets": {"data": [{"type": "ticket", "id": "1"}, {"type": "ticket", "id": "9"}]},
            },
        }
    }
    sent = transaction("PATCH", "/v1/discount-codes/1", body)
    rewrite.request(sent)
    assert sent["request"]["uri"] == sent["fullPath"] == "/v1/discount-codes/3001"
    data = json.loads(sent["request"]["body"])["data"]
    assert data["id"] == "3001"
    assert data["attributes"] == {"code": "EARLYBIRD0420001", "value": 15}
    assert data["relationships"]["event"]["data"]["id"] == "1007"
    assert [t["id"] for t in data["relationships"]["tickets"]["data"]] == [
        "2003",
        str(MISSING_ID_BASE + 9),
    ]
    login = transaction("POST", "/v1/auth/login", {"email": "user1@example.com"})
    rewrite.request(login)
    assert json.loads(login["request"]["body"]) == {"email": "user1+0420001@example.com"}


def test_a_code_at_the_limit_stays_at_it_and_one_past_stays_past() -> None:
    rewrite = seeded()
    longest, too_long = "E" * CODE_LENGTH, "E" * (CODE_LENGTH + 1)
    assert rewrite.code(longest) == "E" * (CODE_LENGTH - 7) + "0420001"
    assert len(rewrite.code(too_long)) == CODE_LENGTH + 1
    assert rewrite.code(too_long).endswith("0420001")
    assert rewrite.code("EARLYBIRD") == "EARLYBIRD0420001"
    assert rewrite.code("") == ""  # refused as empty: nothing to make new


def test_an_email_at_the_limit_stays_at_it_and_one_past_stays_past() -> None:
    rewrite = seeded()
    domain = "@" + "d" * 60 + "." + "e" * 60 + "." + "f" * 60 + ".com"
    longest = "a" * (EMAIL_LENGTH - len(domain)) + domain
    too_long = "a" + longest
    assert rewrite.email(longest) == "a" * (EMAIL_LENGTH - len(domain) - 8) + "+0420001" + domain
    assert len(rewrite.email(too_long)) == EMAIL_LENGTH + 1
    assert rewrite.email("ada@example.com") == "ada+0420001@example.com"


def test_a_body_that_cannot_be_parsed_is_sent_as_written() -> None:
    """Hostile bodies: no JSON, or nested deeper than Python's parser recurses."""
    rewrite = seeded()
    deep = '{"data": {"type": "user", "id": "1"}, "meta": {"nested": ' + "[" * 1000 + "]" * 1000
    for text in ("{not json", deep + "}}"):
        sent = transaction("POST", "/v1/users")
        sent["request"]["body"] = text
        rewrite.request(sent)
        assert sent["request"]["body"] == text


def test_a_created_rows_expected_id_is_the_one_the_server_answered() -> None:
    rewrite = seeded()
    created = transaction(
        "POST", "/v1/discount-codes", {"data": {"type": "discount-code"}}, status=201
    )
    schema = {
        "type": "object",
        "properties": {
            "data": {
                "type": "object",
                "properties": {
                    "type": {"const": "discount-code"},
                    "id": {"const": "2"},
                    "attributes": {"properties": {"code": {"const": "EARLYBIRD"}}},
                    "relationships": {
                        "properties": {
                            "event": {
                                "properties": {
                                    "data": {
                                        "properties": {
                                            "type": {"const": "event"},
                                            "id": {"enum": ["1"]},
                                        }
                                    }
                                }
                            }
                        }
                    },
                },
            }
        },
    }
    created["expected"]["bodySchema"] = json.dumps(schema)
    rewrite.request(created)
    assert rewrite.created == ("discount-code", "2")
    created["real"] = {"body": json.dumps({"data": {"type": "discount-code", "id": "3002"}})}
    rewrite.expected(created)
    data = json.loads(created["expected"]["bodySchema"])["properties"]["data"]["properties"]
    assert data["id"] == {"const": "3002"}
    assert data["attributes"]["properties"]["code"] == {"const": "EARLYBIRD0420001"}
    event = data["relationships"]["properties"]["event"]["properties"]["data"]["properties"]
    assert event["id"] == {"enum": ["1007"]}


def test_a_created_row_of_another_type_is_not_taken_for_the_expected_one() -> None:
    rewrite = seeded()
    created = transaction("POST", "/v1/tickets", {"data": {"type": "ticket"}}, status=201)
    created["expected"]["body"] = json.dumps({"data": {"type": "ticket", "id": "2"}})
    rewrite.request(created)
    created["real"] = {"body": json.dumps({"data": {"type": "event", "id": "5"}})}
    rewrite.expected(created)
    assert json.loads(created["expected"]["body"])["data"]["id"] == str(MISSING_ID_BASE + 2)


def test_a_body_nested_too_deeply_to_parse_is_sent_as_written() -> None:
    body = "[" * 100_000 + "]" * 100_000
    sent = transaction("POST", "/v1/discount-codes")
    sent["request"]["body"] = body
    seeded().request(sent)
    assert sent["request"]["body"] == body


def test_padding_after_the_body_is_kept() -> None:
    sent = transaction("PATCH", "/v1/discount-codes/1", {"data": {"type": "discount-code"}})
    sent["request"]["body"] += " " * 5000
    seeded().request(sent)
    assert sent["request"]["body"].endswith("}" + " " * 5000)
    assert json.loads(sent["request"]["body"]) == {"data": {"type": "discount-code"}}


def test_a_not_checked_note_names_the_servers_ids_beside_the_blueprints() -> None:
    rewrite = seeded()
    note = "Event 1 now points at code 1; event 2 still has no code. (ticket 1, user 1)"
    assert rewrite.note(note) == (
        "Event 1 (here 1007) now points at code 1 (here 3001); event 2 still has no code."
        " (ticket 1 (here 2003), user 1 (here 41))"
    )
    # An id the server happens to share, and text that is not a row, stay as written.
    rewrite.seeded("event", "2", "2")
    assert rewrite.note("event 2, 1 code, codes 1") == "event 2, 1 code, codes 1"


def test_a_filter_on_ids_names_the_servers_ids_in_the_request_and_the_links() -> None:
    rewrite = seeded()
    rewrite.seeded("discount-code", "3", "3007")
    query = '[{"name":"id","op":"in_","val":["1","3",9]},{"name":"value","op":"gt","val":"1"}]'
    uri = "/v1/events/1/discount-codes?filter=" + quote(query, safe="") + "&page%5Bsize%5D=1"
    rewritten = rewrite.uri(uri)
    path, _, rest = rewritten.partition("?filter=")
    sent, _, page = rest.partition("&")
    assert path == "/v1/events/1007/discount-codes" and page == "page%5Bsize%5D=1"
    assert json.loads(unquote(sent)) == [
        {"name": "id", "op": "in_", "val": ["3001", "3007", MISSING_ID_BASE + 9]},
        {"name": "value", "op": "gt", "val": "1"},
    ]
    # A filter without ids, or one that is not JSON, is sent exactly as written.
    for untouched in ("filter=" + quote('[{"name":"code","op":"eq","val":"1"}]'), "filter=%5B"):
        assert rewrite.uri("/v1/discount-codes?" + untouched) == "/v1/discount-codes?" + untouched
