"""How failing rules are told and grouped (``harness._causes``): the messages are gavel's
own, as Dredd hands them to the hooks, so these are the lines a user reads."""

from __future__ import annotations

from harness.results_log import Result
from harness.testing import (
    causes_of,
    describe,
    group,
    markdown,
    route,
    seeding_causes,
    validator_lines,
)


def failing(name: str, *errors: dict[str, str], real: int = 200, expected: int = 200) -> Result:
    return Result(
        name=name,
        method="GET",
        uri="/v1/discount-codes/1043?include=event",
        expected_status=expected,
        real_status=real,
        outcome="fail",
        message="\n".join(e["message"] for e in errors) or "statusCode: wrong",
        expected_body="{}",
        real_body="{}",
        errors=list(errors),
    )


STATUS_AS_NUMBER = {
    "field": "body",
    "pointer": "/errors/0/status",
    "message": "At '/errors/0/status' Invalid type: integer (expected string)",
}
UNKNOWN_MEMBER = {
    "field": "body",
    "pointer": "/data/attributes",
    "message": "data/data/attributes should NOT have additional properties",
}


def test_each_validator_error_is_told_by_its_pointer() -> None:
    assert (
        describe(STATUS_AS_NUMBER) == "/errors/0/status is integer where the contract says string"
    )
    assert describe(UNKNOWN_MEMBER) == "/data/attributes is not a member the contract allows here"
    missing = {
        "field": "body",
        "pointer": "/data/id",
        "message": "At '/data/id' Missing required property: id",
    }
    assert describe(missing) == "/data/id is missing"
    header = {"field": "headers", "pointer": "/content-type", "message": "wrong header"}
    assert describe(header) == "Content-Type: wrong header"


def test_rules_failing_the_same_way_are_one_cause_most_rules_first() -> None:
    results = [
        failing("A > a > one", STATUS_AS_NUMBER, real=404, expected=404),
        failing("A > a > two", {**STATUS_AS_NUMBER, "pointer": "/errors/1/status"}),
        failing("A > a > three", UNKNOWN_MEMBER),
        failing("B > b > server error", real=500, expected=200),
        failing("B > b > status", real=422, expected=401),
    ]
    causes = group(results)
    assert [(c.what, [r.name for r in c.rules]) for c in causes] == [
        (
            "/errors/*/status is integer where the contract says string",
            ["A > a > one", "A > a > two"],
        ),
        ("/data/attributes is not a member the contract allows here", ["A > a > three"]),
        ("GET /v1/discount-codes/{id} answered 500, a server error", ["B > b > server error"]),
        ("answered 422 where the contract says 401", ["B > b > status"]),
    ]
    assert causes_of(Result("P", "GET", "/", 200, 200, "pass", "", "", "")) == []
    assert route("/v1/events/12/discount-codes/7") == "/v1/events/{id}/discount-codes/{id}"


def test_rows_refused_the_same_way_are_one_seeding_cause() -> None:
    refusal = {"row": "event", "method": "POST", "path": "/v1/events", "status": 500}
    unseeded = [
        Result(f"R > r > {n}", "GET", "/", 200, None, "skip", "", "", "", could_not_seed=refusal)
        for n in ("one", "two")
    ]
    (cause,) = seeding_causes(unseeded)
    assert cause.what == "creating the event: POST /v1/events answered 500"
    assert [r.name for r in cause.rules] == ["R > r > one", "R > r > two"]


def test_the_contract_report_tells_validator_errors_by_pointer_too() -> None:
    result = failing("A > a > one", UNKNOWN_MEMBER)
    assert validator_lines(result) == [
        "body: /data/attributes is not a member the contract allows here"
    ]
    report = markdown([result])
    assert "body: /data/attributes is not a member the contract allows here" in report
    assert "data/data/attributes" not in report
