"""Reassignment, the visit period flag, the meeting agenda and decision follow-up."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison import selectors, services
from liaison.models import Assignment, Case, Decision, Officer
from orgs.edits import row_version
from orgs.models import AuditEntry, Enterprise
from tests.factories import DecisionFactory, JointMeetingFactory, VisitFactory
from tests.liaison.conftest import advance, make_officer

Login = Callable[[Officer], Client]
ON = datetime.date(2026, 7, 1)


def test_reassignment_closes_the_old_assignment_and_moves_open_cases(
    case: Case, commissioner: Officer, enterprise: Enterprise
) -> None:
    advance(case, Case.Status.IN_PROGRESS, commissioner.user)
    successor = make_officer("xinren", Officer.Role.COMMISSIONER, "赵专员")
    new = services.assignment_reassign(
        enterprise=enterprise, to_officer=successor, on=ON, actor=commissioner.user
    )
    old = Assignment.objects.get(officer=commissioner, enterprise=enterprise)
    assert old.ends_on == datetime.date(2026, 6, 30)
    assert (new.officer, new.starts_on, new.ends_on) == (successor, ON, None)
    case.refresh_from_db()
    assert case.officer == successor
    assert case.events.last().action == "reassign"
    assert AuditEntry.objects.filter(object_id=str(case.pk), bulk=True).exists()


def test_reassignment_to_the_same_officer_is_refused(
    commissioner: Officer, enterprise: Enterprise
) -> None:
    with pytest.raises(ValidationError):
        services.assignment_reassign(
            enterprise=enterprise, to_officer=commissioner, on=ON, actor=None
        )


def test_reassign_page_of_the_admin(
    commissioner: Officer, enterprise: Enterprise, admin_client: Client
) -> None:
    successor = make_officer("xinren", Officer.Role.COMMISSIONER, "赵专员")
    assignment = Assignment.objects.get(officer=commissioner)
    url = reverse("admin:liaison_assignment_reassign", args=[assignment.pk])
    response = admin_client.post(url, {"to_officer": successor.pk, "on": "2026-07-01"})
    assert response.status_code == 302
    assert Assignment.objects.filter(officer=successor, enterprise=enterprise).exists()


def test_enterprises_not_visited_in_the_period_are_flagged(
    commissioner: Officer, enterprise: Enterprise, admin_client: Client, settings: object
) -> None:
    today = datetime.date.today()
    due = selectors.enterprises_due_for_visit(Enterprise.objects.all(), today)
    assert list(due) == [enterprise]
    VisitFactory(officer=commissioner, enterprise=enterprise, visited_on=today)
    assert not selectors.enterprises_due_for_visit(Enterprise.objects.all(), today).exists()
    flagged = admin_client.get(reverse("admin:liaison_assignment_changelist") + "?visit_due=yes")
    assert enterprise.name not in flagged.content.decode()
    recent = admin_client.get(reverse("admin:liaison_assignment_changelist") + "?visit_due=no")
    assert enterprise.name in recent.content.decode()


def test_old_visit_does_not_count(commissioner: Officer, enterprise: Enterprise) -> None:
    today = datetime.date.today()
    VisitFactory(
        officer=commissioner, enterprise=enterprise, visited_on=today - datetime.timedelta(91)
    )
    due = selectors.enterprises_due_for_visit(Enterprise.objects.all(), today)
    assert list(due) == [enterprise]


def test_agenda_takes_escalated_cases_only(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    meeting = JointMeetingFactory(convener=red_leader)
    assert services.meeting_build_agenda(meeting=meeting, cases=Case.objects.all(), actor=None) == 0
    advance(case, Case.Status.ESCALATED, commissioner.user)
    assert services.meeting_build_agenda(meeting=meeting, cases=Case.objects.all(), actor=None) == 1
    assert services.meeting_build_agenda(meeting=meeting, cases=Case.objects.all(), actor=None) == 0
    assert list(meeting.cases.all()) == [case]


def test_supervision_until_the_decision_is_done(red_leader: Officer) -> None:
    decision = DecisionFactory(meeting=JointMeetingFactory(convener=red_leader))
    services.decision_supervise(decision=decision, note="已电话督促", actor=red_leader.user)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.IN_PROGRESS
    services.decision_complete(decision=decision, close_case=False, actor=red_leader.user)
    with pytest.raises(ValidationError):
        services.decision_supervise(decision=decision, note="再次督促", actor=red_leader.user)
    assert decision.supervision_notes.count() == 1


def test_supervision_note_through_the_decision_page(red_leader: Officer, client_for: Login) -> None:
    decision = DecisionFactory(meeting=JointMeetingFactory(convener=red_leader))
    url = reverse("admin:liaison_decision_change", args=[decision.pk])
    response = client_for(red_leader).post(
        url,
        {
            "meeting": decision.meeting.pk,
            "text": decision.text,
            "responsible_unit": decision.responsible_unit,
            "deadline": "2026-12-31",
            "row_version": row_version(decision),
            "supervision_notes-TOTAL_FORMS": "1",
            "supervision_notes-INITIAL_FORMS": "0",
            "supervision_notes-0-note": "已现场督办",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    note = decision.supervision_notes.get()
    assert (note.note, note.actor) == ("已现场督办", red_leader.user)


def test_closing_a_decision_without_a_case_refuses_to_close_a_case(red_leader: Officer) -> None:
    decision = DecisionFactory(meeting=JointMeetingFactory(convener=red_leader))
    with pytest.raises(ValidationError):
        services.decision_complete(decision=decision, close_case=True, actor=red_leader.user)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN
