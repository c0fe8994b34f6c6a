"""A shop's owner or a streamer's member from another branch is shown as "a party member of
another branch" (其他支部党员) — never by name or id — in admin lists, change pages and the API."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from merchants.models import Shop, Streamer
from tests.conftest import World
from tests.factories import MemberFactory, ShopFactory, StreamerFactory

LABEL = "其他支部党员"


def api_client(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(user)
    return client


@pytest.fixture
def streamers(world: World) -> tuple[Streamer, Streamer]:
    return (
        StreamerFactory(member=world.member_a, name="本支部主播"),
        StreamerFactory(member=world.member_b, name="外支部主播"),
    )


@pytest.fixture
def shop_of_other_branch(world: World) -> Shop:
    return ShopFactory(owner=world.member_b, name="外支部诚信店")


def test_secretary_sees_a_streamer_of_another_branch_as_a_member_of_another_branch_in_the_list(
    world: World, streamers: tuple[Streamer, Streamer]
) -> None:
    page = world.client("secretary_a").get(
        reverse("admin:merchants_streamer_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    content = page.content.decode()
    assert page.status_code == 200
    assert world.member_a.name in content
    assert LABEL in content
    assert world.member_b.name not in content


def test_secretary_sees_the_shop_owner_of_another_branch_without_name_or_link(
    world: World, shop_of_other_branch: Shop
) -> None:
    url = reverse("admin:merchants_shop_change", args=[shop_of_other_branch.pk])
    page = world.client("secretary_a").get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    content = page.content.decode()
    assert page.status_code == 200
    assert LABEL in content
    assert world.member_b.name not in content
    assert reverse("admin:members_member_change", args=[world.member_b.pk]) not in content


def test_secretary_sees_the_shop_owner_of_their_own_branch_by_name(world: World) -> None:
    shop = ShopFactory(owner=world.member_a)
    url = reverse("admin:merchants_shop_change", args=[shop.pk])
    content = world.client("secretary_a").get(url).content.decode()
    assert world.member_a.name in content
    assert LABEL not in content


def test_committee_staff_see_every_owner_by_name(world: World, shop_of_other_branch: Shop) -> None:
    url = reverse("admin:merchants_shop_change", args=[shop_of_other_branch.pk])
    content = world.client("staff").get(url).content.decode()
    assert world.member_b.name in content


def test_api_gives_a_null_member_and_a_label_for_a_member_of_another_branch(
    world: World, streamers: tuple[Streamer, Streamer]
) -> None:
    own, other = streamers
    client = api_client(world.users["secretary_a"])
    detail = client.get(f"/api/v1/streamers/{other.pk}/").json()
    assert detail["member"] is None
    assert detail["member_label"] == LABEL
    listed = {row["id"]: row for row in client.get("/api/v1/streamers/").json()["results"]}
    assert listed[other.pk]["member"] is None
    assert listed[own.pk]["member"] == world.member_a.pk
    assert listed[own.pk]["member_label"] == world.member_a.name


def test_api_shop_owner_of_another_branch_is_null_with_a_label(
    world: World, shop_of_other_branch: Shop
) -> None:
    client = api_client(world.users["secretary_a"])
    detail = client.get(f"/api/v1/shops/{shop_of_other_branch.pk}/").json()
    assert detail["owner"] is None
    assert detail["owner_label"] == LABEL
    assert world.member_b.name not in str(detail)


def test_api_streamer_list_checks_the_members_scope_in_constant_queries(world: World) -> None:
    client = api_client(world.users["secretary_a"])

    def count(rows: int) -> int:
        for _ in range(rows):
            StreamerFactory(member=MemberFactory(branch=world.branch_b))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/streamers/").status_code == 200
        return len(queries)

    count(0)  # the first request also computes the user's scope
    assert count(2) == count(8)


def test_schema_documents_the_member_label(world: World) -> None:
    schema = api_client(world.users["staff"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    streamer = schema.json()["components"]["schemas"]["Streamer"]["properties"]
    assert streamer["member"]["nullable"] is True
    assert "其他支部党员" in streamer["member_label"]["description"]


def test_streamer_changelist_checks_the_members_scope_in_constant_queries(world: World) -> None:
    client = world.client("secretary_a")
    url = reverse("admin:merchants_streamer_changelist")

    def count(rows: int) -> int:
        for _ in range(rows):
            StreamerFactory(member=MemberFactory(branch=world.branch_b))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count(0)
    assert count(2) == count(8)
