"""No application is left without a legal next move: training recorded in parts until it adds
up; a political review that failed or expired can be renewed; and the last recorded step can be
corrected (through the same rules) or voided (re-opening it, and undoing what it did to the
roster, or saying what staff must do first) by its recorder or by committee staff, with a
reason, audited."""

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from members.development import application_record_step
from members.development_corrections import step_record_correct, step_record_void
from members.models import Application, Member, MemberStatusChange, StepRecord
from orgs.audit import acting_as
from orgs.models import AuditEntry, Organization
from tests.conftest import make_user
from tests.members.development_support import D, pdf, plan, submit, today, vote, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(committee: Organization) -> Any:
    return make_user("dev_staff", "committee_staff", committee)


@pytest.fixture
def secretary(branch: Organization) -> Any:
    return make_user("dev_secretary", "branch_secretary", branch)


def record(application: Application, step: int, on: datetime.date, actor: Any, **kw: Any) -> Any:
    found = application_record_step(application=application, step=step, on=on, actor=actor, **kw)
    application.refresh_from_db()
    return found


def refused(call: Any, **kw: Any) -> str:
    before = (
        list(StepRecord.objects.values_list("pk", "voided_at", "on")),
        list(Member.objects.values_list("pk", "category", "status", "full_membership_date")),
        list(Application.objects.values_list("pk", "next_step", "outcome")),
    )
    with pytest.raises(ValidationError) as error:
        call(**kw)
    after = (
        list(StepRecord.objects.values_list("pk", "voided_at", "on")),
        list(Member.objects.values_list("pk", "category", "status", "full_membership_date")),
        list(Application.objects.values_list("pk", "next_step", "outcome")),
    )
    assert after == before
    return " ".join(error.value.messages)


def last(application: Application) -> StepRecord:
    return application.steps.in_force().order_by("on", "pk").last()  # type: ignore[attr-defined,no-any-return]


# --- training in parts ------------------------------------------------------------------------


def test_training_is_recorded_in_parts_until_it_reaches_the_minimum(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 10)
    record(application, 11, D(2023, 6, 10), staff, training_days=2, training_hours=16)
    assert application.next_step == 11 and application.training_days == 2
    message = refused(
        application_record_step, application=application, step=12, on=D(2023, 7, 1), actor=staff
    )
    assert "集中培训" in message and "2天" in message and "16学时" in message
    record(application, 11, D(2023, 6, 20), staff, training_hours=8)
    assert (application.training_days, application.training_hours) == (2, 24)
    assert application.next_step == 12
    message = refused(
        application_record_step,
        application=application,
        step=11,
        on=D(2023, 6, 25),
        actor=staff,
        training_days=1,
    )
    assert "步骤顺序" in message
    record(application, 12, D(2023, 7, 1), staff)
    assert application.last_step == 12


def test_short_training_recorded_as_complete_is_corrected_and_unblocks_the_review(
    today: Any, branch: Organization, staff: Any
) -> None:
    """The case that used to leave an application stuck: 2 days / 20 hours recorded as step 11,
    then nothing could follow."""
    application = submit(branch, staff)
    walk(application, staff, 10)
    short = record(application, 11, D(2023, 6, 10), staff, training_days=2, training_hours=20)
    corrected = step_record_correct(
        record=short,
        reason="培训证书载明3天",
        actor=staff,
        on=D(2023, 6, 10),
        training_days=3,
        training_hours=24,
    )
    application.refresh_from_db()
    short.refresh_from_db()
    assert short.voided_at is not None and short.void_reason == "培训证书载明3天"
    assert corrected.corrects == short and corrected.training_days == 3
    assert (application.training_days, application.training_hours) == (3, 24)
    assert application.next_step == 12
    record(application, 12, D(2023, 7, 1), staff)


# --- correcting and voiding -------------------------------------------------------------------


def test_a_correction_goes_through_the_same_rules(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 8)
    filing = last(application)
    message = refused(
        step_record_correct,
        record=filing,
        reason="日期有误",
        actor=staff,
        on=D(2023, 5, 12),
        notice_start=D(2023, 5, 8),
        notice_end=D(2023, 5, 12),
    )
    assert "公示" in message and "2023-05-13" in message
    step_record_correct(
        record=filing,
        reason="日期有误",
        actor=staff,
        on=D(2023, 5, 16),
        notice_start=D(2023, 5, 8),
        notice_end=D(2023, 5, 12),
    )
    application.refresh_from_db()
    assert last(application).on == D(2023, 5, 16)
    assert application.steps.filter(step=8).count() == 2
    assert application.steps.in_force().filter(step=8).count() == 1  # type: ignore[attr-defined]


