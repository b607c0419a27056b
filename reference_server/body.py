"""Reading a request's JSON body: the one place every route that reads a body goes through.

The JSON:API writes (``jsonapi.require_jsonapi_body``) and the log-in both call
``json_body``, so what is refused as no JSON, too deeply nested or too large is the same
on every route, and is refused before marshmallow or a view sees the body.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any, NoReturn

from flask import Flask, current_app, request

from reference_server.errors import BadRequest, PayloadTooLarge

# The largest body the API reads (1 MiB); a larger one is a 413 before anything else.
MAX_BODY_BYTES = 1024 * 1024
# How many arrays and objects a body may nest (the document itself is level 1; a
# JSON:API request needs 6 at most). Deeper bodies are a 400 before they are parsed.
MAX_NESTING_DEPTH = 32

# A JSON string literal (the "unrolled loop" form, which the regular expression engine
# matches without backtracking), and the steps of nesting outside string literals.
_STRING_LITERAL = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def init_app(app: Flask) -> None:
    """Refuse an oversized body (413) before authentication, routing or any view."""
    # Flask's default is None (no limit); settings may choose another limit.
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or MAX_BODY_BYTES

    @app.before_request
    def _refuse_oversized_body() -> None:
        # A declared Content-Length is refused here, on every route; a chunked body,
        # which has none, when it is read (``_body_bytes``).
        limit = app.config["MAX_CONTENT_LENGTH"]
        if (request.content_length or 0) > limit:
            raise PayloadTooLarge.over(limit)


def json_body() -> Any:
    """The body parsed as JSON; 400 for a body that is no UTF-8 JSON or nests too deeply."""
    raw = _body_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest("The body is not valid JSON: it is not UTF-8 text.") from error
    if nesting_depth(text) > MAX_NESTING_DEPTH:
        raise BadRequest(
            f"The body nests arrays and objects more than {MAX_NESTING_DEPTH} levels deep."
        )
    try:
        return json.loads(text, parse_constant=_not_a_json_number)
    except json.JSONDecodeError as error:
        reason = f"{error.msg} at line {error.lineno}, column {error.colno}"
        raise BadRequest(f"The body is not valid JSON: {reason}.") from error
    except ValueError as error:
        # Python reads no integer of more than 4,300 digits (int_max_str_digits).
        raise BadRequest(
            "The body is not valid JSON: it holds a number too long to read."
        ) from error


def _not_a_json_number(name: str) -> NoReturn:
    """Python's reader takes ``NaN``, ``Infinity`` and ``-Infinity``; JSON has no such
    numbers (RFC 8259), so a body holding one is not JSON."""
    raise BadRequest(f"The body is not valid JSON: {name} is not a JSON number.")


def _body_bytes() -> bytes:
    """The body's bytes; 413 for a body without Content-Length (chunked) over the limit."""
    raw = request.get_data(cache=True)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is None and len(raw) >= limit:
        # werkzeug cuts such a body off at the limit without saying whether more was
        # sent (it raises only on a read after the limit); one byte more of the
        # underlying stream tells. Whatever is left is drained by the server.
        if request.environ["wsgi.input"].read(1):
            raise PayloadTooLarge.over(limit)
    return raw


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text``, without recursion.

    Written by hand: the standard library's parser (and so Flask's) recurses once per
    level and raises RecursionError near 1,000 levels, and no maintained JSON library
    takes a depth limit (orjson's is fixed at 1,024). This counts brackets outside
    string literals in one pass, whatever the depth. For a valid document that is its
    depth; for an invalid one it is at least the depth the parser reaches before the
    first syntax error (both read string literals alike up to there), so the parser
    never nests deeper than what was counted.
    """
    brackets = _NOT_A_BRACKET.sub("", _STRING_LITERAL.sub("", text))
    return max(accumulate(map(_NESTING_STEP.__getitem__, brackets)), default=0)
