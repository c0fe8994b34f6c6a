"""The joint meeting is the industry's: every red-leader secretary and committee staff see the
cases escalated to it, whichever park they come from; a meeting is seen by its convener, its
attendees and its creator; and a case shown inside a meeting or a decision is named only to
those who may see the case itself. Tested as the demo's roles use it, in the admin and the API."""

import pytest
from django.urls import reverse
from django.utils import translation

from liaison import services
from liaison.models import Case, JointMeeting, Officer
from orgs.edits import row_version
from tests.factories import AssignmentFactory, EnterpriseFactory, ParkFactory
from tests.liaison.conftest import DemoRoles, make_officer

OUT_OF_SCOPE = "权限范围外的诉求"


@pytest.fixture(autouse=True)
def chinese() -> None:
    translation.activate("zh-hans")


def case_titles(page: str, *cases: Case) -> set[str]:
    return {case.title for case in cases if case.title in page}


# --- item 4: the red-leader secretary supervises every escalated case -------------------------


def test_red_leader_sees_every_escalated_case_whichever_park(demo_roles: DemoRoles) -> None:
    d = demo_roles
    everything = (d.shunhe_case, d.escalated_case, d.foreign_case, d.quiet_case)
    page = d.admin(d.redleader).get(reverse("admin:liaison_case_changelist")).content.decode()
    assert case_titles(page, *everything) == {
        d.shunhe_case.title,
        d.escalated_case.title,
        d.foreign_case.title,
    }
    listed = d.api(d.redleader).get("/api/v1/cases/").json()["results"]
    assert {row["id"] for row in listed} == {
        d.shunhe_case.pk,
        d.escalated_case.pk,
        d.foreign_case.pk,
    }
    change = reverse("admin:liaison_case_change", args=[d.foreign_case.pk])
    assert d.admin(d.redleader).get(change).status_code == 200
    quiet = reverse("admin:liaison_case_change", args=[d.quiet_case.pk])
    assert d.admin(d.redleader).get(quiet).status_code == 404


def test_escalated_case_stays_visible_after_the_meeting_accepts_it(demo_roles: DemoRoles) -> None:
    d = demo_roles
    services.case_accept(case=d.foreign_case, actor=d.commissioner03.user)
    listed = d.api(d.redleader).get(f"/api/v1/cases/{d.foreign_case.pk}/")
    assert listed.status_code == 200
    assert listed.json()["status"]["code"] == "accepted"