def test_void_reopens_the_step_and_is_audited(today: Any, branch: Organization, staff: Any) -> None:
    application = submit(branch, staff)
    walk(application, staff, 9)
    introducers = last(application)
    with acting_as(staff):
        step_record_void(record=introducers, reason="介绍人登记错误", actor=staff)
    application.refresh_from_db()
    assert application.last_step == 8 and application.next_step == 9
    assert application.introducer_1 is None and application.introducer_2 is None
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StepRecord),
        object_id=str(introducers.pk),
        action="update",
    ).first()
    assert entry is not None and entry.actor == staff
    assert entry.changes["void_reason"] == ["", "介绍人登记错误"]
    record(application, 9, D(2023, 5, 20), staff, introducers=plan(branch)[9][1]["introducers"])
    assert application.last_step == 9 and application.introducer_1 is not None


def test_only_the_last_step_can_be_corrected_or_voided(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 3)
    talk = application.steps.get(step=2)
    message = refused(step_record_void, record=talk, reason="错误", actor=staff)
    assert "最后登记的步骤" in message and "3 " in message
    message = refused(step_record_correct, record=talk, reason="错误", actor=staff, on=talk.on)
    assert "最后登记的步骤" in message
    step_record_void(record=last(application), reason="错误", actor=staff)
    message = refused(
        step_record_void, record=application.steps.get(step=3), reason="再次", actor=staff
    )
    assert "已作废" in message


def test_only_the_recorder_or_committee_staff_may_amend_a_step(
    today: Any, branch: Organization, staff: Any, secretary: Any
) -> None:
    application = submit(branch, staff)
    talk = record(application, 2, D(2022, 3, 20), secretary)
    colleague = make_user("dev_colleague", "branch_secretary", branch)
    message = refused(step_record_void, record=talk, reason="错误", actor=colleague)
    assert "登记人" in message and "dev_secretary" in message
    step_record_correct(record=talk, reason="日期有误", actor=secretary, on=D(2022, 3, 21))
    application.refresh_from_db()
    corrected = last(application)
    step_record_void(record=corrected, reason="未谈话", actor=staff)
    application.refresh_from_db()
    assert application.next_step == 2


def test_a_reason_is_required(today: Any, branch: Organization, staff: Any) -> None:
    application = submit(branch, staff)
    talk = record(application, 2, D(2022, 3, 20), staff)
    assert "原因" in refused(step_record_void, record=talk, reason="  ", actor=staff)


