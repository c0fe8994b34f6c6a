"""Every admin changelist, add and change page answers 200 for a superuser, in Chinese."""

from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    ComplaintFactory,
    DecisionFactory,
    ImportJobFactory,
    MemberFactory,
    MobileMembershipFactory,
    PlaqueFactory,
    PledgeSignatureFactory,
    PositionBookingFactory,
    PositionFactory,
    SalesReportFactory,
    ShopFactory,
    StreamerFactory,
    TalentAwardFactory,
    TrainingSessionFactory,
    TransferFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"orgs", "members", "merchants", "liaison"}
MODELS = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def rf_superuser_request() -> Any:
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return request


@pytest.fixture
def objects(branch: object) -> dict[type[Model], Model]:
    decision = DecisionFactory(case=CaseFactory())
    member = MemberFactory(branch=branch)
    shop = ShopFactory(owner=member)
    assignment = AssignmentFactory()
    found: list[Model] = [
        decision,
        decision.meeting,
        decision.case,
        decision.case.officer,
        decision.case.enterprise,
        decision.case.enterprise.park,
        member,
        branch,  # type: ignore[list-item]
        shop,
        plaque := PlaqueFactory(shop=shop),
        plaque.events.create(action="award", to_status="awarded", on=plaque.awarded_on),
        ComplaintFactory(shop=shop),
        SalesReportFactory(),
        award := TalentAwardFactory(),
        award.policy,
        TrainingSessionFactory(),
        PositionBookingFactory(),
        signature := PledgeSignatureFactory(),
        signature.pledge,
        StreamerFactory(member=member),
        assignment,
        PositionFactory(),
        VisitFactory(),
        TransferFactory(member=member),
        MobileMembershipFactory(member=member),
        ImportJobFactory(),
    ]
    from orgs.models import Alliance

    found.append(Alliance.objects.create(name="党建联盟", lead_organization=branch))
    from orgs.models import AuditEntry, CalendarYear

    found.append(AuditEntry.objects.first())
    found.append(CalendarYear.objects.get(year=2026))  # seeded by the migration
    from members.models import Application, RuleSet, StepRecord

    rule_set = RuleSet.objects.get(code="2014")
    application = Application(
        name="申请人", gender="M", birth_date=member.birth_date, branch=branch, rule_set=rule_set
    )
    application.id_number = member.id_number
    application.save()
    StepRecord.objects.create(application=application, step=1, on=member.admission_date)
    found += [application, rule_set]
    from tests.factories import (
        AppraisalFactory,
        BranchMeetingFactory,
        DuesPaymentFactory,
        DuesStandardFactory,
        PartyPostFactory,
    )

    appraisal = AppraisalFactory(branch=branch)
    grade = appraisal.grades.get()
    grade.grade = "unqualified"
    grade.save()
    from members.appraisals import grade_opened

    found += [
        DuesStandardFactory(member=member),
        DuesPaymentFactory(member=member),
        BranchMeetingFactory(organization=branch),
        PartyPostFactory(organization=branch, member=member),
        appraisal,
        grade_opened(grade, appraisal.held_on),
    ]
    return {type(obj): obj for obj in found}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_answer_in_chinese(
    admin_client: Client, objects: dict[type[Model], Model], model: type[Model]
) -> None:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = admin_client.get(reverse(f"{prefix}_changelist"))
    assert changelist.status_code == 200
    assert str(model._meta.verbose_name) in changelist.content.decode()
    assert "选择" in changelist.content.decode()  # Django's own zh-hans strings are active
    can_add = admin.site._registry[model].has_add_permission(rf_superuser_request())
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == (200 if can_add else 403)
    obj = objects[model]
    change = admin_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_every_registered_model_is_covered(objects: dict[type[Model], Model]) -> None:
    assert set(MODELS) <= set(objects)


def test_member_search_by_full_id_number(admin_client: Client, branch: object) -> None:
    member = MemberFactory(branch=branch, name="李明")
    MemberFactory(branch=branch, name="王强")
    page = admin_client.get(reverse("admin:members_member_changelist"), {"q": member.id_number})
    content = page.content.decode()
    assert "李明" in content and "王强" not in content
    assert member.id_number_masked in content  # the row shows the masked number


def test_member_add_with_bad_id_number_shows_reason(admin_client: Client, branch: object) -> None:
    from members.models import Member

    response = admin_client.post(
        reverse("admin:members_member_add"),
        {
            "name": "赵一",
            "gender": "M",
            "ethnicity": "01",
            "birth_date": "1990-01-01",
            "id_number": "371302199001011230",
            "occupation": "streamer",
            "branch": branch.pk,  # type: ignore[attr-defined]
            "category": "full",
            "admission_date": "2015-07-01",
            "full_membership_date": "2016-07-01",
            "status": "active",
            "source": "developed",
        },
    )
    assert response.status_code == 200
    assert "校验" in response.content.decode()
    assert Member.objects.count() == 0


def test_admin_is_chinese_even_for_an_english_browser(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "党建工作台" in page.content.decode()


def test_language_switch_turns_the_admin_english(admin_client: Client) -> None:
    admin_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = admin_client.get(reverse("admin:index"))
    assert "Party-building workbench" in page.content.decode()


def test_dates_show_as_iso(admin_client: Client, branch: object) -> None:
    MemberFactory(branch=branch)
    page = admin_client.get(reverse("admin:members_member_changelist")).content.decode()
    assert "2015-07-01" in page and "2015年" not in page
