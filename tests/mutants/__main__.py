"""``python -m tests.mutants NAME --port P``: serve one mutant of the reference server."""

from __future__ import annotations

import argparse

from tests.mutants import build_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("name")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    build_app(args.name).run(host="127.0.0.1", port=args.port, threaded=True)


if __name__ == "__main__":
    main()
