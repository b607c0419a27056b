"""Reading a request's JSON body: the one place every route that reads a body goes through.

The JSON:API writes (``jsonapi.require_jsonapi_body``) and the log-in both call
``json_body``, so what is refused as no JSON or too deeply nested is the same on every
route, and is refused before marshmallow or a view sees the body.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from flask import request

from reference_server.errors import BadRequest

# How many arrays and objects a body may nest (the document itself is level 1; a
# JSON:API request needs 6 at most). Deeper bodies are a 400 before they are parsed.
MAX_NESTING_DEPTH = 32

# A JSON string literal (the "unrolled loop" form, which the regular expression engine
# matches without backtracking), and the steps of nesting outside string literals.
_STRING_LITERAL = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_body() -> Any:
    """The body parsed as JSON; 400 for a body that is no UTF-8 JSON or nests too deeply."""
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest("The body is not valid JSON: it is not UTF-8 text.") from error
    if nesting_depth(text) > MAX_NESTING_DEPTH:
        raise BadRequest(
            f"The body nests arrays and objects more than {MAX_NESTING_DEPTH} levels deep."
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"{error.msg} at line {error.lineno}, column {error.colno}"
        raise BadRequest(f"The body is not valid JSON: {reason}.") from error
    except ValueError as error:
        # Python reads no integer of more than 4,300 digits (int_max_str_digits).
        raise BadRequest(
            "The body is not valid JSON: it holds a number too long to read."
        ) from error


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
