"""A small xAPI client for any conformant learning record store: post statements, page through them.

httpx is imported when a client is made, not when this module is: the CLI's start-up never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .credentials import Credentials

if TYPE_CHECKING:
    import httpx

XAPI_VERSION = "1.0.3"
TIMEOUT_S = 15.0


class LrsUnavailable(Exception):
    """The store could not take the statements now (no network, a timeout, 5xx, 429, refused credentials): the
    statements stay queued and are sent again later."""


class LrsRejected(Exception):
    """The store refused the statements themselves (400, 409, 413): sending them again as they are is useless."""


class LrsClient:
    def __init__(
        self,
        endpoint: str,
        credentials: Credentials | None,
        *,
        timeout_s: float = TIMEOUT_S,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        import httpx

        self.endpoint = endpoint if endpoint.endswith("/") else f"{endpoint}/"
        self.statements_url = urljoin(self.endpoint, "statements")
        auth = httpx.BasicAuth(credentials.username, credentials.password) if credentials else None
        self._client = httpx.Client(
            auth=auth,
            timeout=timeout_s,
            transport=transport,
            headers={"X-Experience-API-Version": XAPI_VERSION},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> LrsClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def post_statements(self, statements: list[dict[str, Any]]) -> None:
        """Store a batch. A statement the store already holds (a resend) is accepted without a second copy."""
        response = self._request("POST", self.statements_url, json=statements)
        if response.status_code in (200, 204):
            return
        detail = _detail(response)
        if response.status_code in (400, 409, 413):
            raise LrsRejected(f"the record store refused them: HTTP {response.status_code} {detail}".rstrip())
        raise LrsUnavailable(_unavailable(response.status_code, detail))

    def statements(
        self, *, registration: str | None = None, since: str | None = None, page_size: int = 500
    ) -> Iterator[dict[str, Any]]:
        """Every statement matching the filters, page by page, following the store's `more` links."""
        params: dict[str, Any] = {"limit": page_size, "ascending": "true"}
        if registration:
            params["registration"] = registration
        if since:
            params["since"] = since
        url: str | None = str(self._client.build_request("GET", self.statements_url, params=params).url)
        seen: set[str] = set()
        while url and url not in seen:
            seen.add(url)
            response = self._request("GET", url)  # a `more` link carries the whole query it continues
            if response.status_code != 200:
                raise LrsUnavailable(_unavailable(response.status_code, _detail(response)))
            page = response.json()
            statements = page.get("statements") or []
            yield from statements
            more = page.get("more") or ""
            url = urljoin(self.endpoint, more) if more and statements else None

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        import httpx

        try:
            return self._client.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            raise LrsUnavailable(f"could not reach the record store at {self.endpoint}: {error}") from error


def _unavailable(status: int, detail: str) -> str:
    if status in (401, 403):
        return f"the record store refused the credentials (HTTP {status}); check lrs_credentials"
    return f"the record store answered HTTP {status} {detail}".rstrip()


def _detail(response: httpx.Response) -> str:
    text = response.text.strip().replace("\n", " ")
    return text[:200]
