"""A cosmic-ray HTTP worker that listens on 127.0.0.1 only and runs only one command.

``cosmic-ray http-worker --port N`` listens on every interface and runs whatever test
command a request names: a port that runs commands for anyone who can reach the
machine. This is the same worker (cosmic-ray's own request handler) bound to the
loopback interface, refusing requests for any other command than the one it was given.

    python -m mutation.http_worker --port N --test-command COMMAND
"""

from __future__ import annotations

import argparse
import json

from aiohttp import web
from cosmic_ray.distribution.http import handle_mutate_and_test


def application(test_command: str) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        asked = json.loads(await request.read()).get("test_command")
        if asked != test_command:
            return web.json_response({"error": f"not this worker's command: {asked!r}"}, status=403)
        return await handle_mutate_and_test(request)

    app = web.Application()
    app.add_routes([web.post("/", handle)])
    return app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m mutation.http_worker")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--test-command", required=True)
    args = parser.parse_args()
    web.run_app(application(args.test_command), host="127.0.0.1", port=args.port, print=None)


if __name__ == "__main__":
    main()
