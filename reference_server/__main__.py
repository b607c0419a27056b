"""``python -m reference_server [--host H] [--port P]``: migrate the schema and serve."""

from __future__ import annotations

import argparse

from reference_server import create_app


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the discount-codes reference server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    args = parser.parse_args()
    create_app().run(host=args.host, port=args.port, threaded=True)


if __name__ == "__main__":
    main()
