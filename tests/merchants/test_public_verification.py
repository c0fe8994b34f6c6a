"""The public plaque check: no login, unguessable codes, nothing personal, a clear 404 for an
unknown code, rate limited per address, answered from the cache; the QR code in the admin."""

import datetime
from typing import Any

import pytest
import segno
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from merchants import services
from merchants.models import Plaque
from tests.conftest import World
from tests.factories import ShopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


@pytest.fixture
def plaque(world: World) -> Plaque:
    staff = world.users["staff"]
    shop = ShopFactory(
        enterprise=world.enterprise_1, owner=world.member_a, name="王丹服饰的小店", account="ks123"
    )
    today = datetime.date.today()
    plaque = services.plaque_apply(shop=shop, actor=staff, on=today)
    services.plaque_review(plaque=plaque, actor=staff, on=today)
    return services.plaque_award(
        plaque=plaque, number="LSCX-2026-009", responsible=world.member_a, actor=staff, on=today
    )


def page(code: str, client: Client | None = None, ip: str = "10.0.0.1") -> Any:
    return (client or Client()).get(
        reverse("plaque-verify", args=[code]), REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )


def test_the_page_shows_the_plaque_without_login_and_nothing_personal(
    world: World, plaque: Plaque
) -> None:
    response = page(plaque.code)
    text = response.content.decode()
    assert response.status_code == 200
    for shown in ("王丹服饰的小店", "ks123", "LSCX-2026-009", "有效", "抖音"):
        assert shown in text
    assert world.member_a.name not in text
    assert world.member_a.member_number not in text
    assert 'name="viewport"' in text


def test_codes_are_random_and_long(plaque: Plaque) -> None:
    codes = {Plaque().code for _ in range(50)}
    assert len(codes) == 50
    assert len(plaque.code) >= 20
    assert not plaque.code.isdigit()


@pytest.mark.parametrize("code", ["nope", "1", "x" * 200])
def test_an_unknown_code_is_a_clear_404(code: str) -> None:
    response = page(code)
    assert response.status_code == 404
    assert "未找到该牌匾" in response.content.decode()


def test_a_plaque_never_awarded_is_not_found(world: World) -> None:
    plaque = services.plaque_apply(shop=ShopFactory(), actor=world.users["staff"])
    assert page(plaque.code).status_code == 404


def test_status_follows_the_workflow_through_the_cache(
    world: World, plaque: Plaque, django_capture_on_commit_callbacks: Any
) -> None:
    assert "有效" in page(plaque.code).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.plaque_suspend(plaque=plaque, actor=world.users["staff"], note="投诉属实")
    assert "暂停" in page(plaque.code).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.plaque_revoke(plaque=plaque, actor=world.users["staff"], note="撤销")
    assert "撤销" in page(plaque.code).content.decode()


def test_expiry_shows_without_a_write(plaque: Plaque) -> None:
    Plaque.objects.filter(pk=plaque.pk).update(valid_until=datetime.date(2020, 1, 1))
    cache.clear()
    assert "过期" in page(plaque.code).content.decode()


def test_a_cached_answer_needs_no_query(plaque: Plaque, django_assert_num_queries: Any) -> None:
    page(plaque.code)
    with django_assert_num_queries(0):
        assert page(plaque.code).status_code == 200


def test_each_address_is_rate_limited(plaque: Plaque, settings: Any) -> None:
    settings.DANGJIAN_VERIFY_RATE = "3/m"
    for _ in range(3):
        assert page(plaque.code, ip="10.0.0.7").status_code == 200
    limited = page(plaque.code, ip="10.0.0.7")
    assert limited.status_code == 429
    assert "请稍后再试" in limited.content.decode()
    assert page(plaque.code, ip="10.0.0.8").status_code == 200
    assert page("unknown", ip="10.0.0.7").status_code == 429  # guessing counts too


def test_the_api_check_is_anonymous_read_only_and_minimal(world: World, plaque: Plaque) -> None:
    client = APIClient()
    url = f"/api/v1/public/plaques/{plaque.code}/"
    response = client.get(url, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == "LSCX-2026-009"
    assert body["public_status"] == "valid"
    assert set(body) == {
        "shop",
        "platform",
        "platform_label",
        "account",
        "number",
        "public_status",
        "public_status_label",
        "valid_until",
    }
    assert client.post(url, {}, REMOTE_ADDR="10.0.0.9").status_code == 405
    assert client.get("/api/v1/public/plaques/unknown/", REMOTE_ADDR="10.0.0.9").status_code == 404


def test_admin_prints_the_qr_code_within_scope(world: World, plaque: Plaque) -> None:
    staff = world.client("staff")
    svg = staff.get(reverse("admin:merchants_plaque_qr", args=[plaque.pk, "svg"]))
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = staff.get(reverse("admin:merchants_plaque_qr", args=[plaque.pk, "png"]))
    assert png.content.startswith(b"\x89PNG")
    sheet = staff.get(reverse("admin:merchants_plaque_print", args=[plaque.pk]))
    assert "LSCX-2026-009" in sheet.content.decode()
    expected = segno.make(f"http://testserver/verify/{plaque.code}/", error="m")
    assert expected.designator  # the same payload the view encodes
    outsider = world.client("commissioner_2")
    assert (
        outsider.get(reverse("admin:merchants_plaque_qr", args=[plaque.pk, "svg"])).status_code
        == 404
    )
    assert (
        outsider.get(reverse("admin:merchants_plaque_print", args=[plaque.pk])).status_code == 404
    )
