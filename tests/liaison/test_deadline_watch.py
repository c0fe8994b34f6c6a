"""The deadline watch flags late cases and decisions and mails each missed deadline once."""

import datetime

import pytest
from django.core import mail

from liaison import services, tasks
from liaison.models import Case, DeadlineNotice, Officer
from tests.factories import DecisionFactory, JointMeetingFactory
from tests.liaison.conftest import advance

LATER = datetime.timedelta(days=30)


def test_late_case_is_flagged_and_mailed_once(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    advance(case, Case.Status.IN_PROGRESS, commissioner.user)
    now = case.due_at + datetime.timedelta(minutes=1)
    assert services.deadlines_sweep(now=now) == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["hongling@example.org", "zhuanyuan@example.org"]
    assert case.title in mail.outbox[0].subject
    case.refresh_from_db()
    assert case.overdue
    assert services.deadlines_sweep(now=now + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1
    assert DeadlineNotice.objects.count() == 1


def test_a_new_deadline_missed_again_is_mailed_again(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    advance(case, Case.Status.IN_PROGRESS, commissioner.user)
    services.deadlines_sweep(now=case.due_at + datetime.timedelta(minutes=1))
    services.case_approve_extension(case=case, actor=red_leader.user)
    services.case_extend(
        case=case, until=case.due_at + datetime.timedelta(days=2), actor=commissioner.user
    )
    case.refresh_from_db()
    assert not case.overdue
    assert services.deadlines_sweep(now=case.due_at - datetime.timedelta(hours=1)) == 0
    assert services.deadlines_sweep(now=case.due_at + datetime.timedelta(hours=1)) == 1
    assert len(mail.outbox) == 2


def test_answered_case_is_not_late(case: Case, commissioner: Officer) -> None:
    advance(case, Case.Status.ANSWERED, commissioner.user)
    assert services.deadlines_sweep(now=case.due_at + LATER) == 0
    assert mail.outbox == []


def test_late_decision_mails_convener_and_commissioner(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    decision = DecisionFactory(
        meeting=JointMeetingFactory(convener=red_leader),
        case=case,
        deadline=datetime.date(2026, 10, 9),
    )
    now = datetime.datetime(2026, 10, 12, 9, 0, tzinfo=datetime.UTC)
    assert services.deadlines_sweep(now=now) == 1
    assert sorted(mail.outbox[0].to) == ["hongling@example.org", "zhuanyuan@example.org"]
    decision.refresh_from_db()
    assert decision.overdue
    assert services.deadlines_sweep(now=now) == 0
    services.decision_complete(decision=decision, close_case=False, actor=red_leader.user)
    assert services.deadlines_sweep(now=now) == 0
    decision.refresh_from_db()
    assert not decision.overdue


@pytest.mark.django_db
def test_task_runs_the_sweep_and_is_idempotent(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    advance(case, Case.Status.ACCEPTED, commissioner.user)
    Case.objects.filter(pk=case.pk).update(due_at=case.registered_at)
    assert tasks.sweep_overdue() == 1
    assert tasks.sweep_overdue() == 0
    assert len(mail.outbox) == 1


def test_beat_runs_the_sweep() -> None:
    from django.conf import settings

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "liaison.tasks.sweep_overdue" in tasks_scheduled
