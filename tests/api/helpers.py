"""What the API tests share: a client holding a token of a role."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from stratmon.api.tokens import create_token


def client_of(user: Any, *, read_only: bool = False) -> APIClient:
    """An API client that sends a new token of `user` (None: no token at all)."""
    client = APIClient()
    if user is not None:
        _, key = create_token(user, read_only=read_only, via="test")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def all_pages(client: APIClient, url: str) -> list[Any]:
    """Every result of a paged list, page after page."""
    found: list[Any] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        found += body["results"]
        url = body["next"]
    return found
