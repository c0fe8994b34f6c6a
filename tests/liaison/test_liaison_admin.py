"""The liaison admin as its users see it: the case page's timeline and transition buttons,
read-only service fields, opening a case from a visit, the meeting record, and scope."""

from collections.abc import Callable
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from liaison import services
from liaison.models import Case, Officer
from orgs.models import Enterprise
from tests.factories import DecisionFactory, JointMeetingFactory, VisitFactory
from tests.liaison.conftest import advance

Login = Callable[[Officer], Client]


def change_url(case: Case) -> str:
    return reverse("admin:liaison_case_change", args=[case.pk])


def test_case_page_shows_timeline_and_next_steps(
    case: Case, commissioner: Officer, client_for: Login
) -> None:
    services.case_grade(case=case, grade=Case.Grade.URGENT, actor=commissioner.user)
    page = client_for(commissioner).get(change_url(case)).content.decode()
    assert "zhuanyuan" in page  # the timeline's actor column
    assert reverse("admin:liaison_case_transition", args=[case.pk, "dispatch"]) in page
    assert reverse("admin:liaison_case_transition", args=[case.pk, "close"]) not in page
    # Fields the services own are shown, not editable.
    assert 'name="status"' not in page
    assert 'name="due_at"' not in page
    assert 'name="grade"' not in page


def test_grading_through_the_admin(case: Case, commissioner: Officer, client_for: Login) -> None:
    url = reverse("admin:liaison_case_transition", args=[case.pk, "grade"])
    client = client_for(commissioner)
    assert client.get(url).status_code == 200
    response = client.post(url, {"grade": Case.Grade.GENERAL, "note": "一般诉求"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.GRADED
    assert case.due_at is not None
    assert case.events.last().note == "一般诉求"


def test_refused_transition_shows_the_reason_and_changes_nothing(
    case: Case, commissioner: Officer, client_for: Login
) -> None:
    url = reverse("admin:liaison_case_transition", args=[case.pk, "accept"])
    response = client_for(commissioner).post(url, {"note": ""})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED
    assert case.events.count() == 1


def test_adding_a_case_registers_it(
    enterprise: Enterprise, commissioner: Officer, client_for: Login
) -> None:
    response = client_for(commissioner).post(
        reverse("admin:liaison_case_add"),
        {
            "enterprise": enterprise.pk,
            "officer": commissioner.pk,
            "title": "主播培训场地不足",
            "description": "希望协调培训教室。",
            "category": Case.Category.TALENT,
            "registered_at_0": "2026-03-02",
            "registered_at_1": "09:30:00",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title="主播培训场地不足")
    assert case.status == Case.Status.REGISTERED
    assert case.events.get().action == "register"


def test_outsider_gets_404_and_does_not_see_the_case(
    case: Case, outsider: Officer, client_for: Login
) -> None:
    client = client_for(outsider)
    assert client.get(change_url(case)).status_code == 404
    transition = reverse("admin:liaison_case_transition", args=[case.pk, "grade"])
    assert client.get(transition).status_code == 404
    assert client.post(transition, {"grade": "urgent"}).status_code == 404
    changelist = client.get(reverse("admin:liaison_case_changelist"))
    assert changelist.status_code == 200
    assert case.title not in changelist.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED


def test_owner_sees_the_case_in_the_changelist(
    case: Case, commissioner: Officer, client_for: Login
) -> None:
    changelist = client_for(commissioner).get(reverse("admin:liaison_case_changelist"))
    assert case.title in changelist.content.decode()
    assert reverse("admin:liaison_case_figures") in changelist.content.decode()


def test_visit_action_opens_a_prefilled_case(
    enterprise: Enterprise, commissioner: Officer, client_for: Login
) -> None:
    visit = VisitFactory(officer=commissioner, enterprise=enterprise)
    client = client_for(commissioner)
    response = client.post(
        reverse("admin:liaison_visit_changelist"),
        {"action": "open_case", "_selected_action": [visit.pk]},
    )
    assert response.status_code == 302
    query = parse_qs(urlparse(response["Location"]).query)
    assert query["visit"] == [str(visit.pk)]
    assert query["title"] == ["快递单价偏高"]
    add_page = client.get(response["Location"]).content.decode()
    assert "快递单价偏高" in add_page
    assert "希望园区统一协调" in add_page


def test_outsider_cannot_open_another_officers_visit(
    enterprise: Enterprise, commissioner: Officer, outsider: Officer, client_for: Login
) -> None:
    visit = VisitFactory(officer=commissioner, enterprise=enterprise)
    client = client_for(outsider)
    assert client.get(reverse("admin:liaison_visit_change", args=[visit.pk])).status_code == 404
    listing = client.get(reverse("admin:liaison_visit_changelist")).content.decode()
    assert enterprise.name not in listing


def test_meeting_record_prints_agenda_and_decisions(
    case: Case, commissioner: Officer, red_leader: Officer, client_for: Login
) -> None:
    advance(case, Case.Status.ESCALATED, commissioner.user)
    meeting = JointMeetingFactory(convener=red_leader, minutes="会议研究了快递单价问题。")
    services.meeting_build_agenda(meeting=meeting, cases=Case.objects.all(), actor=None)
    DecisionFactory(meeting=meeting, case=case, text="协调快递企业统一降价")
    client = client_for(red_leader)
    change = client.get(reverse("admin:liaison_jointmeeting_change", args=[meeting.pk]))
    print_url = reverse("admin:liaison_jointmeeting_print", args=[meeting.pk])
    assert print_url in change.content.decode()
    page = client.get(print_url).content.decode()
    assert "协调快递企业统一降价" in page
    assert case.title in page
    assert "会议研究了快递单价问题。" in page
    assert "<script" not in page
    assert "http://" not in page and "https://" not in page


def test_outsider_cannot_print_the_meeting(
    red_leader: Officer, outsider: Officer, client_for: Login
) -> None:
    meeting = JointMeetingFactory(convener=red_leader)
    url = reverse("admin:liaison_jointmeeting_print", args=[meeting.pk])
    assert client_for(outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_decision_actions_complete_and_close_the_case(
    case: Case, commissioner: Officer, red_leader: Officer, client_for: Login
) -> None:
    advance(case, Case.Status.ESCALATED, commissioner.user)
    decision = DecisionFactory(meeting=JointMeetingFactory(convener=red_leader), case=case)
    response = client_for(red_leader).post(
        reverse("admin:liaison_decision_changelist"),
        {"action": "complete_and_close_case", "_selected_action": [decision.pk]},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    case.refresh_from_db()
    assert decision.status == decision.Status.DONE
    assert case.status == Case.Status.CLOSED
    assert case.events.last().action == "close_by_decision"
