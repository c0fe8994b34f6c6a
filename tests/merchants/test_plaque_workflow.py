"""The integrity-shop plaque's workflow: every transition of the table and its refusal, the
shop's integrity status derived from its plaque, the timeline, and the admin and API pages that
drive it — within scope."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from merchants import rules, services
from merchants.models import Plaque
from merchants.selectors import integrity_shops, with_integrity
from tests.conftest import World
from tests.factories import MemberFactory, ShopFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff(world: World) -> Any:
    return world.users["staff"]


@pytest.fixture
def shop(world: World) -> Any:
    return ShopFactory(enterprise=world.enterprise_1, owner=world.member_a)


AWARD_DAY = D(2026, 6, 1)


def awarded(shop: Any, staff: Any, member: Any, on: D = AWARD_DAY) -> Plaque:
    plaque = services.plaque_apply(shop=shop, actor=staff, on=on - datetime.timedelta(days=20))
    services.plaque_review(plaque=plaque, actor=staff, on=on - datetime.timedelta(days=10))
    return services.plaque_award(
        plaque=plaque, number="LSCX-2026-001", responsible=member, actor=staff, on=on
    )


def refused(code: str, call: Any, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    assert info.value.error_list[0].code == code, info.value
    return info.value


def test_the_whole_way_from_application_to_revocation_writes_the_timeline(
    world: World, shop: Any, staff: Any
) -> None:
    plaque = awarded(shop, staff, world.member_a)
    assert (plaque.status, plaque.number, plaque.awarded_on) == (
        "awarded",
        "LSCX-2026-001",
        D(2026, 6, 1),
    )
    assert plaque.valid_until == D(2027, 5, 31)
    assert plaque.responsible == world.member_a
    plaque = services.plaque_renew(plaque=plaque, actor=staff, on=D(2027, 5, 10))
    assert plaque.valid_until == D(2028, 5, 31)
    assert plaque.reviewed_on == D(2027, 5, 10)
    services.plaque_suspend(plaque=plaque, actor=staff, note="年度复核不合格", on=D(2027, 6, 1))
    services.plaque_restore(plaque=plaque, actor=staff, note="已整改", on=D(2027, 7, 1))
    services.plaque_revoke(plaque=plaque, actor=staff, note="严重违规", on=D(2027, 8, 1))
    assert plaque.status == "revoked"
    assert plaque.ended_on == D(2027, 8, 1)
    steps = list(plaque.events.values_list("action", "from_status", "to_status", "on"))
    assert steps == [
        ("apply", "", "applied", D(2026, 5, 12)),
        ("review", "applied", "reviewing", D(2026, 5, 22)),
        ("award", "reviewing", "awarded", D(2026, 6, 1)),
        ("renew", "awarded", "awarded", D(2027, 5, 10)),
        ("suspend", "awarded", "suspended", D(2027, 6, 1)),
        ("restore", "suspended", "awarded", D(2027, 7, 1)),
        ("revoke", "awarded", "revoked", D(2027, 8, 1)),
    ]
    assert plaque.events.get(action="suspend").actor == staff
    assert plaque.events.get(action="suspend").note == "年度复核不合格"


def test_rejection_ends_the_application_and_the_shop_may_apply_again(shop: Any, staff: Any) -> None:
    plaque = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 1))
    refused(
        "before_last_step", services.plaque_review, plaque=plaque, actor=staff, on=D(2026, 4, 1)
    )
    services.plaque_review(plaque=plaque, actor=staff, on=D(2026, 5, 2))
    refused("reason", services.plaque_reject, plaque=plaque, actor=staff, note=" ")
    services.plaque_reject(plaque=plaque, actor=staff, note="材料不全", on=D(2026, 5, 3))
    again = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 4))
    assert again.status == "applied"


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("review", {}),
        ("reject", {"note": "x"}),
        ("renew", {}),
        ("suspend", {"note": "x"}),
        ("restore", {"note": "x"}),
        ("revoke", {"note": "x"}),
    ],
)
def test_a_step_from_the_wrong_status_is_refused_and_nothing_changes(
    shop: Any, staff: Any, action: str, kwargs: dict[str, Any]
) -> None:
    plaque = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 1))
    if action == "review":
        services.plaque_review(plaque=plaque, actor=staff, on=D(2026, 5, 2))
    service, _inputs = services.PLAQUE_TRANSITIONS[action]
    before = plaque.events.count()
    error = refused("invalid_transition", service, plaque=plaque, actor=staff, **kwargs)
    assert "cannot be moved" in str(error) or "不能" in str(error)
    assert plaque.events.count() == before


def test_award_needs_a_free_number_and_an_active_responsible_member(
    world: World, shop: Any, staff: Any
) -> None:
    awarded(ShopFactory(enterprise=world.enterprise_1), staff, world.member_a)
    plaque = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 1))
    services.plaque_review(plaque=plaque, actor=staff, on=D(2026, 5, 2))
    award = services.plaque_award
    args = {"plaque": plaque, "actor": staff, "on": D(2026, 6, 1)}
    refused("number_taken", award, number="LSCX-2026-001", responsible=world.member_a, **args)
    lapsed = MemberFactory(branch=world.branch_a, status="lapsed")
    refused("responsible", award, number="LSCX-2026-002", responsible=lapsed, **args)
    refused("number", award, number="  ", responsible=world.member_a, **args)
    refused(
        "valid_until",
        award,
        number="LSCX-2026-002",
        responsible=world.member_a,
        valid_until=D(2026, 5, 1),
        **args,
    )
    plaque.refresh_from_db()
    assert plaque.status == "reviewing"


def test_yearly_review_only_in_the_last_month_of_validity(
    world: World, shop: Any, staff: Any
) -> None:
    plaque = awarded(shop, staff, world.member_a)
    error = refused(
        "review_too_early", services.plaque_renew, plaque=plaque, actor=staff, on=D(2027, 4, 30)
    )
    assert "2027-05-01" in str(error)
    assert services.plaque_renew(plaque=plaque, actor=staff, on=D(2027, 5, 1)).status == "awarded"


def test_a_date_before_the_last_step_is_refused(world: World, shop: Any, staff: Any) -> None:
    plaque = awarded(shop, staff, world.member_a)
    refused(
        "before_last_step",
        services.plaque_suspend,
        plaque=plaque,
        actor=staff,
        note="x",
        on=D(2026, 5, 1),
    )


def test_a_shop_with_a_plaque_in_progress_cannot_apply_again(shop: Any, staff: Any) -> None:
    services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 1))
    refused("open_plaque", services.plaque_apply, shop=shop, actor=staff, on=D(2026, 5, 2))


def test_a_revoked_shop_waits_before_applying_again(
    world: World, shop: Any, staff: Any, settings: Any
) -> None:
    plaque = awarded(shop, staff, world.member_a)
    services.plaque_revoke(plaque=plaque, actor=staff, note="违规", on=D(2026, 7, 1))
    error = refused("waiting", services.plaque_apply, shop=shop, actor=staff, on=D(2027, 6, 30))
    assert "2027-07-01" in str(error)
    assert services.plaque_apply(shop=shop, actor=staff, on=D(2027, 7, 1)).status == "applied"
    settings.DANGJIAN_PLAQUE_REAPPLY_DAYS = 30
    assert rules.earliest_reapplication(D(2026, 7, 1)) == D(2026, 7, 31)


def test_only_committee_staff_decide_and_a_secretary_may_apply(
    world: World, shop: Any, staff: Any
) -> None:
    secretary = world.users["secretary_a"]
    plaque = services.plaque_apply(shop=shop, actor=secretary, on=D(2026, 5, 1))
    refused("not_allowed", services.plaque_review, plaque=plaque, actor=secretary)
    refused(
        "not_allowed",
        services.plaque_apply,
        shop=ShopFactory(),
        actor=world.users["commissioner_1"],
    )


def test_the_integrity_status_follows_the_plaque(world: World, shop: Any, staff: Any) -> None:
    today = timezone.localdate()
    plaque = awarded(shop, staff, world.member_a, on=today)
    assert list(integrity_shops()) == [shop]
    assert with_integrity(type(shop).objects.filter(pk=shop.pk)).get().is_integrity_shop
    assert plaque.public_status() == "valid"
    assert plaque.public_status(plaque.valid_until + datetime.timedelta(days=1)) == "expired"
    assert not integrity_shops(plaque.valid_until + datetime.timedelta(days=1)).exists()
    services.plaque_suspend(plaque=plaque, actor=staff, note="投诉属实", on=today)
    assert plaque.public_status() == "suspended"
    assert not integrity_shops().exists()


def test_admin_offers_staff_the_steps_and_refuses_with_the_reason(
    world: World, shop: Any, staff: Any
) -> None:
    client = world.client("staff")
    response = client.post(
        reverse("admin:merchants_plaque_add"),
        {"shop": shop.pk, "applied_on": "2026-05-01", "application": "申请"},
    )
    assert response.status_code == 302
    plaque = Plaque.objects.get(shop=shop)
    page = client.get(reverse("admin:merchants_plaque_change", args=[plaque.pk]))
    assert (
        reverse("admin:merchants_plaque_transition", args=[plaque.pk, "review"])
        in page.content.decode()
    )
    url = reverse("admin:merchants_plaque_transition", args=[plaque.pk, "review"])
    assert client.post(url, {"on": "2026-05-02"}).status_code == 302
    url = reverse("admin:merchants_plaque_transition", args=[plaque.pk, "award"])
    response = client.post(url, {"on": "2026-06-01", "number": "P-1", "responsible": "nobody"})
    assert response.status_code == 200
    assert "member number" in response.content.decode() or "党员编号" in response.content.decode()
    response = client.post(
        url, {"on": "2026-06-01", "number": "P-1", "responsible": world.member_a.member_number}
    )
    assert response.status_code == 302
    plaque.refresh_from_db()
    assert (plaque.status, plaque.number) == ("awarded", "P-1")
    # A second application while this one runs is a form error, not a 500.
    response = client.post(
        reverse("admin:merchants_plaque_add"), {"shop": shop.pk, "applied_on": "2026-07-01"}
    )
    assert response.status_code == 200
    assert Plaque.objects.filter(shop=shop).count() == 1


def test_a_secretary_sees_the_plaque_but_gets_403_on_a_committee_step(
    world: World, shop: Any, staff: Any
) -> None:
    plaque = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 1))
    client = world.client("secretary_a")
    assert client.get(reverse("admin:merchants_plaque_change", args=[plaque.pk])).status_code == 200
    url = reverse("admin:merchants_plaque_transition", args=[plaque.pk, "review"])
    assert client.get(url).status_code == 403


def test_an_outsider_commissioner_gets_404_in_admin_and_api(
    world: World, shop: Any, staff: Any
) -> None:
    plaque = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 5, 1))
    outsider = world.client("commissioner_2")
    assert (
        outsider.get(reverse("admin:merchants_plaque_change", args=[plaque.pk])).status_code == 404
    )
    assert "LSCX" not in outsider.get(reverse("admin:merchants_plaque_changelist")).content.decode()
    api = APIClient()
    api.force_authenticate(world.users["commissioner_2"])
    assert api.get(f"/api/v1/plaques/{plaque.pk}/").status_code == 404
    assert api.get("/api/v1/plaques/").json()["results"] == []
    insider = APIClient()
    insider.force_authenticate(world.users["commissioner_1"])
    assert insider.get(f"/api/v1/plaques/{plaque.pk}/").status_code == 200


def test_api_applies_and_moves_a_plaque_with_refusals_as_400_and_403(
    world: World, shop: Any, staff: Any
) -> None:
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(
        "/api/v1/plaques/", {"shop": shop.pk, "applied_on": "2026-05-01"}, format="json"
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.post("/api/v1/plaques/", {"shop": shop.pk}, format="json").status_code == 400
    step = f"/api/v1/plaques/{pk}/transition/"
    assert (
        api.post(step, {"action": "review", "on": "2026-05-02"}, format="json").status_code == 200
    )
    response = api.post(step, {"action": "award", "on": "2026-06-01"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"number", "responsible"}
    response = api.post(
        step,
        {"action": "award", "on": "2026-06-01", "number": "P-9", "responsible": world.member_a.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"]["code"] == "awarded"
    assert response.json()["public_status"] == "valid" or response.json()["valid_until"] < str(
        timezone.localdate()
    )
    response = api.post(step, {"action": "restore", "note": "x"}, format="json")
    assert response.status_code == 400
    secretary = APIClient()
    secretary.force_authenticate(world.users["secretary_a"])
    assert (
        secretary.post(step, {"action": "suspend", "note": "x"}, format="json").status_code == 403
    )
