"""The ``filter`` grammar of every list, over HTTP, on both backends: every op, the
combinators, relationship filters, the short form, and a 400 naming the parameter for
everything it cannot read (flask-rest-jsonapi's filtering system, typed strictly)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from api_support import assert_document, assert_error, ids

from factories import (
    DiscountCodeFactory,
    DiscountCodeTicketFactory,
    EventFactoryBasic,
    FactorySession,
    TicketFactory,
    UserFactory,
)
from reference_server.db import utcnow
from reference_server.models import DiscountType

VALID_TILL = "2099-06-01T12:00:00+00:00"


@pytest.fixture
def codes(app, admin):  # type: ignore[no-untyped-def]
    """Codes 1-5 and a deleted one (6) that no filter may find.

    1 SUMMER10: ticket code of "Alpha Fest" (ticket "Early"), percent 10, active, until
      2099-06-01 noon, a discount URL, at most 5.
    2 summer20: ticket code of "Alpha Fest" (ticket "Late", and ticket "Gone", deleted),
      amount 20, inactive, no URL, no maximum; its marketer is "mia@example.com".
    3 WINTER: ticket code of "Beta Days" (ticket "Early Bird"), percent 30.
    4 PLATFORM: event code (value 5) set on "Alpha Fest".
    5 Autumn: ticket code of "Beta Days" without tickets, percent 30.
    6 SUMMER30: like code 1, deleted.
    """
    alpha = EventFactoryBasic(name="Alpha Fest")
    beta = EventFactoryBasic(name="Beta Days")
    early = TicketFactory(event=alpha, name="Early")
    late = TicketFactory(event=alpha, name="Late")
    gone = TicketFactory(event=alpha, name="Gone", deleted_at=utcnow())
    DiscountCodeTicketFactory(
        event=alpha,
        tickets=[early],
        code="SUMMER10",
        value=10,
        type=DiscountType.PERCENT,
        discount_url="https://example.com/summer",
        max_quantity=5,
        valid_till=datetime.fromisoformat(VALID_TILL),
    )
    DiscountCodeTicketFactory(
        event=alpha,
        tickets=[late, gone],
        code="summer20",
        value=20,
        type=DiscountType.AMOUNT,
        is_active=False,
        discount_url=None,
        max_quantity=None,
        marketer=UserFactory(email="mia@example.com"),
    )
    DiscountCodeTicketFactory(
        event=beta,
        tickets=[TicketFactory(event=beta, name="Early Bird")],
        code="WINTER",
        value=30,
        type=DiscountType.PERCENT,
    )
    platform = DiscountCodeFactory(code="PLATFORM", value=5, type=DiscountType.PERCENT)
    alpha.discount_code_id = platform.id
    DiscountCodeTicketFactory(
        event=beta, tickets=[], code="Autumn", value=30, type=DiscountType.PERCENT
    )
    DiscountCodeTicketFactory(event=alpha, code="SUMMER30", deleted_at=utcnow())
    FactorySession.commit()


def filtered(api, admin, filters: Any, url: str = "/v1/discount-codes"):  # type: ignore[no-untyped-def]
    query = filters if isinstance(filters, str) else "filter=" + quote(json.dumps(filters))
    return api.get(f"{url}?{query}", user=admin)


def found(api, admin, filters: Any) -> list[str]:  # type: ignore[no-untyped-def]
    body = assert_document(filtered(api, admin, filters))
    assert body["meta"]["count"] == len(body["data"])
    return ids(body)


def one(name: str, op: str, val: Any) -> list[dict[str, Any]]:
    return [{"name": name, "op": op, "val": val}]


@pytest.mark.parametrize(
    ("op", "val", "expected"),
    [
        ("eq", 20, ["2"]),
        ("ne", 20, ["1", "3", "4", "5"]),
        ("lt", 20, ["1", "4"]),
        ("le", 20, ["1", "2", "4"]),
        ("gt", 20, ["3", "5"]),
        ("ge", 20, ["2", "3", "5"]),
        ("eq", 30.0, ["3", "5"]),
        ("in_", [5, 30], ["3", "4", "5"]),
        ("notin_", [5, 30], ["1", "2"]),
    ],
)
def test_comparisons_on_a_number(api, admin, codes, op, val, expected):
    assert found(api, admin, one("value", op, val)) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (one("code", "eq", "WINTER"), ["3"]),
        (one("code", "eq", "winter"), []),
        (one("code", "in_", ["WINTER", "Autumn", "NOPE"]), ["3", "5"]),
        (one("code", "like", "SUMMER%"), ["1"]),
        (one("code", "like", "%u%"), ["2", "5"]),
        (one("code", "ilike", "summer%"), ["1", "2"]),
        (one("code", "ilike", "_inter"), ["3"]),
        (one("discount-url", "is_", None), ["2"]),
        (one("max-quantity", "isnot", None), ["1", "3", "4", "5"]),
        (one("discount-url", "eq", None), ["2"]),
        (one("is-active", "eq", False), ["2"]),
        (one("is-active", "ne", False), ["1", "3", "4", "5"]),
        (one("used-for", "eq", "event"), ["4"]),
        (one("used-for", "like", "tick%"), ["1", "2", "3", "5"]),
        (one("type", "eq", "amount"), ["2"]),
        (one("id", "eq", "3"), ["3"]),
        (one("id", "in_", ["1", "4", "6"]), ["1", "4"]),
        (one("id", "gt", "3"), ["4", "5"]),
        (one("valid-till", "eq", VALID_TILL), ["1"]),
        (one("valid-till", "eq", "2099-06-01T17:30:00+05:30"), ["1"]),
        (one("valid-till", "ge", "2099-06-01T12:00:01+00:00"), []),
        (one("min-quantity", "ge", 0), ["1", "2", "3", "4", "5"]),
    ],
)
def test_attribute_filters(api, admin, codes, filters, expected):
    assert found(api, admin, filters) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            [
                {"name": "value", "op": "ge", "val": 20},
                {"name": "type", "op": "eq", "val": "percent"},
            ],
            ["3", "5"],
        ),
        (
            [
                {
                    "and": [
                        {"name": "value", "op": "ge", "val": 20},
                        {"name": "code", "op": "ilike", "val": "%r%"},
                    ]
                }
            ],
            ["2", "3"],
        ),
        (
            [
                {
                    "or": [
                        {"name": "value", "op": "eq", "val": 5},
                        {"name": "code", "op": "eq", "val": "Autumn"},
                    ]
                }
            ],
            ["4", "5"],
        ),
        ([{"not": {"name": "used-for", "op": "eq", "val": "ticket"}}], ["4"]),
        (
            [
                {
                    "or": [
                        {"not": {"name": "value", "op": "ge", "val": 10}},
                        {
                            "and": [
                                {"name": "is-active", "op": "eq", "val": False},
                                {"name": "value", "op": "eq", "val": 20},
                            ]
                        },
                    ]
                }
            ],
            ["2", "4"],
        ),
    ],
)
def test_combinations(api, admin, codes, filters, expected):
    assert found(api, admin, filters) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (one("event", "has", {"name": "name", "op": "eq", "val": "Beta Days"}), ["3", "5"]),
        (one("tickets", "any", {"name": "name", "op": "like", "val": "Early%"}), ["1", "3"]),
        # Ticket "Gone" is deleted: code 2 is not found through it.
        (one("tickets", "any", {"name": "name", "op": "eq", "val": "Gone"}), []),
        (one("events", "any", {"name": "name", "op": "eq", "val": "Alpha Fest"}), ["4"]),
        (one("marketer", "has", {"name": "email", "op": "eq", "val": "mia@example.com"}), ["2"]),
        (
            [
                {
                    "not": {
                        "name": "tickets",
                        "op": "any",
                        "val": {"name": "id", "op": "isnot", "val": None},
                    }
                }
            ],
            ["4", "5"],
        ),
    ],
)
def test_relationship_filters(api, admin, codes, filters, expected):
    assert found(api, admin, filters) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("filter[code]=WINTER", ["3"]),
        ("filter[value]=30", ["3", "5"]),
        ("filter[is-active]=false", ["2"]),
        ("filter[id]=4", ["4"]),
        ("filter[value]=30&filter[code]=Autumn", ["5"]),
        ("filter[value]=30&filter=" + quote(json.dumps(one("code", "eq", "WINTER"))), ["3"]),
    ],
)
def test_the_short_form(api, admin, codes, query, expected):
    assert found(api, admin, query) == expected


def test_count_and_page_links_keep_the_filter(api, admin, codes):
    query = "filter=" + quote(json.dumps(one("used-for", "eq", "ticket")))
    body = assert_document(api.get(f"/v1/discount-codes?{query}&page[size]=3", user=admin))
    assert ids(body) == ["1", "2", "3"]
    assert body["meta"] == {"count": 4}
    for link in body["links"].values():
        assert parse_qs(urlsplit(link).query)["filter"] == [
            json.dumps(one("used-for", "eq", "ticket"))
        ]


NESTED_TOO_DEEP: dict[str, Any] = {"name": "value", "op": "eq", "val": 1}
for _ in range(16):
    NESTED_TOO_DEEP = {"not": NESTED_TOO_DEEP}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("filter=nonsense", "filter"),
        ("filter=", "filter"),
        ("filter=" + quote('{"name": "code", "op": "eq", "val": "X"}'), "filter"),
        ("filter=" + quote("[1]"), "filter"),
        ("filter=" + quote('[{"name": "code", "op": "eq"}]'), "filter"),
        ("filter=" + quote('[{"name": "code", "op": "eq", "val": "X", "field": "y"}]'), "filter"),
        ("filter=" + quote('[{"name": 1, "op": "eq", "val": "X"}]'), "filter"),
        ("filter=" + quote(json.dumps(one("colour", "eq", "red"))), "filter"),
        ("filter=" + quote(json.dumps(one("deleted-at", "is_", None))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "matches", "X"))), "filter"),
        ("filter=" + quote(json.dumps(one("value", "eq", "15"))), "filter"),
        ("filter=" + quote(json.dumps(one("value", "eq", True))), "filter"),
        ("filter=" + quote('[{"name": "value", "op": "eq", "val": NaN}]'), "filter"),
        ("filter=" + quote(json.dumps(one("is-active", "eq", 1))), "filter"),
        ("filter=" + quote(json.dumps(one("is-active", "lt", True))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "eq", 15))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "eq", "A\x00B"))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "like", "A\x00%"))), "filter"),
        ("filter=" + quote(json.dumps(one("id", "eq", 3))), "filter"),
        ("filter=" + quote(json.dumps(one("id", "eq", "3a"))), "filter"),
        ("filter=" + quote(json.dumps(one("id", "eq", "99999999999999999999"))), "filter"),
        ("filter=" + quote(json.dumps(one("used-for", "eq", "nonsense"))), "filter"),
        ("filter=" + quote(json.dumps(one("valid-till", "eq", "tomorrow"))), "filter"),
        ("filter=" + quote(json.dumps(one("value", "like", "1%"))), "filter"),
        ("filter=" + quote(json.dumps(one("id", "like", "1%"))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "like", 1))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "is_", "X"))), "filter"),
        ("filter=" + quote(json.dumps(one("code", "in_", "X"))), "filter"),
        ("filter=" + quote(json.dumps(one("value", "in_", [10, "20"]))), "filter"),
        ("filter=" + quote(json.dumps(one("tickets", "has", one("id", "eq", "1")[0]))), "filter"),
        ("filter=" + quote(json.dumps(one("event", "any", one("id", "eq", "1")[0]))), "filter"),
        ("filter=" + quote(json.dumps(one("event", "has", one("colour", "eq", "1")[0]))), "filter"),
        ("filter=" + quote(json.dumps(one("event", "has", "Alpha"))), "filter"),
        ("filter=" + quote(json.dumps(one("event", "eq", "1"))), "filter"),
        ("filter=" + quote(json.dumps([{"and": []}])), "filter"),
        ("filter=" + quote(json.dumps([{"or": {"name": "code"}}])), "filter"),
        ("filter=" + quote(json.dumps([{"and": [], "or": []}])), "filter"),
        ("filter=" + quote(json.dumps([NESTED_TOO_DEEP])), "filter"),
        ("filter=" + quote("[" * 100_000 + "]" * 100_000), "filter"),
        ("filter=[]&filter=[]", "filter"),
        ("filter[colour]=red", "filter[colour]"),
        ("filter[value]=abc", "filter[value]"),
        ("filter[value]=NaN", "filter[value]"),
        ("filter[is-active]=yes", "filter[is-active]"),
        ("filter[id]=x", "filter[id]"),
        ("filter[]=x", "filter[]"),
    ],
)
def test_what_cannot_be_read_is_a_400_naming_the_parameter(api, admin, codes, query, parameter):
    assert_error(filtered(api, admin, query), 400, parameter=parameter)


def test_sixteen_levels_are_read(api, admin, codes):
    node: dict[str, Any] = {"name": "value", "op": "eq", "val": 5}
    for _ in range(7):
        node = {"not": {"not": node}}
    assert found(api, admin, [{"and": [node]}]) == ["4"]


@pytest.mark.parametrize(
    ("url", "filters", "expected"),
    [
        ("/v1/events/1/discount-codes", one("code", "ilike", "summer%"), ["1", "2"]),
        ("/v1/users/{marketer}/discount-codes", one("type", "eq", "amount"), ["2"]),
        ("/v1/tickets/1/discount-codes", one("value", "gt", 10), []),
        ("/v1/discount-codes/2/tickets", one("name", "eq", "Late"), ["2"]),
        ("/v1/discount-codes/4/events", one("name", "like", "Alpha%"), ["1"]),
        ("/v1/discount-codes/4/events", one("name", "like", "Beta%"), []),
    ],
)
def test_every_list_filters(api, admin, codes, url, filters, expected):
    marketer = FactorySession.get(DiscountCodeFactory._meta.model, 2).marketer_id
    body = assert_document(filtered(api, admin, filters, url.format(marketer=marketer)))
    assert ids(body) == expected
    assert body["meta"]["count"] == len(expected)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/events/1/discount-codes",
        "/v1/users/1/discount-codes",
        "/v1/tickets/1/discount-codes",
        "/v1/discount-codes/2/tickets",
        "/v1/discount-codes/4/events",
    ],
)
def test_every_list_refuses_an_unknown_field(api, admin, codes, url):
    response = filtered(api, admin, one("colour", "eq", "red"), url)
    assert_error(response, 400, parameter="filter")