def test_every_red_leader_and_committee_staff_see_escalated_cases(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    second = make_officer("redleader2", Officer.Role.RED_LEADER, "王书记")
    AssignmentFactory(officer=second, enterprise=None, park=ParkFactory(name="半程家居"))
    for user in (second.user, d.staff):
        ids = {row["id"] for row in d.api(user).get("/api/v1/cases/").json()["results"]}
        assert {d.escalated_case.pk, d.foreign_case.pk} <= ids


def test_commissioner_does_not_see_other_commissioners_escalated_cases(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    page = d.admin(d.commissioner01).get(reverse("admin:liaison_case_changelist")).content.decode()
    assert case_titles(page, d.escalated_case, d.foreign_case) == set()
    url = reverse("admin:liaison_case_change", args=[d.foreign_case.pk])
    assert d.admin(d.commissioner01).get(url).status_code == 404


def test_agenda_picker_offers_every_escalated_case(demo_roles: DemoRoles) -> None:
    d = demo_roles
    response = d.admin(d.redleader).get(
        reverse("admin:autocomplete"),
        {"app_label": "liaison", "model_name": "jointmeeting", "field_name": "cases", "term": ""},
    )
    assert response.status_code == 200
    offered = {int(row["id"]) for row in response.json()["results"]}
    assert offered == {d.escalated_case.pk, d.foreign_case.pk}


def test_agenda_action_adds_escalated_cases_of_other_parks(demo_roles: DemoRoles) -> None:
    d = demo_roles
    meeting = JointMeeting.objects.create(
        title="临时联席会议", held_at=d.meeting.held_at, convener=d.redleader
    )
    response = d.admin(d.redleader).post(
        reverse("admin:liaison_jointmeeting_changelist"),
        {"action": "build_agenda", "_selected_action": [meeting.pk]},
    )
    assert response.status_code == 302
    assert set(meeting.cases.all()) == {d.escalated_case, d.foreign_case}


def test_red_leader_figures_cover_his_park_and_every_escalated_case(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    response = d.admin(d.redleader).get(reverse("admin:liaison_case_figures"))
    assert response.status_code == 200
    tables = dict(response.context["tables"])
    total = next(rows for title, rows in tables.items() if str(title) == "全部诉求")
    assert total[0].total == 3
    parks = {row.key for rows in tables.values() for row in rows}
    assert {"顺和直播电商科技产业园", "齐鲁e谷", "临西电商产业园"} <= parks


# --- item 2: a new meeting stays visible to its creator ---------------------------------------


def meeting_form(convener: Officer, **extra: object) -> dict[str, object]:
    return {
        "title": "2027年第一季度联席会议",
        "held_at_0": "2027-01-20",
        "held_at_1": "14:30:00",
        "location": "党群服务中心",
        "convener": convener.pk,
        "attending_units": "",
        "minutes": "",
        "decisions-TOTAL_FORMS": "0",
        "decisions-INITIAL_FORMS": "0",
        **extra,
    }


def test_new_meeting_proposes_the_signed_in_officer_as_convener(demo_roles: DemoRoles) -> None:
    d = demo_roles
    page = d.admin(d.redleader).get(reverse("admin:liaison_jointmeeting_add"))
    assert page.context["adminform"].form.initial["convener"] == str(d.redleader.pk)


def test_creator_sees_a_meeting_convened_by_another_officer(demo_roles: DemoRoles) -> None:
    d = demo_roles
    client = d.admin(d.redleader)
    response = client.post(
        reverse("admin:liaison_jointmeeting_add"),
        meeting_form(d.commissioner01, _continue="1"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = JointMeeting.objects.get(title="2027年第一季度联席会议")
    assert meeting.created_by == d.redleader.user
    assert client.get(response["Location"]).status_code == 200
    listing = client.get(reverse("admin:liaison_jointmeeting_changelist")).content.decode()
    assert meeting.title in listing
    detail = d.api(d.redleader).get(f"/api/v1/meetings/{meeting.pk}/")
    assert detail.status_code == 200


def test_editor_who_leaves_the_meeting_lands_on_the_list(demo_roles: DemoRoles) -> None:
    d = demo_roles
    park = ParkFactory(name="半程家居")
    second = make_officer("redleader2", Officer.Role.RED_LEADER, "王书记")
    AssignmentFactory(officer=second, enterprise=None, park=park)
    convener = make_officer("commissioner09", Officer.Role.COMMISSIONER, "专员9")
    AssignmentFactory(officer=convener, enterprise=EnterpriseFactory(park=park))
    meeting = JointMeeting.objects.create(
        title="2027年第一季度联席会议",
        held_at=d.meeting.held_at,
        convener=convener,
        created_by=d.redleader.user,
    )
    meeting.attendees.set([second])
    client = d.admin(second)
    url = reverse("admin:liaison_jointmeeting_change", args=[meeting.pk])
    data = meeting_form(convener, _continue="1", row_version=row_version(meeting))
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:liaison_jointmeeting_changelist")
    assert not meeting.attendees.exists()


# --- item 5: related cases follow their own scope ---------------------------------------------


def test_decision_api_does_not_name_an_out_of_scope_case(demo_roles: DemoRoles) -> None:
    d = demo_roles
    api = d.api(d.commissioner02)
    foreign = api.get(f"/api/v1/decisions/{d.decision_on_foreign_case.pk}/")
    assert foreign.status_code == 200
    assert foreign.json()["case"] is None
    assert foreign.json()["case_title"] == OUT_OF_SCOPE
    assert d.foreign_case.title not in foreign.content.decode()
    own = api.get(f"/api/v1/decisions/{d.decision_on_escalated_case.pk}/").json()
    assert (own["case"], own["case_title"]) == (d.escalated_case.pk, d.escalated_case.title)
    listed = api.get("/api/v1/decisions/")
    assert d.foreign_case.title not in listed.content.decode()
    assert {row["case"] for row in listed.json()["results"]} == {None, d.escalated_case.pk}


def test_meeting_api_lists_out_of_scope_agenda_items_without_their_title(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    response = d.api(d.commissioner02).get(f"/api/v1/meetings/{d.meeting.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["cases"] == [d.escalated_case.pk]
    assert sorted(body["agenda"], key=lambda row: row["id"] or 0) == [
        {"id": None, "title": OUT_OF_SCOPE},
        {"id": d.escalated_case.pk, "title": d.escalated_case.title},
    ]
    assert d.foreign_case.title not in response.content.decode()
    full = d.api(d.redleader).get(f"/api/v1/meetings/{d.meeting.pk}/").json()
    assert sorted(full["cases"]) == sorted([d.escalated_case.pk, d.foreign_case.pk])


def test_meeting_page_does_not_name_out_of_scope_cases(demo_roles: DemoRoles) -> None:
    d = demo_roles
    url = reverse("admin:liaison_jointmeeting_change", args=[d.meeting.pk])
    page = d.admin(d.commissioner02).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert d.foreign_case.title not in html
    assert d.escalated_case.title in html
    assert OUT_OF_SCOPE in html


def test_decision_page_does_not_name_an_out_of_scope_case(demo_roles: DemoRoles) -> None:
    d = demo_roles
    url = reverse("admin:liaison_decision_change", args=[d.decision_on_foreign_case.pk])
    page = d.admin(d.commissioner02).get(url)
    assert page.status_code == 200
    assert d.foreign_case.title not in page.content.decode()
    assert OUT_OF_SCOPE in page.content.decode()
    listing = d.admin(d.commissioner02).get(reverse("admin:liaison_decision_changelist"))
    assert d.foreign_case.title not in listing.content.decode()


def test_meeting_record_does_not_name_out_of_scope_cases(demo_roles: DemoRoles) -> None:
    d = demo_roles
    url = reverse("admin:liaison_jointmeeting_print", args=[d.meeting.pk])
    page = d.admin(d.commissioner02).get(url).content.decode()
    assert d.foreign_case.title not in page
    assert d.escalated_case.title in page
    assert OUT_OF_SCOPE in page
    assert d.foreign_case.title in d.admin(d.redleader).get(url).content.decode()


def test_meeting_record_needs_the_view_permission(demo_roles: DemoRoles) -> None:
    d = demo_roles
    d.commissioner02.user.groups.clear()
    url = reverse("admin:liaison_jointmeeting_print", args=[d.meeting.pk])
    assert d.admin(d.commissioner02).get(url).status_code == 403


def test_meeting_record_outside_scope_is_404(demo_roles: DemoRoles) -> None:
    d = demo_roles
    url = reverse("admin:liaison_jointmeeting_print", args=[d.meeting.pk])
    assert d.admin(d.commissioner01).get(url).status_code == 404


def test_attending_commissioner_does_not_see_the_other_agenda_cases(
    demo_roles: DemoRoles,
) -> None:
    """A commissioner who attends a meeting sees it, not the other agenda cases themselves."""
    d = demo_roles
    url = reverse("admin:liaison_case_change", args=[d.foreign_case.pk])
    assert d.admin(d.commissioner02).get(url).status_code == 404
    assert d.api(d.commissioner02).get(f"/api/v1/cases/{d.foreign_case.pk}/").status_code == 404
