"""The ``harness`` command."""

from __future__ import annotations

import argparse
import sys

from harness._dredd import HarnessError
from harness.contract import run_contract, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="harness", description="Run the discount-codes contract.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the contract against the reference server")
    run.add_argument(
        "--database-url", help="database for the server and hooks (default: a fresh SQLite file)"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "run":
            result = run_contract(database_url=args.database_url)
            print(summary(result))
            return 0 if result.passed else 1
    except HarnessError as error:
        print(f"harness: {error}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
