"""The blocking rules of membership development: each refuses its step with a message naming
the rule (and, where there is one, the earliest possible date) and writes nothing; the full
path 1→25 with the hand-over to the roster; extension and cancellation."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from members.development import application_record_step
from members.models import Application, Member, RuleSet
from orgs.models import Organization
from tests.conftest import make_user
from tests.factories import MemberFactory
from tests.members.development_support import D, plan, state, submit, today, vote, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(committee: Organization) -> Any:
    return make_user("dev_staff", "committee_staff", committee)


@pytest.fixture
def secretary(branch: Organization) -> Any:
    return make_user("dev_secretary", "branch_secretary", branch)


def refused(application: Application, step: int, on: datetime.date, actor: Any, **kw: Any) -> str:
    before = state(application)
    with pytest.raises(ValidationError) as error:
        application_record_step(application=application, step=step, on=on, actor=actor, **kw)
    assert state(application) == before
    return " ".join(error.value.messages)


def at(application: Application, step: int, staff: Any, **overrides: Any) -> Application:
    """The application walked to the step before ``step``."""
    walk(application, staff, step - 1)
    return application


def test_applicant_must_be_eighteen(today: Any, branch: Organization, staff: Any) -> None:
    birth = D(2005, 9, 1)
    from tests.factories import make_id_number

    with pytest.raises(ValidationError) as error:
        submit(branch, staff, on=D(2023, 5, 1), birth_date=birth, id_number=make_id_number(birth))
    message = " ".join(error.value.messages)
    assert "年龄要求" in message and "2023-09-01" in message
    assert Application.objects.count() == 0


def test_applicant_steps_need_the_signed_document(
    today: Any, branch: Organization, staff: Any
) -> None:
    with pytest.raises(ValidationError, match="本人签名材料"):
        submit(branch, staff, documents=[])
    application = at(submit(branch, staff), 14, staff)
    assert "本人签名材料" in refused(application, 14, D(2023, 7, 15), staff)


def test_document_type_and_size_are_checked(
    today: Any, branch: Organization, staff: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("letter.exe", b"MZ")
    with pytest.raises(ValidationError, match="PDF、JPG、PNG或DOCX"):
        submit(branch, staff, documents=[exe])
    settings.DANGJIAN_DOCUMENT_MAX_BYTES = 4
    with pytest.raises(ValidationError, match="文件大小超过"):
        submit(branch, staff)
    assert Application.objects.count() == 0


def test_steps_are_recorded_in_order(today: Any, branch: Organization, staff: Any) -> None:
    application = submit(branch, staff)
    message = refused(application, 3, D(2022, 4, 1), staff)
    assert "步骤顺序" in message and "2 党组织派人谈话" in message
    message = refused(application, 2, D(2022, 2, 1), staff)
    assert "步骤顺序" in message and "2022-03-01" in message


def test_committee_steps_are_recorded_by_committee_staff(
    today: Any, branch: Organization, staff: Any, secretary: Any
) -> None:
    application = at(submit(branch, staff), 4, staff)
    assert "上级党委步骤" in refused(application, 4, D(2022, 4, 25), secretary)
    application_record_step(application=application, step=4, on=D(2022, 4, 25), actor=staff)


def test_activist_cannot_become_candidate_before_one_year(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 7, staff)
    message = refused(application, 7, D(2023, 4, 14), staff)
    assert "培养期限" in message and "2023-04-15" in message


def test_cultivation_contacts_are_one_or_two_full_members(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 5, staff)
    probationary = MemberFactory(branch=branch, category="probationary", full_membership_date=None)
    assert "培养联系人" in refused(application, 5, D(2022, 5, 5), staff, contacts=[])
    message = refused(application, 5, D(2022, 5, 5), staff, contacts=[probationary])
    assert "培养联系人" in message


def test_introducers_are_two_full_members_not_on_probation(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 9, staff)
    full = MemberFactory(branch=branch)
    probationary = MemberFactory(
        branch=branch, name="预备甲", category="probationary", full_membership_date=None
    )
    message = refused(application, 9, D(2023, 5, 20), staff, introducers=[full, full])
    assert "入党介绍人" in message
    message = refused(application, 9, D(2023, 5, 20), staff, introducers=[full, probationary])
    assert "入党介绍人" in message and "预备甲" in message
    sanctioned = MemberFactory(branch=branch, name="处分乙", discipline_until=D(2099, 1, 1))
    message = refused(application, 9, D(2023, 5, 20), staff, introducers=[full, sanctioned])
    assert "入党介绍人" in message and "处分乙" in message


def test_candidate_filing_waits_for_a_five_working_day_notice(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 8, staff)
    message = refused(application, 8, D(2023, 5, 15), staff)
    assert "公示" in message
    short = {"notice_start": D(2023, 5, 8), "notice_end": D(2023, 5, 11)}
    message = refused(application, 8, D(2023, 5, 15), staff, **short)
    assert "公示" in message and "2023-05-13" in message
    running = {"notice_start": D(2023, 5, 8), "notice_end": D(2023, 5, 12)}
    message = refused(application, 8, D(2023, 5, 12), staff, **running)
    assert "公示" in message and "2023-05-13" in message


def test_notice_over_national_day_counts_the_make_up_working_day(
    today: Any, branch: Organization, staff: Any
) -> None:
    """29, 30 Sep, 8, 9 Oct and the make-up Saturday 10 Oct 2026 are five working days; the
    holiday 1–7 Oct is not counted."""
    application = at(submit(branch, staff), 8, staff)
    application.steps.update(on=D(2026, 9, 1))  # move the history next to the holiday
    application.steps.filter(step=1).update(on=D(2025, 1, 1))
    notice = {"notice_start": D(2026, 9, 29), "notice_end": D(2026, 10, 9)}
    message = refused(application, 8, D(2026, 10, 12), staff, **notice)
    assert "4个工作日" in message and "2026-10-11" in message
    notice["notice_end"] = D(2026, 10, 10)
    application_record_step(
        application=application, step=8, on=D(2026, 10, 11), actor=staff, **notice
    )


def test_training_of_three_days_or_24_hours_before_branch_review(
    today: Any, branch: Organization, staff: Any
) -> None:
    steps = plan(branch)
    steps[11] = (D(2023, 6, 10), {"training_days": 2, "training_hours": 16})
    application = submit(branch, staff)
    walk(application, staff, 11, steps)
    assert "集中培训" in refused(application, 12, D(2023, 7, 1), staff)


def test_admission_vote_counts_against_members_entitled(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 15, staff)
    # 5 of 10 entitled present is no quorum, though all present voted for.
    message = refused(application, 15, D(2023, 8, 1), staff, **vote(10, 5, 5))
    assert "到会人数过半数" in message
    # 6 present, 5 for: a majority of those present but not of the 10 entitled.
    message = refused(application, 15, D(2023, 8, 1), staff, **vote(10, 6, 5))
    assert "赞成票过半数" in message and "Quorum" not in message


def test_political_review_older_than_a_year_blocks_admission(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 15, staff)
    application.steps.filter(step=10).update(on=D(2022, 6, 1))
    Application.objects.filter(pk=application.pk).update(political_review_date=D(2022, 6, 1))
    assert "政治审查" in refused(application, 15, D(2023, 8, 1), staff, **vote())


def test_conversion_meeting_waits_for_the_end_of_probation(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 23, staff)
    details = plan(branch)[23][1]
    message = refused(application, 23, D(2024, 7, 31), staff, **details)
    assert "预备期" in message and "2024-08-01" in message


def test_full_path_from_application_to_archive(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    assert application.rule_set.code == "2014"
    walk(application, staff, 16)
    assert application.member is None and application.stage == Application.Stage.ADMISSION
    walk(application, staff, 17)
    member = application.member
    assert member is not None
    assert member.category == Member.Category.PROBATIONARY
    assert member.admission_date == D(2023, 8, 1)
    assert member.id_number == application.id_number
    walk(application, staff, 25)
    member.refresh_from_db()
    assert member.category == Member.Category.FULL
    assert member.full_membership_date == D(2024, 8, 1)
    assert application.outcome == Application.Outcome.FULL
    assert application.stage == Application.Stage.CONVERSION
    assert application.next_step is None and application.due_on is None
    assert application.steps.count() == 25
    assert application.steps.get(step=1).documents.count() == 1


def test_extension_once_then_conversion(today: Any, branch: Organization, staff: Any) -> None:
    application = at(submit(branch, staff), 23, staff)
    extend = {"conversion_outcome": "extend", **vote()}
    message = refused(application, 23, D(2024, 8, 1), staff, extension_months=3, **extend)
    assert "延长预备期" in message
    record = application_record_step
    record(application=application, step=23, on=D(2024, 8, 1), actor=staff,
           extension_months=6, **extend)  # fmt: skip
    record(application=application, step=24, on=D(2024, 9, 1), actor=staff)
    application.refresh_from_db()
    assert application.member.category == Member.Category.PROBATIONARY
    assert (application.due_step, application.due_on) == (23, D(2025, 2, 1))
    record(application=application, step=21, on=D(2024, 12, 1), actor=staff)
    message = refused(application, 23, D(2025, 2, 1), staff, extension_months=6, **extend)
    assert "只能延长一次" in message
    convert = {
        "conversion_outcome": "convert",
        "notice_start": D(2025, 1, 6),
        "notice_end": D(2025, 1, 10),
        **vote(),
    }
    assert "预备期" in refused(application, 23, D(2025, 1, 31), staff, **convert)
    record(application=application, step=23, on=D(2025, 2, 3), actor=staff, **convert)
    record(application=application, step=24, on=D(2025, 3, 1), actor=staff)
    member = Member.objects.get(pk=application.member.pk)
    assert member.category == Member.Category.FULL
    assert member.full_membership_date == D(2025, 2, 1)


def test_cancellation_ends_the_probationary_membership(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at(submit(branch, staff), 23, staff)
    cancel = {"conversion_outcome": "cancel", **vote()}
    application_record_step(
        application=application, step=23, on=D(2024, 7, 15), actor=staff, **cancel
    )
    application_record_step(application=application, step=24, on=D(2024, 8, 1), actor=staff)
    application.refresh_from_db()
    assert application.outcome == Application.Outcome.CANCELLED
    assert application.member.status == Member.Status.LAPSED
    assert application.member.category == Member.Category.PROBATIONARY
    assert application.due_on is None and application.next_step == 25


def test_each_application_records_its_rule_set(
    today: Any, branch: Organization, staff: Any
) -> None:
    old = submit(branch, staff, on=D(2026, 4, 1), rule_set=None)
    from tests.factories import make_id_number

    new = submit(
        branch, staff, on=D(2026, 6, 1), rule_set=None, id_number=make_id_number(D(1995, 6, 1), 33)
    )
    assert old.rule_set.code == "2014"
    assert new.rule_set.code == "2026-05"
    assert RuleSet.objects.get(code="2026-05").text_confirmed is False
