"""The reference server under coverage, each request's lines recorded under the name of
the transaction that sent it (``python -m mutation.traced_server --data FILE --port N``).

The trace hook (``mutation.trace_hooks``) names every request in the ``X-Contract-
Transaction`` header; the server is wrapped, before any of its own code runs for a
request, by a WSGI layer that switches coverage's dynamic context to that name. Lines
run while the server starts (imports, the app factory, the migrations) keep the empty
context: a mutant there can change every answer. Requests are served one at a time
(Dredd sends them so), so a context is never shared by two requests.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import coverage

HEADER = "X-Contract-Transaction"
UNNAMED = "a request no transaction named"
_WSGI_HEADER = "HTTP_" + HEADER.upper().replace("-", "_")
SERVER_PACKAGE = Path(__file__).resolve().parent.parent / "reference_server"


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)  # unwinds the serving loop, so the data is saved below


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m mutation.traced_server")
    parser.add_argument("--data", type=Path, required=True, help="coverage's data file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    trace = coverage.Coverage(data_file=str(args.data), include=[f"{SERVER_PACKAGE}/*"])
    signal.signal(signal.SIGTERM, _stop)
    trace.start()
    try:
        from reference_server import create_app

        app = create_app()
        served = app.wsgi_app

        def named(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            trace.switch_context(environ.get(_WSGI_HEADER, UNNAMED))
            return served(environ, start_response)

        app.wsgi_app = named  # type: ignore[method-assign]
        app.run(host=args.host, port=args.port, threaded=False)
    finally:
        trace.stop()
        trace.save()


if __name__ == "__main__":
    sys.exit(main())
