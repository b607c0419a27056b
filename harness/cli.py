"""The ``harness`` command: list, check and scaffold transactions and hooks; run the contract.

Exit statuses: 0 passed (conforms), 1 failed (does not conform, the hooks do not match
the transactions, ``hooks check`` found a problem), 2 a usage or environment error (one
line naming the cause: no server at the endpoint, a database URL that does not parse or
connect, a blueprint that does not compile), 3 a bug of the harness itself (with its
traceback), 130 and 143 when SIGINT or SIGTERM stopped the run.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections import defaultdict
from pathlib import Path

from harness import _preflight, authoring, blueprint, postgresql
from harness._paths import PROJECT_ROOT, REPORTS_DIR
from harness._processes import Interrupted, signals_interrupt
from harness.contract import ContractRun, check_hooks, run_contract, summary
from harness.errors import HarnessError, HooksNotReady, UnreachableError
from seeders import variables

PASSED, FAILED, USAGE_OR_ENVIRONMENT, HARNESS_BUG = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    # --verbose before or after the command: ``harness --verbose run``, ``harness run -v``.
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="with an error, also print its traceback; conform: Dredd's details too",
    )
    parser = argparse.ArgumentParser(
        prog="harness",
        description="The discount-codes contract: transactions, hooks, runs.",
        epilog="Exit status: 0 passed, 1 failed, 2 usage or environment error (one line"
        " naming the cause), 3 a bug of the harness, 130/143 stopped by SIGINT/SIGTERM.",
        parents=[verbose],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser(
        "names",
        parents=[verbose],
        help="list the contract's transactions, by group, as Dredd compiles them",
        description="The transactions of the blueprint, one per line, grouped, with the count"
        " (from Dredd's own compilation).",
    )

    hooks = commands.add_parser(
        "hooks", help="check or scaffold the hooks", parents=[verbose]
    ).add_subparsers(dest="hooks_command", required=True, metavar="ACTION")
    hooks.add_parser(
        "check",
        parents=[verbose],
        help="find transactions without a hook, hooks that match nothing, duplicates, drops",
        description="Exit non-zero naming every transaction without a hook, every hook whose"
        " name matches no transaction (with the closest name), hooks registered twice, and a"
        " transaction count that differs from the blueprint's (dropped transactions).",
    )
    scaffold = hooks.add_parser(
        "scaffold",
        parents=[verbose],
        help="print (or --write) a stub hook for each transaction without one",
        description="A stub in the scenario style for every transaction without a hook. The"
        " stub fails its transaction until it is filled in.",
    )
    scaffold.add_argument("--write", action="store_true", help="append to the group's hook file")

    run = commands.add_parser(
        "run",
        parents=[verbose],
        help="run the contract (or the transactions matching PATTERN)",
        description="Check the hooks, then run the contract with Dredd: against the reference"
        " server started for the run, or against --endpoint.",
    )
    run.add_argument(
        "patterns", nargs="*", metavar="PATTERN", help="substring or glob of transaction names"
    )
    run.add_argument("--endpoint", help="test this server instead (needs --database-url)")
    run.add_argument(
        "--db",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="sqlite (default): a fresh SQLite file; postgresql: a database created for the"
        f" run on the server at ${postgresql.ADMIN_URL_VARIABLE}"
        f" (default {postgresql.DEFAULT_ADMIN_URL}) and dropped after it",
    )
    run.add_argument(
        "--database-url", help="the database the server uses and the hooks seed (overrides --db)"
    )
    run.add_argument(
        "--skip-if-unreachable",
        action="store_true",
        help="with --db postgresql: when no PostgreSQL server answers, say SKIPPED and exit 0"
        " (never when the CI variable is set: then it fails)",
    )
    run.add_argument("--reports", type=Path, default=REPORTS_DIR, help="where reports go")
    run.add_argument(
        "--fail-fast",
        action="store_true",
        help="stop at the first failing transaction (the run fails; the rest are not run)",
    )

    conform = commands.add_parser(
        "conform",
        parents=[verbose],
        help="run the contract against any implementation and report how it conforms",
        description="Run every transaction against a server the harness did not start."
        " Each transaction's rows are created by a seeder: 'sql' writes them into the"
        " server's database (it shares the reference schema), 'api' creates them through"
        " the server's own routes as its admin. Writes conformance.md, .html and .xml.",
    )
    conform.add_argument(
        "patterns", nargs="*", metavar="PATTERN", help="substring or glob of transaction names"
    )
    conform.add_argument("--endpoint", required=True, help="the server's base URL")
    conform.add_argument("--seeder", choices=("sql", "api"), default="sql")
    conform.add_argument("--database-url", help="sql seeder: the server's database")
    conform.add_argument("--admin-email", help="api seeder: an admin account of the server")
    conform.add_argument(
        "--admin-password",
        default=os.environ.get(variables.ADMIN_PASSWORD),
        help="api seeder: its password (default $" + variables.ADMIN_PASSWORD + ")",
    )
    conform.add_argument(
        "--jwt-secret",
        default=os.environ.get(variables.JWT_SECRET),
        help="the server's token signing key, if known: without it, expired-token rules are"
        " not checked (default $" + variables.JWT_SECRET + ")",
    )
    conform.add_argument(
        "--profile",
        type=Path,
        help="the implementation's profile (TOML): what seeding it needs beyond the contract,"
        " e.g. profiles/open-event-server.toml (default: none, as the reference server)",
    )
    conform.add_argument("--reports", type=Path, default=REPORTS_DIR, help="where reports go")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    try:
        with signals_interrupt():
            return _command(parser, args)
    except Interrupted as interruption:
        # Before Dredd started (a run Dredd was in returns its reports and the signal).
        print(f"harness: stopped by {interruption.name}; nothing was run", file=sys.stderr)
        return interruption.exit_status
    except HooksNotReady as error:
        return hooks_not_ready(error)
    except HarnessError as error:
        if verbose:
            traceback.print_exception(error)
        for line in getattr(error, "details", []):
            print(line, file=sys.stderr)
        print(f"harness: {error}", file=sys.stderr)
        return USAGE_OR_ENVIRONMENT
    except Exception as error:  # the harness's own bug: say so, with where it is
        traceback.print_exception(error)
        print(
            f"harness: this is a bug of the harness ({type(error).__name__}), not a problem of"
            " your server or setup: the traceback above shows where",
            file=sys.stderr,
        )
        return HARNESS_BUG


def _command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "names":
        return names()
    if args.command == "hooks":
        return hooks_check() if args.hooks_command == "check" else scaffold(args.write)
    if args.command == "conform":
        return conform(args)
    if args.endpoint and not args.database_url:
        parser.error("--endpoint needs --database-url: the hooks seed that server's database")
    return run(args)


def names() -> int:
    compilation = _preflight.compiled(blueprint.build())
    for warning in _preflight.warnings(compilation):
        print(warning, file=sys.stderr)
    by_group: dict[str, list[str]] = defaultdict(list)
    for transaction in compilation.transactions:
        by_group[transaction.group].append(transaction.name)
    for group, members in by_group.items():
        print(f"{group} ({len(members)})")
        for name in members:
            print(f"  {name}")
    print(f"{len(compilation.transactions)} transactions")
    return PASSED


def hooks_check() -> int:
    problems = check_hooks()
    for problem in problems:
        print(f"{problem.kind}: {problem.message}")
    if problems:
        print(f"hooks check: {len(problems)} problem(s)")
        return 1
    print("hooks check: every transaction has exactly one hook, every hook a transaction")
    return PASSED


def scaffold(write: bool) -> int:
    compilation = _preflight.compiled(blueprint.build())
    hooks = authoring.registered_hooks(authoring.hook_files())
    missing = [t for t in compilation.transactions if t.name not in hooks["before"]]
    if not missing:
        print("every transaction has a hook: nothing to scaffold")
        return 0
    for path, stubs in authoring.scaffold(missing, write=write).items():
        shown = path.relative_to(PROJECT_ROOT)
        print(f"# appended to {shown}" if write else f"# for {shown}:{stubs}")
    return 0


def hooks_not_ready(error: HooksNotReady) -> int:
    """A run stopped before Dredd: say what is wrong with the hooks, on stderr."""
    for problem in error.problems:
        print(f"{problem.kind}: {problem.message}", file=sys.stderr)
    print("harness: fix the hooks first (harness hooks check)", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    options = {
        "patterns": args.patterns,
        "endpoint": args.endpoint,
        "reports_dir": args.reports,
        "fail_fast": args.fail_fast,
    }
    if args.db == "postgresql" and not args.database_url:
        result = run_on_postgresql(skip_if_unreachable=args.skip_if_unreachable, **options)
        if result is None:
            return PASSED
    else:
        result = run_contract(database_url=args.database_url, **options)
    print(summary(result))
    if result.interrupted is not None:
        return 128 + result.interrupted
    return PASSED if result.passed else FAILED


def conform(args: argparse.Namespace) -> int:
    if args.database_url:  # before the seeders' imports (seconds): a typo is told at once
        _preflight.database_url_parses(args.database_url, "--database-url")
    from harness import conform as conformance  # its seeders import the hooks' libraries

    result = conformance.conform(
        args.endpoint,
        args.seeder,
        database_url=args.database_url,
        admin_email=args.admin_email,
        admin_password=args.admin_password,
        jwt_secret=args.jwt_secret,
        profile=args.profile,
        patterns=args.patterns,
        reports_dir=args.reports,
        verbose=getattr(args, "verbose", False),
    )
    print(result.summary())
    if result.run.interrupted is not None:
        return 128 + result.run.interrupted
    return PASSED if result.conforms else FAILED


def run_on_postgresql(*, skip_if_unreachable: bool, **options: object) -> ContractRun | None:
    """The contract in a PostgreSQL database of its own, dropped afterwards, also when the
    run fails or a signal stops it; ``None`` when it was skipped because no server
    answers (outside CI only)."""
    # Before a database is made for it: what would stop the run anyway.
    _preflight.reports_writable(options["reports_dir"])  # type: ignore[arg-type]
    _preflight.compiled(blueprint.build())
    admin_url = postgresql.admin_url()
    _preflight.database_url_parses(admin_url, postgresql.ADMIN_URL_VARIABLE, postgresql_only=True)
    reason = postgresql.unreachable_reason(admin_url)
    if reason is not None:
        if skip_if_unreachable and postgresql.may_skip():
            print(f"contract: SKIPPED on PostgreSQL: {reason}; {postgresql.HOW_TO_GET_ONE}")
            return None
        if skip_if_unreachable:
            reason += " (not skipped: CI is set)"
        raise UnreachableError(f"{reason}; {postgresql.HOW_TO_GET_ONE}")
    with postgresql.temporary_database(admin_url, prefix="contract") as database_url:
        print(f"contract: on PostgreSQL, database {postgresql.shown(database_url)}", flush=True)
        return run_contract(
            database_url=database_url,
            database_option=None,  # made just now
            **options,  # type: ignore[arg-type]
        )


if __name__ == "__main__":
    sys.exit(main())
