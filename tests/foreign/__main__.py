"""``python -m tests.foreign NAME[,NAME...] --port P``: serve the reference server shaped
as the named variants."""

from __future__ import annotations

import argparse

from tests.foreign import build_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", help="variant names, comma-separated")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    build_app(args.names.split(",")).run(host="127.0.0.1", port=args.port, threaded=True)


if __name__ == "__main__":
    main()
