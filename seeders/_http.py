"""The few JSON:API calls a seeder makes to the server under test."""

from __future__ import annotations

from typing import Any

import httpx

from seeders._errors import CouldNotSeed, SeedingFailed

MEDIA_TYPE = "application/vnd.api+json"
Relationship = dict[str, Any] | list[dict[str, Any]] | None


def linkage(type_: str, id_: Any) -> dict[str, str]:
    return {"type": type_, "id": str(id_)}


class ApiClient:
    """Creates, links and deletes resources. Any answer but the expected one stops the
    scenario with ``CouldNotSeed`` (the rule is not checked), naming the row, the request
    and the server's answer; no answer at all with ``SeedingFailed``."""

    def __init__(
        self, endpoint: str, *, scheme: str = "JWT", always_send_attributes: bool = False
    ) -> None:
        self._http = httpx.Client(base_url=endpoint, timeout=30.0)
        self._scheme = scheme
        self._always_send_attributes = always_send_attributes

    def log_in(self, email: str, password: str) -> str:
        response = self._send("POST", "/v1/auth/login", json={"email": email, "password": password})
        body = self._expect(response, 200, "token (log-in)")
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise _refused(response, "token (log-in)", "an answer without access_token: ")
        return token

    def create(
        self,
        path: str,
        type_: str,
        attributes: dict[str, Any],
        relationships: dict[str, Relationship] | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """POST a new resource; returns the created resource object (``data``)."""
        data: dict[str, Any] = {"type": type_, "attributes": attributes}
        if relationships:
            data["relationships"] = {name: {"data": value} for name, value in relationships.items()}
        response = self._send("POST", path, json={"data": data}, headers=self._headers(token))
        created = self._expect(response, 201, type_)
        if not isinstance(created, dict) or not isinstance(created.get("data"), dict):
            raise _refused(response, type_, "an answer without data: ")
        row: dict[str, Any] = created["data"]
        return row

    def relate(
        self, path: str, type_: str, id_: str, relationships: dict[str, Relationship], token: str
    ) -> None:
        """PATCH only the given relationships of a resource."""
        data: dict[str, Any] = {
            "type": type_,
            "id": id_,
            "relationships": {name: {"data": value} for name, value in relationships.items()},
        }
        if self._always_send_attributes:
            data["attributes"] = {}
        response = self._send("PATCH", path, json={"data": data}, headers=self._headers(token))
        self._expect(response, 200, f"{type_}'s {' and '.join(relationships)}")

    def delete(self, path: str, type_: str, token: str) -> None:
        response = self._send("DELETE", path, headers=self._headers(token))
        if response.status_code != 204:  # 204 No Content: nothing to read
            self._expect(response, 200, f"deleted {type_}")

    def call(
        self,
        method: str,
        path: str,
        row: str,
        body: Any = None,
        token: str | None = None,
        expect: tuple[int, ...] = (200, 201),
    ) -> Any:
        """Any other request a profile's adapter needs; its JSON answer."""
        options: dict[str, Any] = {"headers": self._headers(token)}
        if body is not None:
            options["json"] = body
        return self._expect(self._send(method, path, **options), expect, row)

    def _send(self, method: str, path: str, **options: Any) -> httpx.Response:
        """The request; a server that does not answer it fails the scenario, saying so (a
        server gone during a run: the harness stops the run and says why)."""
        try:
            return self._http.request(method, path, **options)
        except httpx.TransportError as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise SeedingFailed(f"{method} {path}: the server did not answer: {reason}") from error

    def _headers(self, token: str | None) -> dict[str, str]:
        headers = {"Content-Type": MEDIA_TYPE, "Accept": MEDIA_TYPE}
        if token:
            headers["Authorization"] = f"{self._scheme} {token}"
        return headers

    @staticmethod
    def _expect(response: httpx.Response, status: int | tuple[int, ...], row: str) -> Any:
        if response.status_code not in (status if isinstance(status, tuple) else (status,)):
            raise _refused(response, row)
        try:
            return response.json()
        except ValueError:
            raise _refused(response, row, "an answer that is not JSON: ") from None


def _refused(response: httpx.Response, row: str, what: str = "") -> CouldNotSeed:
    request = response.request
    sent = request.content.decode("utf-8", "replace") if request.content else ""
    return CouldNotSeed(
        row,
        request.method,
        request.url.path,
        sent,
        response.status_code,
        what + " ".join(response.text.split()),
    )
