"""Tokens: issued for a username and password, stored hashed, throttled; the schema and the
Swagger UI page, which runs under the site's Content-Security-Policy."""

from typing import Any

import pytest
from knox.models import AuthToken

from tests.api.conftest import MakeUser, World, client_for
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Test@Pass2026"


def test_token_is_issued_stored_hashed_and_accepted(world: World, make_user: MakeUser) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    MemberFactory(branch=world.branch)
    response = client_for().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    stored = AuthToken.objects.get(user=user)
    assert token not in (stored.digest, stored.token_key)
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert len(client.get("/api/v1/members/").json()["results"]) == 1


def test_wrong_password_is_400_without_token(world: World, make_user: MakeUser) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    response = client_for().post(
        "/api/v1/auth/token/", {"username": user.username, "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["无法使用提供的认证信息登录。"]
    assert not AuthToken.objects.exists()


def test_token_requests_are_throttled(db: None) -> None:
    # Different names each time: django-axes would otherwise lock the one account first.
    statuses = [
        client_for()
        .post("/api/v1/auth/token/", {"username": f"nobody{n}", "password": "x"}, format="json")
        .status_code
        for n in range(6)
    ]
    assert statuses == [400] * 5 + [429]


def test_invalid_token_is_401(world: World) -> None:
    client = client_for()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/members/").status_code == 401


def test_session_authentication_works(world: World, make_user: MakeUser, client: Any) -> None:
    client.force_login(make_user("branch_secretary", organization=world.branch))
    assert client.get("/api/v1/organizations/").status_code == 200


def test_huge_page_size_is_clamped(world: World, make_user: MakeUser) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    response = client_for(user).get("/api/v1/organizations/?page_size=1000000000000")
    assert response.status_code == 200
    response = client_for(user).get("/api/v1/members/?page_size=-5")
    assert response.status_code == 200


def test_schema_is_served(client: Any) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/members/" in response.json()["paths"]


def test_swagger_ui_has_no_inline_script_and_no_cdn(client: Any) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
