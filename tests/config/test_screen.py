"""The exhibition-hall screen: its figures equal hand-counted values on a small fixed world, in
a pinned number of queries; the snapshot task keeps one row per period; who may open the page
and its data (committee staff, the superuser, an active display token — and the token nowhere
else); and no personal data in the page or its JSON."""

import datetime
import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.models import DisplayToken, ScreenSnapshot
from config.screen import figures
from config.screen.services import (
    KEEP,
    PERIOD,
    display_token_create,
    display_token_revoke,
    snapshot_take,
)
from config.tasks import take_screen_snapshot
from liaison.models import Case
from members.models import Application, BranchMeeting, DuesPayment, Member
from merchants.models import Streamer
from orgs.audit import AuditEntry
from orgs.models import Alliance, AllianceMembership, Organization
from tests.conftest import World
from tests.factories import (
    BranchMeetingFactory,
    DuesPaymentFactory,
    MemberFactory,
    OrganizationFactory,
    PlaqueFactory,
    SalesReportFactory,
    ShopFactory,
    StreamerFactory,
    TrainingAttendanceFactory,
    TrainingSessionFactory,
)
from tests.members.development_support import submit

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 10, 0))


@pytest.fixture
def hall(world: World) -> World:
    """The scope tests' world, plus: a probationary member, a member converted this year and a
    lapsed one (not counted); two streamers (one with 1.2 million followers, a party member);
    two shops (one integrity shop); one alliance enterprise; three applications (stages 1, 2
    and 5); and one closed case, answered in time, the enterprise satisfied."""
    MemberFactory(
        branch=world.branch_a,
        category=Member.Category.PROBATIONARY,
        admission_date=datetime.date(2026, 3, 1),
        full_membership_date=None,
    )
    MemberFactory(branch=world.branch_a, full_membership_date=datetime.date(2026, 6, 1))
    MemberFactory(branch=world.branch_b, status=Member.Status.LAPSED)
    enterprise = world.enterprise_1
    StreamerFactory(enterprise=enterprise, followers=1_200_000, member=world.member_a)
    StreamerFactory(enterprise=enterprise, followers=1000)
    PlaqueFactory(shop=ShopFactory(enterprise=enterprise))
    ShopFactory(enterprise=enterprise)
    alliance = Alliance.objects.create(name="测试联盟", lead_organization=world.committee)
    AllianceMembership.objects.create(alliance=alliance, enterprise=enterprise)
    staff = world.users["staff"]
    for day in (1, 2, 3):
        submit(world.branch_a, staff, name=f"申请人{day}", birth_date=datetime.date(1995, 6, day))
    stages = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    Application.objects.filter(pk=stages[1]).update(stage=Application.Stage.ACTIVIST)
    Application.objects.filter(pk=stages[2]).update(stage=Application.Stage.CONVERSION)
    registered = NOW - datetime.timedelta(days=40)
    case = world.case_1
    case.registered_at = registered
    case.due_at = registered + datetime.timedelta(days=7)
    case.answered_at = registered + datetime.timedelta(days=2)
    case.satisfaction = Case.Satisfaction.SATISFIED
    case.status = Case.Status.CLOSED
    case.closed_at = registered + datetime.timedelta(days=3)
    case.save()
    Case.objects.filter(pk=world.case_2.pk).update(registered_at=NOW - datetime.timedelta(days=1))
    return world


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_figures_equal_the_hand_counted_values(hall: World) -> None:
    panels = figures.screen_figures(now=NOW)["panels"]
    assert panels["totals"] == {
        "available": True,
        "data": {
            "members_full": 3,  # member_a, member_b, converted this year; the lapsed one not
            "members_probationary": 1,
            "members_full_this_year": 1,
            "branches": 2,
            "parks": 2,  # one per commissioner's enterprise
            "alliance_enterprises": 1,
            "streamers": 2,
            "head_streamers": 1,
            "member_streamers": 1,
            "followers": 1_201_000,
            "shops": 2,
            "integrity_shops": 1,
        },
    }
    assert panels["members_by_branch"]["data"] == [["一支部", 3], ["二支部", 1]]
    assert panels["development"]["data"] == [
        ["applicants", 1],
        ["activists", 1],
        ["candidates", 0],
        ["probationary", 1],
        ["full_this_year", 1],
    ]
    cases = panels["cases"]["data"]
    by_status = dict(cases["by_status"])
    assert by_status["closed"] == 1 and by_status["registered"] == 1
    assert sum(by_status.values()) == 2
    assert cases["total"] == 2
    assert cases["response_rate"] == 1.0  # case_2 has no deadline: not yet due
    assert cases["resolution_rate"] == 0.5
    assert cases["satisfaction_rate"] == 1.0
    trend = cases["trend"]
    assert trend[0][0] == "2025-12"
    assert trend[-1] == ["2026-11", 1, 0]
    assert trend[-2] == ["2026-10", 1, 1]
    assert sum(registered for _month, registered, _closed in trend) == 2
    assert panels["ticker"]["data"] == [[hall.enterprise_1.name, "甲的诉求"]]
    assert panels["plaques"]["data"] == 1
    assert all(panel["available"] for panel in panels.values())


