"""Why rules fail, grouped: one cause per check that failed the same way.

Against another implementation, a hundred failing rules are usually a dozen decisions or
bugs ("error objects carry ``status`` as a number", "a malformed token is answered 422").
Each failing rule is given its causes, from what the validator said about it:

- a wrong status is the cause (what the body then says follows from it): a server error
  or a 405 by route, any other by the status expected and the one got;
- otherwise each header or body error, by the JSON pointer it is about (array indexes
  made ``*``) and what is wrong there, without the value (which differs rule to rule);
- otherwise (a check of the hooks failed it) the first line of its message.

Seeding that failed is grouped the same way (``seeding_causes``): by the refused request.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from harness.results_log import Result

_ID_SEGMENT = re.compile(r"/\d+(?=/|$)")
_INDEX = re.compile(r"/\d+(?=/|$)")
_TYPE = re.compile(r"^At '[^']*' Invalid type: (\w+) \(expected ([^)]+)\)$")
_REQUIRED = re.compile(r"^At '[^']*' Missing required property: ")
_ENUM = re.compile(r"^At '[^']*' No enum match for: (.*)$", re.S)
_AJV_PATH = re.compile(r"^data(?:/\S*)? ")
_NUMBER = re.compile(r"\d+")


@dataclass
class Cause:
    """Rules that failed the same way; ``example`` is the first of them."""

    what: str
    rules: list[Result] = field(default_factory=list)

    @property
    def example(self) -> Result:
        return self.rules[0]


def route(uri: str) -> str:
    """``/v1/discount-codes/1043?include=event`` -> ``/v1/discount-codes/{id}``."""
    return _ID_SEGMENT.sub("/{id}", uri.split("?", 1)[0])


def describe(error: dict[str, str]) -> str:
    """One validation error as a reader wants it: the pointer first, then what is wrong.

    Gavel's messages name the place in three ways, one of them ``data/data/attributes``
    (its validator's prefix before the pointer); this names it by the pointer alone.
    """
    pointer = error.get("pointer") or "/"
    message = " ".join(error.get("message", "").split())
    if error.get("field") == "headers":
        pointer = pointer.lstrip("/").title() or "headers"
    if found := _TYPE.match(message):
        return f"{pointer} is {found.group(1)} where the contract says {found.group(2)}"
    if _REQUIRED.match(message):
        return f"{pointer} is missing"
    if found := _ENUM.match(message):
        return f"{pointer} is {found.group(1)}, not the value the contract fixes"
    if "should NOT have additional properties" in message:
        return f"{pointer} is not a member the contract allows here"
    if error.get("field") == "statusCode":
        return message
    return f"{pointer}: {_AJV_PATH.sub('', message)}"


def validator_lines(result: Result) -> list[str]:
    """What the validator said about ``result``, each line naming the JSON pointer it is
    about (gavel's own message when it gave no structured errors)."""
    if result.errors:
        return [f"{e['field']}: {describe(e)}" for e in result.errors]
    return result.message.splitlines()


def _general(description: str) -> str:
    """A description without the rule's own values: array indexes and quoted values."""
    description = re.sub(r'"[^"]*"', "a value", description)
    return _INDEX.sub("/*", description)


def causes_of(result: Result) -> list[str]:
    """The causes of one failing rule (empty for one that did not fail)."""
    if result.outcome != "fail":
        return []
    expected, real = result.expected_status, result.real_status
    where = f"{result.method} {route(result.uri)}"
    if real is None:
        return [f"{where}: no answer"]
    if real != expected:
        if real >= 500:
            return [f"{where} answered {real}, a server error"]
        if real == 405:
            return [f"{where} answered 405: the route does not allow the method"]
        return [f"answered {real} where the contract says {expected}"]
    found = [_general(describe(e)) for e in result.errors if e.get("field") != "statusCode"]
    if found:
        return list(dict.fromkeys(found))
    first = next((line for line in result.message.splitlines() if line.strip()), "failed")
    return [_NUMBER.sub("N", first.strip())[:200]]


def group(results: list[Result]) -> list[Cause]:
    """The failing rules by cause, most rules first (a rule may show several causes)."""
    by_cause: dict[str, Cause] = {}
    for result in results:
        for what in causes_of(result):
            by_cause.setdefault(what, Cause(what)).rules.append(result)
    return sorted(by_cause.values(), key=lambda cause: (-len(cause.rules), cause.what))


@dataclass
class SeedingCause:
    """Rules whose rows the server refused to create the same way."""

    what: str
    refusal: dict[str, object]  # the first such request and answer (``Result.could_not_seed``)
    rules: list[Result] = field(default_factory=list)


def seeding_causes(results: list[Result]) -> list[SeedingCause]:
    grouped: dict[str, SeedingCause] = {}
    for result in results:
        refused = result.could_not_seed
        if not refused:
            continue
        what = (
            f"creating the {refused['row']}: {refused['method']} {route(str(refused['path']))}"
            f" answered {refused['status']}"
        )
        grouped.setdefault(what, SeedingCause(what, refused)).rules.append(result)
    return sorted(grouped.values(), key=lambda cause: (-len(cause.rules), cause.what))


def by_rule(causes: list[Cause]) -> dict[str, list[str]]:
    """Rule name -> its causes, for reports that go rule by rule."""
    found: dict[str, list[str]] = defaultdict(list)
    for cause in causes:
        for result in cause.rules:
            found[result.name].append(cause.what)
    return found
