"""Pledge versions and signatures: who signed which version when; the yearly re-signing shown
as due; scope of signatures in admin and API."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from merchants import pledges
from merchants.models import PledgeSignature, PledgeText
from tests.conftest import World
from tests.factories import ShopFactory, StreamerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def pledge(world: World) -> PledgeText:
    return pledges.pledge_text_save(
        pledge=PledgeText(title="倡议书", version=1, published_on=D(2021, 5, 6), text="诚信经营"),
        actor=world.users["staff"],
    )


def sign(pledge: PledgeText, actor: Any, on: D, **signer: Any) -> PledgeSignature:
    return pledges.pledge_sign(
        signature=PledgeSignature(pledge=pledge, signed_on=on, signed_by="王丹", **signer),
        actor=actor,
    )


def annotated(signature: PledgeSignature) -> Any:
    return pledges.with_resign_state(PledgeSignature.objects.filter(pk=signature.pk)).get()


def test_a_signature_records_who_signed_which_version_and_keeps_the_enterprise(
    world: World, pledge: PledgeText
) -> None:
    shop = ShopFactory(enterprise=world.enterprise_1)
    signature = sign(pledge, world.users["staff"], D(2021, 6, 1), shop=shop)
    assert signature.enterprise == world.enterprise_1
    assert signature.recorded_by == world.users["staff"]
    assert signature.signer_label == shop.name
    with pytest.raises(ValidationError) as info:
        sign(pledge, world.users["staff"], D(2021, 5, 1), shop=ShopFactory())
    assert info.value.error_list[0].code == "before_published"
    with pytest.raises(ValidationError) as info:
        sign(pledge, world.users["staff"], D(2022, 4, 30), shop=shop)
    assert info.value.error_list[0].code == "already_signed"
    assert sign(pledge, world.users["staff"], D(2022, 5, 2), shop=shop).pk


def test_re_signing_is_due_a_year_on_and_when_a_new_version_comes(
    world: World, pledge: PledgeText
) -> None:
    streamer = StreamerFactory(enterprise=world.enterprise_1)
    first = sign(pledge, world.users["staff"], D(2025, 6, 1), streamer=streamer)
    assert not pledges.resign_due(annotated(first), today=D(2026, 4, 30))
    assert pledges.resign_due(annotated(first), today=D(2026, 5, 2))
    second = sign(pledge, world.users["staff"], D(2026, 5, 20), streamer=streamer)
    assert not pledges.resign_due(annotated(first), today=D(2026, 5, 21))  # superseded
    assert not pledges.resign_due(annotated(second), today=D(2026, 5, 21))
    pledges.pledge_text_save(
        pledge=PledgeText(title="倡议书", version=2, published_on=D(2026, 6, 1), text="新版"),
        actor=world.users["staff"],
    )
    assert pledges.resign_due(annotated(second), today=D(2026, 6, 2))


def test_a_signed_version_keeps_its_words(world: World, pledge: PledgeText) -> None:
    sign(pledge, world.users["staff"], D(2021, 6, 1), enterprise=world.enterprise_1)
    pledge.text = "改过的文字"
    with pytest.raises(ValidationError):
        pledges.pledge_text_save(pledge=pledge, actor=world.users["staff"])


def test_signatures_follow_the_enterprise_scope(world: World, pledge: PledgeText) -> None:
    signature = sign(pledge, world.users["staff"], D(2021, 6, 1), enterprise=world.enterprise_1)
    url = reverse("admin:merchants_pledgesignature_change", args=[signature.pk])
    assert world.client("commissioner_1").get(url).status_code == 200
    assert world.client("commissioner_2").get(url).status_code == 404
    page = world.client("staff").get(reverse("admin:merchants_pledgesignature_changelist"))
    assert page.status_code == 200
    api = APIClient()
    api.force_authenticate(world.users["commissioner_2"])
    assert api.get(f"/api/v1/pledge-signatures/{signature.pk}/").status_code == 404
    api.force_authenticate(world.users["commissioner_1"])
    body = api.get(f"/api/v1/pledge-signatures/{signature.pk}/").json()
    assert body["resign_due"] is True
    assert api.get("/api/v1/pledges/").json()["count"] == 1


def test_api_records_a_signature(world: World, pledge: PledgeText) -> None:
    api = APIClient()
    api.force_authenticate(world.users["secretary_a"])
    shop = ShopFactory()
    response = api.post(
        "/api/v1/pledge-signatures/",
        {"pledge": pledge.pk, "shop": shop.pk, "signed_on": "2021-06-01", "signed_by": "李四"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = api.post(
        "/api/v1/pledge-signatures/",
        {"pledge": pledge.pk, "signed_on": "2021-06-01", "signed_by": "李四"},
        format="json",
    )
    assert response.status_code == 400
