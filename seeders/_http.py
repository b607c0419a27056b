"""The few JSON:API calls a seeder makes to the server under test."""

from __future__ import annotations

from typing import Any

import httpx

from seeders._errors import SeedingFailed

MEDIA_TYPE = "application/vnd.api+json"
Relationship = dict[str, Any] | list[dict[str, Any]] | None


def linkage(type_: str, id_: Any) -> dict[str, str]:
    return {"type": type_, "id": str(id_)}


class ApiClient:
    """Creates, links and deletes resources; any answer but the expected one stops the
    scenario with ``SeedingFailed``, naming the request and the server's answer."""

    def __init__(self, endpoint: str) -> None:
        self._http = httpx.Client(base_url=endpoint, timeout=30.0)

    def log_in(self, email: str, password: str) -> str:
        response = self._send("POST", "/v1/auth/login", json={"email": email, "password": password})
        body = self._expect(response, 200)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str):
            raise SeedingFailed(f"POST /v1/auth/login for {email} answered no access_token")
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
        return self._expect(response, 201)["data"]

    def relate(
        self, path: str, type_: str, id_: str, relationships: dict[str, Relationship], token: str
    ) -> None:
        """PATCH only the given relationships of a resource."""
        data = {
            "type": type_,
            "id": id_,
            "relationships": {name: {"data": value} for name, value in relationships.items()},
        }
        response = self._send("PATCH", path, json={"data": data}, headers=self._headers(token))
        self._expect(response, 200)

    def delete(self, path: str, token: str) -> None:
        self._expect(self._send("DELETE", path, headers=self._headers(token)), 200)

    def _send(self, method: str, path: str, **options: Any) -> httpx.Response:
        """The request; a server that does not answer it fails the scenario, saying so (a
        server gone during a run: the harness stops the run and says why)."""
        try:
            return self._http.request(method, path, **options)
        except httpx.TransportError as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise SeedingFailed(f"{method} {path}: the server did not answer: {reason}") from error

    @staticmethod
    def _headers(token: str | None) -> dict[str, str]:
        headers = {"Content-Type": MEDIA_TYPE, "Accept": MEDIA_TYPE}
        if token:
            headers["Authorization"] = f"JWT {token}"
        return headers

    @staticmethod
    def _expect(response: httpx.Response, status: int) -> Any:
        request = response.request
        if response.status_code != status:
            raise SeedingFailed(
                f"{request.method} {request.url.path} answered {response.status_code}"
                f" (seeding needs {status}): {response.text[:500]}"
            )
        try:
            return response.json()
        except ValueError as error:
            raise SeedingFailed(
                f"{request.method} {request.url.path} answered {status} without JSON"
            ) from error
