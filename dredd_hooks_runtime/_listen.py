"""Open the listening socket before anything else is imported.

Dredd starts connecting ``hooks-worker-connect-retry`` ms after spawning the
handler and logs a warning for each refused attempt, so the sooner we listen
the better. Once listening, the kernel accepts Dredd's connection while
hook files are still being imported.
"""

from __future__ import annotations

import socket

DEFAULT_PORT = 61321
DEFAULT_HOST = "127.0.0.1"


def option(argv: list[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.partition("=")[2]
    return None


def listen(argv: list[str]) -> socket.socket | OSError | None:
    """A listening socket for ``--host``/``--port`` in ``argv``.

    Returns the error instead of raising, so it is reported once output is
    wired to Dredd's console; None for ``--help`` or options that do not
    parse (argparse will say why).
    """
    if "-h" in argv or "--help" in argv:
        return None
    try:
        port = int(option(argv, "--port") or DEFAULT_PORT)
    except ValueError:
        return None
    host = option(argv, "--host") or DEFAULT_HOST
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(8)
    except OSError as exc:
        sock.close()
        return exc
    return sock
