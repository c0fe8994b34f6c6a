"""Complaints against shops: the automatic suspension at the Nth substantiated complaint within
the window and not before, never for unsubstantiated ones; the branch secretary told; evidence
served only within scope."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from merchants import complaints, services
from merchants.models import Complaint, Plaque
from tests.conftest import World
from tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def plaque(world: World) -> Plaque:
    staff = world.users["staff"]
    shop = ShopFactory(enterprise=world.enterprise_1, owner=world.member_a)
    plaque = services.plaque_apply(shop=shop, actor=staff, on=D(2026, 1, 5))
    services.plaque_review(plaque=plaque, actor=staff, on=D(2026, 1, 6))
    return services.plaque_award(
        plaque=plaque, number="P-1", responsible=world.member_a, actor=staff, on=D(2026, 1, 10)
    )


def complain(world: World, plaque: Plaque, received: D, substantiated: bool) -> Complaint:
    staff = world.users["staff"]
    complaint = complaints.complaint_receive(
        complaint=Complaint(
            shop=plaque.shop, source="consumer", received_on=received, summary="货不对板"
        ),
        actor=world.users["commissioner_1"],
    )
    return complaints.complaint_verify(
        complaint=complaint, substantiated=substantiated, finding="核查", actor=staff, on=received
    )


def status(plaque: Plaque) -> str:
    plaque.refresh_from_db()
    return plaque.status


def test_the_second_substantiated_complaint_within_twelve_months_suspends_and_tells_the_secretary(
    world: World, plaque: Plaque, django_capture_on_commit_callbacks: Any
) -> None:
    world.users["secretary_a"].email = "sec-a@example.cn"
    world.users["secretary_a"].save()
    world.users["secretary_b"].email = "sec-b@example.cn"
    world.users["secretary_b"].save()
    complain(world, plaque, D(2026, 2, 1), True)
    assert status(plaque) == "awarded"
    with django_capture_on_commit_callbacks(execute=True):
        complain(world, plaque, D(2026, 9, 1), True)
    assert status(plaque) == "suspended"
    event = plaque.events.get(action="suspend")
    assert event.actor is None
    assert "2" in event.note
    assert [m.to for m in mail.outbox] == [["sec-a@example.cn"]]


def test_unsubstantiated_complaints_never_count(world: World, plaque: Plaque) -> None:
    for month in (2, 3, 4):
        complain(world, plaque, D(2026, month, 1), False)
    complain(world, plaque, D(2026, 5, 1), True)
    assert status(plaque) == "awarded"


def test_complaints_further_apart_than_the_window_do_not_suspend(
    world: World, plaque: Plaque
) -> None:
    complain(world, plaque, D(2026, 2, 1), True)
    complain(world, plaque, D(2027, 2, 1), True)  # exactly twelve months later: outside
    assert status(plaque) == "awarded"
    complain(world, plaque, D(2027, 3, 1), True)
    assert status(plaque) == "suspended"


def test_the_count_is_configurable(world: World, plaque: Plaque, settings: Any) -> None:
    settings.DANGJIAN_COMPLAINT_SUSPEND_COUNT = 3
    complain(world, plaque, D(2026, 2, 1), True)
    complain(world, plaque, D(2026, 3, 1), True)
    assert status(plaque) == "awarded"
    complain(world, plaque, D(2026, 4, 1), True)
    assert status(plaque) == "suspended"


def test_a_suspended_plaque_is_not_suspended_twice_and_revocation_is_staff_s(
    world: World, plaque: Plaque
) -> None:
    for month in (2, 3, 4):
        complain(world, plaque, D(2026, month, 1), True)
    assert plaque.events.filter(action="suspend").count() == 1
    with pytest.raises(ValidationError):
        services.plaque_revoke(plaque=plaque, actor=world.users["secretary_a"], note="x")
    services.plaque_revoke(plaque=plaque, actor=world.users["staff"], note="屡次投诉属实")
    assert status(plaque) == "revoked"


def test_verification_is_committee_staff_s_and_needs_a_finding(
    world: World, plaque: Plaque
) -> None:
    complaint = complaints.complaint_receive(
        complaint=Complaint(shop=plaque.shop, source="platform", summary="虚假宣传"),
        actor=world.users["secretary_a"],
    )
    with pytest.raises(ValidationError) as info:
        complaints.complaint_verify(
            complaint=complaint,
            substantiated=True,
            finding="x",
            actor=world.users["commissioner_1"],
        )
    assert info.value.error_list[0].code == "not_allowed"
    with pytest.raises(ValidationError) as info:
        complaints.complaint_verify(
            complaint=complaint, substantiated=True, finding=" ", actor=world.users["staff"]
        )
    assert info.value.error_list[0].code == "finding"
    with pytest.raises(ValidationError) as info:
        complaints.complaint_close(complaint=complaint, outcome="x", actor=world.users["staff"])
    assert info.value.error_list[0].code == "invalid_transition"


def test_admin_verifies_with_evidence_and_the_outsider_gets_404(
    world: World, plaque: Plaque, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    client = world.client("staff")
    response = client.post(
        reverse("admin:merchants_complaint_add"),
        {
            "shop": plaque.shop.pk,
            "source": "inspection",
            "received_on": "2026-03-01",
            "summary": "抽检不合格",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    url = reverse("admin:merchants_complaint_step", args=[complaint.pk, "evidence"])
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    assert client.post(url, {"file": upload, "description": "抽检报告"}).status_code == 302
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(url, {"file": bad}).status_code == 200
    url = reverse("admin:merchants_complaint_step", args=[complaint.pk, "verify"])
    assert (
        client.post(url, {"on": "2026-03-05", "substantiated": "1", "finding": "属实"}).status_code
        == 302
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.substantiated) == ("verified", True)
    evidence = complaint.evidence.get()
    file_url = reverse("admin:merchants_complaint_evidence", args=[evidence.pk])
    assert client.get(file_url).status_code == 200
    outsider = world.client("commissioner_2")
    assert outsider.get(file_url).status_code == 404
    assert (
        outsider.get(reverse("admin:merchants_complaint_change", args=[complaint.pk])).status_code
        == 404
    )
    api = APIClient()
    api.force_authenticate(world.users["commissioner_2"])
    assert api.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    api.force_authenticate(world.users["commissioner_1"])
    assert api.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 200


def test_api_receives_and_verifies(world: World, plaque: Plaque) -> None:
    api = APIClient()
    api.force_authenticate(world.users["staff"])
    response = api.post(
        "/api/v1/complaints/",
        {
            "shop": plaque.shop.pk,
            "source": "consumer",
            "summary": "发货慢",
            "received_on": "2026-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    step = f"/api/v1/complaints/{response.json()['id']}/transition/"
    assert api.post(step, {"action": "verify"}, format="json").status_code == 400
    response = api.post(
        step,
        {"action": "verify", "substantiated": False, "finding": "不属实", "on": "2026-03-02"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["substantiated"] is False
