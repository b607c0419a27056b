"""The ``harness`` command."""

from __future__ import annotations

import argparse
import os
import sys

from harness import _postgresql
from harness._dredd import HarnessError
from harness.contract import ContractRun, run_contract, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="harness", description="Run the discount-codes contract.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the contract against the reference server")
    run.add_argument(
        "--db",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="sqlite (default): a fresh SQLite file; postgresql: a database created for the"
        f" run on the server at ${_postgresql.ADMIN_URL_VARIABLE}"
        f" (default {_postgresql.DEFAULT_ADMIN_URL}) and dropped after it",
    )
    run.add_argument(
        "--skip-if-unreachable",
        action="store_true",
        help="with --db postgresql: when no PostgreSQL server answers, say SKIPPED and exit 0"
        " (never when the CI variable is set: then it fails)",
    )
    run.add_argument(
        "--database-url", help="database for the server and hooks (default: a fresh SQLite file)"
    )
    args = parser.parse_args(argv)
    if args.database_url and args.db != "sqlite":
        parser.error("--database-url names the database itself; leave out --db")
    try:
        if args.command == "run":
            if args.db == "postgresql":
                result = run_on_postgresql(skip_if_unreachable=args.skip_if_unreachable)
                if result is None:
                    return 0
            else:
                result = run_contract(database_url=args.database_url)
            print(summary(result))
            return 0 if result.passed else 1
    except HarnessError as error:
        print(f"harness: {error}", file=sys.stderr)
        return 2
    return 2


def run_on_postgresql(*, skip_if_unreachable: bool) -> ContractRun | None:
    """The contract in a PostgreSQL database of its own, dropped afterwards, also when the
    run fails; ``None`` when it was skipped because no server answers (outside CI only)."""
    admin_url = _postgresql.admin_url()
    reason = _postgresql.unreachable_reason(admin_url)
    if reason is not None:
        if skip_if_unreachable and not os.environ.get("CI"):
            print(f"contract: SKIPPED on PostgreSQL: {reason}; {_postgresql.HOW_TO_GET_ONE}")
            return None
        if skip_if_unreachable:
            reason += " (not skipped: CI is set)"
        raise HarnessError(f"{reason}; {_postgresql.HOW_TO_GET_ONE}")
    with _postgresql.temporary_database(admin_url, prefix="contract") as database_url:
        print(f"contract: on PostgreSQL, database {_postgresql.shown(database_url)}", flush=True)
        return run_contract(database_url=database_url)


if __name__ == "__main__":
    sys.exit(main())
