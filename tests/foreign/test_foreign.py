"""``harness conform --seeder api`` against foreign-shaped implementations, with and
without their profiles, and against one shaped as the upstream Open Event Server in
every way at once, with the profile shipped for it."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from harness.conform import Conformance, conform
from harness.errors import HarnessError
from harness.testing import PROJECT_ROOT, group, reference_server, seeding_causes
from reference_server.config import DEFAULT_JWT_SECRET
from tests.foreign import VARIANTS
from tests.foreign import variants as _variants  # noqa: F401  (registers them)
from tests.test_conform import ADMIN_EMAIL, ADMIN_PASSWORD, FAST_HASHES, make_admin

pytestmark = pytest.mark.e2e

UPSTREAM_PROFILE = PROJECT_ROOT / "profiles" / "open-event-server.toml"
# Why a rule may stay unchecked through an API, whatever the implementation.
STATED_REASONS = (
    "the API has no route to delete one",
    "the answer lists every row",
)


@contextmanager
def shaped_as(names: list[str], tmp_path: Path) -> Iterator[str]:
    database_url = f"sqlite:///{tmp_path / 'foreign.sqlite3'}"
    make_admin(database_url)
    module = ("tests.foreign", ",".join(names))
    with reference_server(
        database_url, tmp_path / "server.log", module=module, environment=FAST_HASHES
    ) as endpoint:
        yield endpoint


def conform_to(endpoint: str, reports: Path, **options: object) -> Conformance:
    reports.mkdir(parents=True, exist_ok=True)
    return conform(
        endpoint,
        "api",
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        jwt_secret=DEFAULT_JWT_SECRET,
        reports_dir=reports,
        quiet=True,
        **options,  # type: ignore[arg-type]
    )


def assert_seeded_with_stated_reasons(result: Conformance) -> None:
    results = result.run.results
    assert not [r.name for r in results if r.could_not_seed], "a rule could not be seeded"
    for skipped in (r for r in results if r.outcome == "skip"):
        reasons = " ".join(skipped.not_checked)
        assert any(reason in reasons for reason in STATED_REASONS), (skipped.name, reasons)
    assert not result.problems, result.problems


@pytest.mark.parametrize("name", [n for n, v in VARIANTS.items() if v.unseeded])
def test_without_its_profile_rules_are_not_checked_but_could_not_seed(
    name: str, tmp_path: Path
) -> None:
    variant = VARIANTS[name]
    with shaped_as([name], tmp_path) as endpoint:
        result = conform_to(endpoint, tmp_path, patterns=[variant.pattern])
    results = result.run.results
    unseeded = [r for r in results if r.could_not_seed]
    assert unseeded and all(r.outcome == "skip" for r in unseeded)
    assert [cause.what for cause in seeding_causes(results)] == [variant.unseeded]
    # What did fail is the variant's own difference, never the rules it could not seed.
    assert {cause.what for cause in group(results)} <= set(variant.causes)
    assert not result.conforms
    report = (tmp_path / "conformance.md").read_text()
    assert "## Rules that could not be seeded" in report
    assert f"### {variant.unseeded}" in report
    assert f"({len(unseeded)} could not be seeded)" in report.splitlines()[4]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_with_its_profile_every_rule_is_seeded_and_the_difference_is_the_cause(
    name: str, tmp_path: Path
) -> None:
    variant = VARIANTS[name]
    with shaped_as([name], tmp_path) as endpoint:
        result = conform_to(endpoint, tmp_path, patterns=[variant.pattern], profile=variant.profile)
    assert_seeded_with_stated_reasons(result)
    assert [cause.what for cause in group(result.run.results)] == list(variant.causes)
    assert result.conforms == (not variant.causes)


def test_an_upstream_shaped_server_with_the_shipped_profile(tmp_path: Path) -> None:
    """Every variant at once, the whole contract, the profile of the Open Event Server
    with its (commented) delete routes named, as the server shaped so has them: every
    rule is seeded and checked but the answers listing every row, and the verdict is
    exactly the variants' causes."""
    profile = tmp_path / "profile" / UPSTREAM_PROFILE.name
    profile.parent.mkdir()
    shutil.copy(UPSTREAM_PROFILE.with_name("open_event_server.py"), profile.parent)
    delete = '\n[delete]\nevent = "/v1/events/{id}"\nticket = "/v1/tickets/{id}"\n'
    profile.write_text(UPSTREAM_PROFILE.read_text(encoding="utf-8") + delete, encoding="utf-8")
    with shaped_as(list(VARIANTS), tmp_path) as endpoint:
        result = conform_to(endpoint, tmp_path, profile=profile)
    assert_seeded_with_stated_reasons(result)
    skipped = [r for r in result.run.results if r.outcome == "skip"]
    assert all("the answer lists every row" in " ".join(r.not_checked) for r in skipped)
    causes = group(result.run.results)
    expected = {what for variant in VARIANTS.values() for what in variant.causes}
    assert {cause.what for cause in causes} == expected
    failed = {r.name for r in result.run.results if r.outcome == "fail"}
    assert failed == {r.name for cause in causes for r in cause.rules}
    assert f"({len(expected)} causes)" in result.summary().splitlines()[0]
    suite = ElementTree.parse(tmp_path / "conformance.xml").getroot()
    properties = {p.get("name"): p.get("value") for p in suite.find("properties") or []}
    assert properties["causes"] == str(len(expected))
    marked = [case for case in suite.iter("testcase") if case.find("properties") is not None]
    assert len(marked) == len(failed)
    assert "## Failing rules by cause" in (tmp_path / "conformance.md").read_text()
    assert "Failing rules by cause" in (tmp_path / "conformance.html").read_text()


