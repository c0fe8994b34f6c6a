"""Talent awards under the ten measures: the amount rule of each measure, approval and payment
by committee staff, totals per measure and year, scope."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from merchants import talent
from merchants.models import TalentAward, TalentPolicy
from tests.conftest import World
from tests.factories import StreamerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def policies() -> dict[str, TalentPolicy]:
    return {
        "fixed": TalentPolicy.objects.create(
            number=1, title="头部主播培育", amount_rule="fixed", amount=Decimal("50000")
        ),
        "up_to": TalentPolicy.objects.create(
            number=2, title="直播基地建设", amount_rule="up_to", amount=Decimal("100000")
        ),
    }


def apply(world: World, policy: TalentPolicy, enterprise: Any = None) -> TalentAward:
    return talent.award_apply(
        award=TalentAward(
            policy=policy,
            streamer=StreamerFactory(enterprise=enterprise or world.enterprise_1),
            applied_on=D(2021, 3, 1),
            reason="粉丝过百万",
        ),
        actor=world.users["staff"],
    )


def test_amount_rules_approval_payment_and_totals(
    world: World, policies: dict[str, TalentPolicy]
) -> None:
    staff = world.users["staff"]
    fixed = apply(world, policies["fixed"])
    with pytest.raises(ValidationError):
        talent.award_approve(award=fixed, actor=staff, on=D(2021, 4, 1), amount=Decimal("40000"))
    talent.award_approve(award=fixed, actor=staff, on=D(2021, 4, 1))
    assert fixed.amount == Decimal("50000")
    with pytest.raises(ValidationError):
        talent.award_pay(award=fixed, actor=staff, on=D(2021, 3, 31))
    talent.award_pay(award=fixed, actor=staff, on=D(2021, 5, 1))
    up_to = apply(world, policies["up_to"])
    with pytest.raises(ValidationError):
        talent.award_approve(
            award=up_to, actor=staff, on=D(2021, 4, 1), amount=Decimal("100000.01")
        )
    talent.award_approve(award=up_to, actor=staff, on=D(2021, 4, 1), amount=Decimal("80000"))
    talent.award_pay(award=up_to, actor=staff, on=D(2022, 1, 5))
    rejected = apply(world, policies["up_to"])
    talent.award_reject(award=rejected, actor=staff, on=D(2021, 4, 2))
    with pytest.raises(ValidationError):
        talent.award_pay(award=rejected, actor=staff, on=D(2021, 5, 1))
    rows = talent.award_totals(TalentAward.objects.all())
    assert [(r["year"], r["count"], r["total"]) for r in rows] == [
        (2021, 1, Decimal("50000.00")),
        (2022, 1, Decimal("80000.00")),
    ]


def test_only_committee_staff_decide(world: World, policies: dict[str, TalentPolicy]) -> None:
    award = apply(world, policies["fixed"])
    with pytest.raises(ValidationError):
        talent.award_approve(award=award, actor=world.users["secretary_a"], on=D(2021, 4, 1))


def test_admin_pages_and_scope(world: World, policies: dict[str, TalentPolicy]) -> None:
    award = apply(world, policies["fixed"])
    client = world.client("staff")
    url = reverse("admin:merchants_talentaward_step", args=[award.pk, "approve"])
    assert client.post(url, {"on": "2021-04-01", "amount": "1"}).status_code == 200  # refused
    assert client.post(url, {"on": "2021-04-01"}).status_code == 302
    url = reverse("admin:merchants_talentaward_step", args=[award.pk, "pay"])
    assert client.post(url, {"on": "2021-05-01"}).status_code == 302
    totals = client.get(reverse("admin:merchants_talentaward_totals"))
    assert totals.context["grand_total"] == Decimal("50000.00")
    change = reverse("admin:merchants_talentaward_change", args=[award.pk])
    assert world.client("commissioner_1").get(change).status_code == 200
    assert world.client("commissioner_2").get(change).status_code == 404