def test_meetings_panel_counts_branch_periods_held_this_quarter(hall: World) -> None:
    # NOW is 2026-11-20: the fourth quarter, two months of it begun. Branch A held its general
    # meeting and lecture, and theme days twice in October (one month, counted once) and one
    # after today; branch B a theme day in November and its general meeting last quarter; a
    # party group's theme day is not a branch's.
    a, b = hall.branch_a, hall.branch_b
    group = OrganizationFactory(parent=a, kind=Organization.Kind.PARTY_GROUP)
    Kind = BranchMeeting.Kind
    for organization, kind, day in [
        (a, Kind.GENERAL_MEETING, datetime.date(2026, 10, 15)),
        (a, Kind.LECTURE, datetime.date(2026, 11, 3)),
        (a, Kind.THEME_DAY, datetime.date(2026, 10, 10)),
        (a, Kind.THEME_DAY, datetime.date(2026, 10, 20)),
        (a, Kind.THEME_DAY, datetime.date(2026, 11, 21)),
        (b, Kind.THEME_DAY, datetime.date(2026, 11, 5)),
        (b, Kind.GENERAL_MEETING, datetime.date(2026, 9, 30)),
        (group, Kind.THEME_DAY, datetime.date(2026, 11, 5)),
        (a, Kind.COMMITTEE, datetime.date(2026, 11, 5)),
    ]:
        BranchMeetingFactory(organization=organization, kind=kind, held_on=day)
    panel = figures.screen_figures(now=NOW)["panels"]["meetings_this_quarter"]
    assert panel["data"] == {
        "quarter": "2026Q4",
        # [kind, branch-periods held, owed]: 2 branches × 1 quarter, or × 2 months begun
        "rows": [["general_meeting", 1, 2], ["lecture", 1, 2], ["theme_day", 2, 4]],
    }


def test_training_panel_counts_this_years_attendance(hall: World) -> None:
    spring = TrainingSessionFactory(held_on=datetime.date(2026, 3, 1))
    TrainingAttendanceFactory(session=spring, member=hall.member_a, hours=8)
    TrainingAttendanceFactory(session=spring, member=hall.member_b, hours=4)
    TrainingAttendanceFactory(
        session=TrainingSessionFactory(held_on=datetime.date(2026, 6, 1)),
        member=hall.member_a,
        hours=3,
    )
    TrainingAttendanceFactory(
        session=TrainingSessionFactory(held_on=datetime.date(2025, 12, 1)), member=hall.member_a
    )
    TrainingSessionFactory(held_on=datetime.date(2026, 9, 1))  # nobody recorded yet
    panel = figures.screen_figures(now=NOW)["panels"]["training_attendance"]
    assert panel["data"] == {"year": 2026, "sessions": 2, "attendances": 3, "hours": 15}


def test_dues_and_sales_panels_equal_the_hand_counted_values(hall: World) -> None:
    # October 2026 is the last ended month on NOW: in branch A member_a paid of her three
    # paying members (the probationary one was admitted in March); the carried-over row of
    # member_b does not count; September's payment is another month.
    DuesPaymentFactory(member=hall.member_a, month=datetime.date(2026, 10, 1))
    DuesPaymentFactory(
        member=hall.member_b,
        month=datetime.date(2026, 10, 1),
        method=DuesPayment.Method.CARRIED_OVER,
    )
    DuesPaymentFactory(member=hall.member_b, month=datetime.date(2026, 9, 1))
    member_streamer = Streamer.objects.get(member=hall.member_a)
    other = Streamer.objects.get(member__isnull=True)
    SalesReportFactory(streamer=member_streamer, day=datetime.date(2026, 10, 3), gmv="1000.50")
    SalesReportFactory(streamer=member_streamer, day=datetime.date(2026, 10, 30), gmv="99.50")
    SalesReportFactory(streamer=member_streamer, day=datetime.date(2025, 11, 30), gmv="5")
    SalesReportFactory(streamer=other, day=datetime.date(2026, 10, 3), gmv="700")
    panels = figures.screen_figures(now=NOW)["panels"]
    dues = panels["dues_by_branch"]["data"]
    assert dues["month"] == "2026-10"
    assert dues["rows"] == [["一支部", 1, 3, "33.33"], ["二支部", 0, 1, "0.00"]]
    sales = dict(panels["member_streamer_sales"]["data"])
    assert next(iter(sales)) == "2025-12" and len(sales) == 12  # November 2025 is outside
    assert sales["2026-10"] == "1100.00"
    assert sales["2026-11"] == "0.00"


