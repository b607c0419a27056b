"""``python -m mutation [--sample] ...``: the mutation run (``tox -e mutation``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mutation.run import ROOT, SAMPLE, Options, reassess, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mutation",
        description="Mutate the reference server's permission, rule, view and JSON:API"
        " modules one change at a time (cosmic-ray), on copies of the working tree, and"
        " run the contract against each mutant: reports/mutation.md and mutation.json.",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help=f"only the mutants named in {SAMPLE} (reports/mutation-sample.*); exit 1 if"
        " any of them is not killed",
    )
    parser.add_argument(
        "--reassess",
        action="store_true",
        help="run nothing: write the reports again from the last run's reports/mutation.json"
        " (with --sample: mutation-sample.json), applying tests/mutation/equivalent.toml as"
        " it is now",
    )
    parser.add_argument(
        "--again",
        type=Path,
        metavar="MUTATION_JSON",
        help="an earlier run's mutation.json: the mutants it killed are counted killed"
        " without running them again (for a contract that has only grown since)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="run at most N mutants (after --again's), every k-th along the modules: an"
        " estimate in a fraction of the time",
    )
    parser.add_argument(
        "--whole-contract",
        action="store_true",
        help="run every transaction against every mutant, not only those a trace of the"
        " unmutated server shows reaching the mutated lines (slower, for checking the trace)",
    )
    parser.add_argument("--workers", type=int, default=2, help="copies of the tree run at once")
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=5.0,
        help="each mutant's timeout: the unmutated run's time times this (at least 30 s)",
    )
    parser.add_argument("--scratch", type=Path, help="where the copies go (a temp dir in it)")
    parser.add_argument("--keep-scratch", action="store_true", help="leave the copies there")
    parser.add_argument("--reports", type=Path, help="where the reports go (default reports/)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    options = Options(
        workers=args.workers,
        timeout_factor=args.timeout_factor,
        sample=args.sample,
        whole_contract=args.whole_contract,
        again=args.again,
        limit=args.limit,
        scratch=args.scratch,
        keep_scratch=args.keep_scratch,
        reports=args.reports or ROOT / "reports",
    )
    return reassess(options) if args.reassess else run(options)


if __name__ == "__main__":
    sys.exit(main())