def test_without_the_claim_that_holds_the_user_id_the_run_stops_saying_so(
    tmp_path: Path,
) -> None:
    with shaped_as(["user-id-in-identity-claim"], tmp_path) as endpoint:
        with pytest.raises(HarnessError) as stopped:
            conform_to(endpoint, tmp_path, patterns=["Log In"])
    message = str(stopped.value)
    assert "\n" not in message
    assert "'sub'" in message and "identity" in message and "user-id-claim" in message


def test_a_pattern_run_seeds_only_the_rules_it_runs(tmp_path: Path) -> None:
    """Dredd runs every transaction's hooks before ``--only`` leaves one out; the harness
    tells the hooks its selection, so one rule sends one scenario's requests."""
    rule = (
        "Discount Codes > Get Discount Code Detail of an Event"
        " > Get Discount Code Detail of an Event by Identifier"
    )
    with shaped_as([], tmp_path) as endpoint:
        result = conform_to(endpoint, tmp_path, patterns=[rule])
    assert [r.name for r in result.run.results] == [rule]
    requests = (tmp_path / "server.log").read_text().count(' HTTP/1.1" ')
    # Its scenario: a few users, an event, a code, their log-ins, and the rule itself.
    assert 0 < requests < 25, requests


def test_a_profile_naming_delete_routes_checks_the_rules_needing_deleted_rows(
    tmp_path: Path,
) -> None:
    """The contract has no route that deletes an event or a ticket: through an API the
    rules needing one are not checked, saying why, unless the profile names the
    implementation's own routes; then they are checked (and conform: the routes are the
    variant's only difference)."""
    variant = VARIANTS["events-and-tickets-deletable"]

    def needing_deleted_rows(result: Conformance) -> set[str]:
        reason = "the API has no route to delete one"
        return {r.name for r in result.run.results if reason in " ".join(r.not_checked)}

    with shaped_as([variant.name], tmp_path) as endpoint:
        without = conform_to(endpoint, tmp_path / "without", patterns=[variant.pattern])
        profiled = conform_to(
            endpoint, tmp_path / "with", patterns=[variant.pattern], profile=variant.profile
        )
    unchecked = needing_deleted_rows(without)
    assert len(unchecked) >= 10, unchecked
    assert not needing_deleted_rows(profiled)
    outcomes = {r.name: r.outcome for r in profiled.run.results}
    assert {name for name in unchecked if outcomes[name] != "pass"} == set()
    assert profiled.conforms
