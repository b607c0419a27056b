"""``harness conform``: the whole contract against a server the harness did not start.

The server is any implementation of the API. Each transaction's rows are created by a
seeder (``seeders``): ``sql`` writes them into the server's database (it shares the
reference schema) and empties it between transactions; ``api`` creates them through the
server's own routes as its admin and rewrites the transaction to the server's ids.
Tokens come from the server's login route. An implementation that needs more than the
contract says to seed it (extra attributes, another token claim, roles granted by
invitation) is described by a profile (``--profile``, ``seeders.Profile``). The
verdict: every rule conforms, does not conform, or could not be checked (and the report
says why: a check this seeder cannot make, or a row the server refused to create).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness import _preflight
from harness._causes import group as group_by_cause
from harness._causes import seeding_causes
from harness._conformance_report import (
    DOES_NOT,
    NOT_CHECKED,
    Subject,
    counts,
    unseeded,
    verdict_line,
    write_conformance_reports,
)
from harness._paths import REPORTS_DIR
from harness.contract import ContractRun, judge, run_contract
from harness.errors import HarnessError, UnreachableError, UsageError
from seeders import (
    ApiClient,
    CouldNotSeed,
    Profile,
    ProfileError,
    SeedingFailed,
    load_profile,
    variables,
)

#: How many causes the console names (the report has them all).
CAUSES_SHOWN = 15
SEEDERS = {
    "sql": "the factories write the server's database, emptied before each transaction",
    "api": "rows are created through the server's own API as its admin, ids rewritten",
}


@dataclass
class Conformance:
    run: ContractRun
    subject: Subject

    @property
    def conforms(self) -> bool:
        """Every rule checked conforms, and every rule was seeded (one that was not says
        nothing either way)."""
        return (
            not self.problems
            and counts(self.run.results)[DOES_NOT] == 0
            and not unseeded(self.run.results)
        )

    @property
    def problems(self) -> list[str]:
        """What makes the run itself unsound (beyond rules that do not conform)."""
        run, problems = self.run, []
        if run.interrupted is not None or run.broken_off is not None:
            return judge(run)  # why the run stopped, what ran is in the report
        if run.report.total != run.expected or len(run.results) != run.expected:
            problems.append(
                f"Dredd ran {run.report.total} transactions ({len(run.results)} recorded)"
                f" but {run.expected} were selected"
            )
        unexplained = [r.name for r in run.results if r.outcome == "skip" and not r.not_checked]
        if unexplained:
            problems.append(f"skipped without a reason: {', '.join(unexplained)}")
        return problems

    def failed_names(self) -> set[str]:
        return {r.name for r in self.run.results if r.outcome == "fail"}

    def not_checked_names(self) -> set[str]:
        return {r.name for r in self.run.results if r.outcome == "skip"}

    def summary(self) -> str:
        verdict = verdict_line(self.run.results)
        if self.run.interrupted is not None or self.run.broken_off is not None:
            # What ran may all conform: the verdict is not one, the run did not finish.
            ran = f"{len(self.run.results)} of {self.run.expected} ran"
            verdict = f"NOT FINISHED: {verdict.split(': ', 1)[1]} ({ran})"
        lines = [f"conformance: {verdict}"]
        for cause in group_by_cause(self.run.results)[:CAUSES_SHOWN]:
            lines.append(f"conformance: {len(cause.rules):>4} rules: {cause.what}")
        hidden = len(group_by_cause(self.run.results)) - CAUSES_SHOWN
        if hidden > 0:
            lines.append(f"conformance: and {hidden} more causes: see the report")
        for seeding in seeding_causes(self.run.results):
            lines.append(
                f"conformance: {len(seeding.rules):>4} rules could not be seeded:"
                f" {seeding.what}: {str(seeding.refusal['answer'])[:160]}"
            )
        skipped = counts(self.run.results)[NOT_CHECKED] - unseeded(self.run.results)
        if skipped:
            lines.append(
                f"conformance: {skipped} not checked with the {self.subject.seeder}"
                " seeder: see the report for why"
            )
        lines.append(
            f"conformance: tests took {self.run.report.seconds:.2f} s,"
            f" whole run {self.run.wall_seconds:.2f} s"
        )
        lines.append("conformance: reports: " + ", ".join(str(p) for p in self.run.reports))
        lines += [f"conformance: FAILED: {problem}" for problem in self.problems]
        return "\n".join(lines)


def conform(
    endpoint: str,
    seeder: str,
    *,
    database_url: str | None = None,
    admin_email: str | None = None,
    admin_password: str | None = None,
    jwt_secret: str | None = None,
    profile: Path | None = None,
    patterns: Sequence[str] = (),
    reports_dir: Path = REPORTS_DIR,
    quiet: bool = False,
    verbose: bool = False,
) -> Conformance:
    """Run the contract against ``endpoint``, seeding through ``seeder`` (``sql``/``api``),
    with the implementation's ``profile`` (default: the reference server's, empty)."""
    endpoint = endpoint.rstrip("/")
    environment = {variables.SEEDER: seeder, variables.ENDPOINT: endpoint}
    try:
        loaded = load_profile(profile)
    except ProfileError as error:
        raise UsageError(str(error)) from None
    if profile is not None:
        environment[variables.PROFILE] = str(Path(profile).resolve())
    if seeder == "sql":
        if not database_url:
            raise UsageError("--seeder sql needs --database-url: the server's database")
    elif seeder == "api":
        if not admin_email or not admin_password:
            raise UsageError(
                "--seeder api needs --admin-email and --admin-password (or"
                f" ${variables.ADMIN_PASSWORD}): an admin account of the server"
            )
        _preflight.endpoint_answers(endpoint)  # first: a wrong endpoint is told as by a run
        environment |= {
            variables.ADMIN_EMAIL: admin_email,
            variables.ADMIN_PASSWORD: admin_password,
            variables.ADMIN_ID: admin_id(endpoint, admin_email, admin_password, loaded),
        }
    else:
        raise UsageError(f"unknown seeder {seeder!r}: choose {' or '.join(SEEDERS)}")
    if jwt_secret:
        environment[variables.JWT_SECRET] = jwt_secret
    subject = Subject(endpoint, seeder, SEEDERS[seeder])
    run = run_contract(
        patterns=patterns,
        database_url=database_url,
        endpoint=endpoint,
        reports_dir=reports_dir,
        quiet=quiet,
        one_line_per_rule=not verbose,
        hooks_environment=environment,
        write_summary=functools.partial(write_conformance_reports, subject=subject),
        stem="conformance",
    )
    return Conformance(run, subject)


def admin_id(endpoint: str, email: str, password: str, profile: Profile) -> str:
    """The admin's id on the server: the user-id claim of its login token (the profile
    names the claim). Scenarios that name the admin in a body need it; a run that cannot
    find it stops here, saying why, rather than sending a made-up id."""
    import jwt  # only here: the harness needs it for conformance alone

    try:
        token = ApiClient(endpoint, scheme=profile.scheme).log_in(email, password)
    except (CouldNotSeed, SeedingFailed) as error:
        raise UnreachableError(f"the admin could not log in: {error}") from None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise HarnessError("the admin's login token is not a JWT: its id cannot be read") from None
    found = claims.get(profile.user_id_claim)
    if not str(found).isdigit():
        names = ", ".join(sorted(claims)) or "none"
        raise HarnessError(
            f"the admin's id: its login token has no number in the claim"
            f" {profile.user_id_claim!r} (its claims: {names}); a profile names the"
            " claim that holds the user id ([token] user-id-claim)"
        )
    return str(found)