def test_the_application_itself_cannot_be_voided(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    message = refused(step_record_void, record=last(application), reason="错误", actor=staff)
    assert "更正" in message
    step_record_correct(record=last(application), reason="日期有误", actor=staff, on=D(2022, 3, 2))
    application.refresh_from_db()
    assert last(application).on == D(2022, 3, 2)
    assert last(application).documents.count() == 1  # the signed letter follows the correction


def test_voiding_the_admission_approval_waits_until_the_roster_is_put_right(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 17)
    member = application.member
    assert member is not None
    message = refused(step_record_void, record=last(application), reason="未获批准", actor=staff)
    assert member.name in message and "党员名册" in message and "更正" in message
    member.delete()
    step_record_void(record=last(application), reason="未获批准", actor=staff)
    application.refresh_from_db()
    assert application.next_step == 17 and application.member is None


def test_voiding_the_conversion_approval_makes_the_member_probationary_again(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 24)
    member = Member.objects.get(pk=application.member_id)
    assert member.category == Member.Category.FULL
    step_record_void(record=last(application), reason="审批日期登记错误", actor=staff)
    member.refresh_from_db()
    application.refresh_from_db()
    assert member.category == Member.Category.PROBATIONARY
    assert member.full_membership_date is None
    assert application.outcome == Application.Outcome.OPEN and application.next_step == 24
    record(application, 24, D(2024, 9, 2), staff)
    member.refresh_from_db()
    assert member.category == Member.Category.FULL


def test_voiding_the_approval_of_a_cancellation_restores_the_member(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 22)
    cancel = {"conversion_outcome": "cancel", **vote()}
    record(application, 23, D(2024, 7, 15), staff, **cancel)
    record(application, 24, D(2024, 8, 1), staff)
    member = Member.objects.get(pk=application.member_id)
    assert member.status == Member.Status.LAPSED
    assert member.status_changes.get().to_status == Member.Status.LAPSED
    step_record_void(record=last(application), reason="审批有误", actor=staff)
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    back = MemberStatusChange.objects.filter(member=member).order_by("pk").last()
    assert back is not None and "审批有误" in back.reason
    record(application, 24, D(2024, 8, 1), staff)
    Member.objects.filter(pk=member.pk).update(status=Member.Status.DECEASED)
    message = refused(step_record_void, record=last(application), reason="审批有误", actor=staff)
    assert "党员名册" in message


# --- the political review ---------------------------------------------------------------------


def test_a_failed_political_review_is_renewed_instead_of_going_on(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 9)
    record(application, 10, D(2023, 6, 1), staff, political_review_result="failed")
    assert application.next_step == 10
    message = refused(
        application_record_step,
        application=application,
        step=11,
        on=D(2023, 6, 10),
        actor=staff,
        training_days=3,
    )
    assert "步骤顺序" in message
    record(application, 10, D(2023, 9, 1), staff, political_review_result="passed")
    assert application.next_step == 11


def test_an_expired_political_review_is_renewed_before_the_admission_meeting(
    today: Any, branch: Organization, staff: Any
) -> None:
    steps = plan(branch)
    application = submit(branch, staff)
    walk(application, staff, 14, steps)
    message = refused(
        application_record_step,
        application=application,
        step=15,
        on=D(2024, 6, 5),
        actor=staff,
        **vote(),
    )
    assert "政治审查" in message
    record(application, 10, D(2024, 6, 1), staff, political_review_result="passed")
    assert application.next_step == 15 and application.political_review_date == D(2024, 6, 1)
    record(application, 15, D(2024, 6, 5), staff, **vote())
    assert application.last_step == 15


def test_documents_follow_a_corrected_signed_step(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 14)
    form = last(application)
    corrected = step_record_correct(
        record=form,
        reason="补充材料",
        actor=staff,
        on=form.on,
        documents=[pdf("form-page-2.pdf")],
    )
    assert corrected.documents.count() == 2


# --- through the admin and the API ------------------------------------------------------------


def test_admin_corrects_and_voids_the_last_step(world: Any, today: Any) -> None:
    from django.urls import reverse

    from tests.factories import make_id_number

    application = submit(world.branch_a, world.users["staff"], on=D(2026, 11, 1))
    client = world.client("secretary_a")
    talk = record(application, 2, D(2026, 11, 5), world.users["secretary_a"], note="谈话")
    change = client.get(reverse("admin:members_application_change", args=[application.pk]))
    correct_url = reverse("admin:members_application_correct_step", args=[application.pk, talk.pk])
    void_url = reverse("admin:members_application_void_step", args=[application.pk, talk.pk])
    assert correct_url in change.content.decode() and void_url in change.content.decode()
    page = client.get(correct_url).content.decode()
    assert 'value="2026-11-05"' in page and "谈话" in page
    response = client.post(correct_url, {"on": "2026-11-06", "note": "谈话", "reason": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(correct_url, {"on": "2026-11-06", "note": "谈话", "reason": "日期有误"})
    assert response.status_code == 302
    corrected = last(application)
    assert corrected.on == D(2026, 11, 6) and corrected.corrects_id == talk.pk
    void_url = reverse("admin:members_application_void_step", args=[application.pk, corrected.pk])
    assert client.post(void_url, {"reason": "未谈话"}).status_code == 302
    application.refresh_from_db()
    assert application.next_step == 2
    timeline = client.get(reverse("admin:members_application_change", args=[application.pk]))
    page = timeline.content.decode()
    assert "已作废" in page and "未谈话" in page and "日期有误" in page
    other = submit(
        world.branch_b,
        world.users["staff"],
        on=D(2026, 11, 1),
        id_number=make_id_number(D(1995, 6, 1), 33),
    )
    url = reverse("admin:members_application_void_step", args=[other.pk, last(other).pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_api_corrects_and_voids_the_last_step(world: Any, today: Any) -> None:
    from rest_framework.test import APIClient

    from tests.factories import make_id_number

    application = submit(world.branch_a, world.users["staff"], on=D(2026, 11, 1))
    other = submit(
        world.branch_b,
        world.users["staff"],
        on=D(2026, 11, 1),
        id_number=make_id_number(D(1995, 6, 1), 33),
    )
    client = APIClient()
    client.force_authenticate(world.users["secretary_a"])
    talk = record(application, 2, D(2026, 11, 5), world.users["secretary_a"])
    base = f"/api/v1/applications/{application.pk}/steps/{talk.pk}"
    response = client.post(
        f"{base}/correct/", {"on": "2026-10-01", "reason": "日期"}, format="json"
    )
    assert response.status_code == 400 and "2026-11-01" in str(response.json())
    response = client.post(
        f"{base}/correct/", {"on": "2026-11-06", "reason": "日期"}, format="json"
    )
    assert response.status_code == 200
    corrected = response.json()
    assert corrected["on"] == "2026-11-06" and corrected["corrects"] == talk.pk
    response = client.post(f"{base}/void/", {"reason": "重复"}, format="json")
    assert response.status_code == 400 and "已作废" in str(response.json())
    url = f"/api/v1/applications/{application.pk}/steps/{corrected['id']}/void/"
    assert client.post(url, {}, format="json").status_code == 400
    response = client.post(url, {"reason": "未谈话"}, format="json")
    assert response.status_code == 200 and response.json()["void_reason"] == "未谈话"
    detail = client.get(f"/api/v1/applications/{application.pk}/").json()
    assert detail["next_step"] == 2
    assert [s["voided_at"] is not None for s in detail["steps"]] == [False, True, True]
    other_url = f"/api/v1/applications/{other.pk}/steps/{last(other).pk}/void/"
    assert client.post(other_url, {"reason": "x"}, format="json").status_code == 404
    mixed = f"/api/v1/applications/{application.pk}/steps/{last(other).pk}/void/"
    assert client.post(mixed, {"reason": "x"}, format="json").status_code == 404
    assert last(other).voided_at is None
