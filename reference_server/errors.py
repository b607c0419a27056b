"""The API's errors, as a small hierarchy, and their JSON:API rendering.

Every refusal the API makes is one of these classes, so a status code and its title
are decided in one place and every error body has the same shape:
``{"errors": [{"status", "title", "detail", "source"?}], "jsonapi": {"version"}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

JSONAPI_MEDIA_TYPE = "application/vnd.api+json"
JSONAPI_VERSION = {"version": "1.0"}

log = logging.getLogger(__name__)


class ApiError(Exception):
    """Base class: an error answered to the client as a JSON:API error document."""

    status = 500
    title = "Internal Server Error"

    def __init__(
        self, detail: str, *, pointer: str | None = None, parameter: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.pointer = pointer
        self.parameter = parameter

    def to_object(self) -> dict[str, Any]:
        error: dict[str, Any] = {"status": str(self.status), "title": self.title}
        error["detail"] = self.detail
        if self.pointer is not None:
            error["source"] = {"pointer": self.pointer}
        elif self.parameter is not None:
            error["source"] = {"parameter": self.parameter}
        return error


class BadRequest(ApiError):
    """A malformed query parameter or body (not JSON, no ``data``)."""

    status, title = 400, "Bad Request"


class Unauthorized(ApiError):
    """No token, or one that is malformed, expired, forged or names no user."""

    status, title = 401, "Unauthorized"


class Forbidden(ApiError):
    """A known caller without the role the action needs."""

    status, title = 403, "Forbidden"


class NotFound(ApiError):
    """The resource (or a related one named in the body) does not exist or was deleted."""

    status, title = 404, "Not Found"


class MethodNotAllowed(ApiError):
    """Also the lookup's answer for a code that exists but cannot be used now."""

    status, title = 405, "Method Not Allowed"


class Conflict(ApiError):
    """A live duplicate code, a change of ``used-for``, an event that has a code already."""

    status, title = 409, "Conflict"


class PayloadTooLarge(ApiError):
    """A request body over the size the API reads (``body.MAX_BODY_BYTES``)."""

    status, title = 413, "Payload Too Large"

    @classmethod
    def over(cls, limit: int) -> PayloadTooLarge:
        return cls(f"The request body is larger than the {limit:,} bytes the API accepts.")


class UnsupportedMediaType(ApiError):
    """Another media type than JSON:API's, or JSON:API's with parameters."""

    status, title = 415, "Unsupported Media Type"


class Unprocessable(ApiError):
    """An attribute or relationship that breaks a validation rule."""

    status, title = 422, "Unprocessable Entity"


class ValidationFailed(Unprocessable):
    """Several validation errors at once (one per offending field)."""

    def __init__(self, errors: list[ApiError]) -> None:
        super().__init__(errors[0].detail, pointer=errors[0].pointer)
        self.errors = errors


def error_response(*errors: ApiError) -> Response:
    response = jsonify({"errors": [e.to_object() for e in errors], "jsonapi": JSONAPI_VERSION})
    response.status_code = errors[0].status
    response.mimetype = JSONAPI_MEDIA_TYPE
    return response


def register_error_handlers(app: Flask) -> None:
    """Answer every error, including werkzeug's and unexpected ones, as a JSON:API document."""

    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        if isinstance(error, ValidationFailed):
            return error_response(*error.errors)
        return error_response(error)

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> Response:
        # werkzeug's name for 413 is the older "Request Entity Too Large" (RFC 7231);
        # the API answers with RFC 9110's title, as it does for a declared length.
        limit = app.config.get("MAX_CONTENT_LENGTH")
        refusal = PayloadTooLarge.over(limit) if limit else PayloadTooLarge(str(error.description))
        return error_response(refusal)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        api_error = ApiError(error.description or error.name)
        api_error.status, api_error.title = error.code or 500, error.name
        response = error_response(api_error)
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value  # e.g. a 405's Allow (RFC 9110 requires it)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        # Logged server-side; the client never sees a traceback.
        log.exception("unhandled error")
        return error_response(ApiError("The server could not complete the request."))