def test_figures_take_a_fixed_number_of_queries(hall: World) -> None:
    # One aggregate per panel's part: members, organizations, parks, alliance, streamers,
    # shops (totals); members by branch; applications by stage and members converted this
    # year; cases by status and the cases' figure rows; the ticker.
    with CaptureQueriesContext(connection) as queries:
        figures.screen_figures(now=NOW)
    # Plaques valid today; the branches and their owing and paid members of last month (dues);
    # the branches' meetings of this quarter and the number of branches; the party-member
    # streamers' sales by month; this year's training attendance.
    assert len(queries) == figures.QUERIES == 20
    MemberFactory.create_batch(5, branch=hall.branch_b)
    with CaptureQueriesContext(connection) as queries:
        figures.screen_figures(now=NOW)
    assert len(queries) == figures.QUERIES


def test_snapshot_task_is_idempotent_and_prunes(hall: World) -> None:
    take_screen_snapshot()
    take_screen_snapshot()
    assert ScreenSnapshot.objects.count() == 1
    now = timezone.now()
    snapshot_take(now=now + PERIOD)
    assert ScreenSnapshot.objects.count() == 2
    latest = snapshot_take(now=now + KEEP + 3 * PERIOD)
    assert list(ScreenSnapshot.objects.all()) == [latest]


def test_committee_staff_and_superuser_see_the_screen(hall: World) -> None:
    take_screen_snapshot()
    superuser = get_user_model()._default_manager.create_superuser("root", "r@example.com", "x")
    for user in (hall.users["staff"], superuser):
        client = client_for(user)
        page = client.get("/screen/")
        assert page.status_code == 200
        assert "echarts/echarts.min.js" in page.content.decode()
        data = client.get("/screen/data/").json()
        assert data["at"] and data["panels"]["totals"]["data"]["members_full"] == 3


@pytest.mark.parametrize(
    "role", ["secretary_a", "commissioner_1", "red_leader", "auditor", "system_admin"]
)
def test_other_roles_are_refused(hall: World, role: str) -> None:
    client = client_for(hall.users[role])
    assert client.get("/screen/").status_code == 403
    assert client.get("/screen/data/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_login(db: None) -> None:
    response = Client().get("/screen/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Client().get("/screen/data/").status_code == 302


def test_display_token_opens_the_screen_and_nothing_else(hall: World) -> None:
    staff = hall.users["staff"]
    token, raw = display_token_create(name="展厅大屏", actor=staff)
    screen = Client()
    response = screen.get(f"/screen/?token={raw}")
    assert response.status_code == 302 and response["Location"] == "/screen/"
    cookie = response.cookies["screen_token"]
    assert cookie["path"] == "/screen/" and cookie["httponly"]
    assert screen.get("/screen/").status_code == 200
    assert screen.get("/screen/data/").json()["panels"]["totals"]["available"] is True
    # The token is no login: the admin and the API do not know it, by cookie or header.
    for path in ("/admin/", "/admin/members/member/", "/api/v1/members/"):
        assert screen.get(path).status_code in (302, 401, 403), path
        header = Client(headers={"X-Screen-Token": raw, "Authorization": f"Token {raw}"})
        assert header.get(path).status_code in (302, 401, 403), path
    assert Client(headers={"X-Screen-Token": raw}).get("/screen/data/").status_code == 200
    assert Client().get("/screen/?token=wrong").status_code == 403

    display_token_revoke(token=token, actor=staff)
    assert screen.get("/screen/").status_code == 302
    assert Client(headers={"X-Screen-Token": raw}).get("/screen/data/").status_code == 403
    assert Client().get(f"/screen/?token={raw}").status_code == 403
    actions = list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(DisplayToken), object_id=str(token.pk)
        )
        .order_by("pk")
        .values_list("action", "actor_id")
    )
    assert actions == [("create", staff.pk), ("update", staff.pk)]


def test_committee_staff_create_and_revoke_tokens_in_the_admin(hall: World) -> None:
    client = client_for(hall.users["staff"])
    response = client.post("/admin/config/displaytoken/add/", {"name": "展厅大屏"}, follow=True)
    assert response.status_code == 200
    message = str(next(iter(response.context["messages"])))
    raw = re.search(r"\?token=(\S+)", message)
    assert raw is not None
    token = DisplayToken.objects.get()
    assert Client().get(f"/screen/?token={raw.group(1)}").status_code == 302
    client.post(
        "/admin/config/displaytoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(f"/screen/?token={raw.group(1)}").status_code == 403
    secretary = client_for(hall.users["secretary_a"])
    assert secretary.get("/admin/config/displaytoken/").status_code in (403, 404)


ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.mark.usefixtures("demo")
def test_no_personal_data_on_the_screen_or_in_its_json() -> None:
    from liaison.models import Officer
    from merchants.models import Streamer

    staff = get_user_model()._default_manager.get(username="staff")
    client = client_for(staff)
    page = client.get("/screen/").content.decode()
    data = client.get("/screen/data/").content.decode()
    text = page + json.dumps(json.loads(data), ensure_ascii=False)
    assert not ID_NUMBER.search(text)
    assert not PHONE.search(text)
    people = [
        *Member.objects.values_list("name", flat=True),
        *Application.objects.values_list("name", flat=True),
        *Officer.objects.values_list("name", flat=True),
        *Streamer.objects.values_list("name", flat=True),
    ]
    assert people
    shown = [name for name in people if name in text]
    assert shown == []
