"""Democratic appraisal: each member's grade, the share of each grade, a follow-up opened by
an unqualified grade, and the scope of the pages and endpoints."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from members.appraisals import appraisal_record, shares
from members.models import Appraisal, AppraisalFollowUp
from tests.conftest import World
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_shares_are_exact_percentages() -> None:
    assert shares(["excellent", "qualified", "qualified"]) == {
        "excellent": Decimal("33.33"),
        "qualified": Decimal("66.67"),
        "basic": Decimal("0.00"),
        "unqualified": Decimal("0.00"),
    }


def test_an_unqualified_grade_opens_one_follow_up(world: World) -> None:
    other = MemberFactory(branch=world.branch_a)
    appraisal = appraisal_record(
        appraisal=Appraisal(branch=world.branch_a, year=2025, held_on=datetime.date(2025, 12, 26)),
        grades={world.member_a.pk: "qualified", other.pk: "unqualified"},
        actor=None,
    )
    follow_up = AppraisalFollowUp.objects.get()
    assert follow_up.grade.member == other and follow_up.due_on == datetime.date(2026, 6, 26)
    appraisal_record(appraisal=appraisal, grades={other.pk: "unqualified"}, actor=None)
    assert AppraisalFollowUp.objects.count() == 1
    with pytest.raises(ValidationError):
        appraisal_record(appraisal=appraisal, grades={world.member_b.pk: "qualified"}, actor=None)


def test_appraisals_are_scoped(world: World) -> None:
    own = appraisal_record(
        appraisal=Appraisal(branch=world.branch_a, year=2025, held_on=datetime.date(2025, 12, 26)),
        grades={world.member_a.pk: "excellent"},
        actor=None,
    )
    other = appraisal_record(
        appraisal=Appraisal(branch=world.branch_b, year=2025, held_on=datetime.date(2025, 12, 26)),
        grades={world.member_b.pk: "unqualified"},
        actor=None,
    )
    client = world.client("secretary_a")
    page = client.get(f"/admin/members/appraisal/{own.pk}/change/").content.decode()
    assert "100.00%" in page
    assert client.get(f"/admin/members/appraisal/{other.pk}/change/").status_code == 404
    follow_up = AppraisalFollowUp.objects.get()
    assert client.get(f"/admin/members/appraisalfollowup/{follow_up.pk}/change/").status_code == 404
    api = APIClient()
    api.force_authenticate(world.users["secretary_a"])
    listed = api.get("/api/v1/appraisals/").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert listed[0]["shares"]["excellent"] == "100.00"
    assert api.get(f"/api/v1/appraisals/{other.pk}/").status_code == 404
    made = api.post(
        "/api/v1/appraisals/",
        {
            "branch": world.branch_a.pk,
            "year": 2026,
            "held_on": "2026-01-10",
            "grade_input": [{"member": world.member_a.pk, "grade": "basic"}],
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    refused = api.post(
        "/api/v1/appraisals/",
        {"branch": world.branch_b.pk, "year": 2026, "held_on": "2026-01-10"},
        format="json",
    )
    assert refused.status_code == 400
