"""The holiday calendar in the admin (党组织 › 节假日): committee staff enter a new year with its
days, or import it from CSV, and the next computation counts by it; a wrong day is refused
with the reason and writes nothing; a branch secretary cannot change the calendar."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orgs.edits import row_version
from orgs.holidays import DayEntry, calendar_year_sync
from orgs.models import AuditEntry, CalendarDay, CalendarYear
from orgs.workdays import HolidaysNotEntered, add_working_days, is_working_day
from tests.conftest import World

pytestmark = pytest.mark.django_db
D = datetime.date
ADD = reverse("admin:orgs_calendaryear_add")
IMPORT = reverse("admin:orgs_calendaryear_import")


def year_form(year: int, days: list[tuple[str, str, str]], **extra: str) -> dict[str, str]:
    data = {
        "year": str(year),
        "source": "国务院办公厅关于2027年部分节假日安排的通知",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        **extra,
    }
    for index, (date, kind, name) in enumerate(days):
        data |= {f"days-{index}-date": date, f"days-{index}-kind": kind, f"days-{index}-name": name}
    return data


NEW_YEAR_2027 = [
    ("2027-01-01", "holiday", "元旦"),
    ("2027-01-02", "holiday", "元旦"),
    ("2027-01-03", "holiday", "元旦"),
]


def test_committee_staff_enter_a_new_year_and_it_counts_at_once(world: World) -> None:
    client = world.client("staff")
    page = client.get(ADD).content.decode()
    assert "国务院办公厅的通知" in page and "调休上班日" in page  # the help text, in Chinese
    with pytest.raises(HolidaysNotEntered):
        add_working_days(D(2026, 12, 31), 5)
    response = client.post(ADD, year_form(2027, NEW_YEAR_2027))
    assert response.status_code == 302, response.content.decode()
    year = CalendarYear.objects.get(year=2027)
    assert year.confirmed_by == world.users["staff"]
    assert year.days.count() == 3
    assert add_working_days(D(2026, 12, 31), 5) == D(2027, 1, 8)
    assert AuditEntry.objects.filter(actor_name="staff", object_repr__contains="元旦").count() == 3


@pytest.mark.parametrize(
    ("days", "reason"),
    [
        ([*NEW_YEAR_2027, ("2027-01-04", "make_up", "元旦")], "调休上班日只能在周六或周日"),
        ([*NEW_YEAR_2027, ("2028-01-01", "holiday", "元旦")], "2028-01-01 不在 2027 年内"),
        ([("2027-01-09", "make_up", "春节")], "请录入本年度的法定节假日"),
    ],
)
def test_a_wrong_day_is_refused_with_the_reason(
    world: World, days: list[tuple[str, str, str]], reason: str
) -> None:
    response = world.client("staff").post(ADD, year_form(2027, days))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_removing_a_make_up_day_in_the_admin_is_counted_by_the_next_request(
    world: World,
) -> None:
    year = CalendarYear.objects.get(year=2026)
    assert is_working_day(D(2026, 10, 10))
    days = list(year.days.all())
    data = {
        "year": "2026",
        "source": year.source,
        "row_version": row_version(year),
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": str(len(days)),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for index, day in enumerate(days):
        data |= {
            f"days-{index}-id": str(day.pk),
            f"days-{index}-calendar_year": str(year.pk),
            f"days-{index}-date": day.date.isoformat(),
            f"days-{index}-kind": day.kind,
            f"days-{index}-name": day.name,
        }
        if day.date == D(2026, 10, 10):
            data[f"days-{index}-DELETE"] = "on"
    url = reverse("admin:orgs_calendaryear_change", args=[year.pk])
    response = world.client("staff").post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert not CalendarDay.objects.filter(date=D(2026, 10, 10)).exists()
    assert not is_working_day(D(2026, 10, 10))


def test_a_secretary_cannot_change_the_calendar(world: World) -> None:
    client = world.client("secretary_a")
    year = CalendarYear.objects.get(year=2026)
    change = reverse("admin:orgs_calendaryear_change", args=[year.pk])
    assert client.get(reverse("admin:orgs_calendaryear_changelist")).status_code == 403
    assert client.post(ADD, year_form(2027, NEW_YEAR_2027)).status_code == 403
    # A row of a model the user may not view answers 404, like a missing one.
    assert client.post(change, {"year": "2026", "source": "改"}).status_code == 404
    assert client.get(IMPORT).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()
    year.refresh_from_db()
    assert year.source == "chinese-calendar 1.11.0"


def test_the_auditor_reads_the_calendar_and_changes_nothing(world: World) -> None:
    client = world.client("auditor")
    assert client.get(reverse("admin:orgs_calendaryear_changelist")).status_code == 200
    assert client.post(ADD, year_form(2027, NEW_YEAR_2027)).status_code == 403


def _csv(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("2027.csv", text.encode(encoding), content_type="text/csv")


def test_committee_staff_import_a_year_from_csv(world: World) -> None:
    text = "日期,类别,名称\n2027-01-01,放假,元旦\n2027-10-01,放假,国庆节\n2027-10-09,上班,国庆节\n"
    response = world.client("staff").post(
        IMPORT, {"file": _csv(text, "gbk"), "source": "国办发明电〔2026〕号"}
    )
    assert response.status_code == 302, response.content.decode()
    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.confirmed_by) == ("国办发明电〔2026〕号", world.users["staff"])
    assert is_working_day(D(2027, 10, 9)) and not is_working_day(D(2027, 10, 1))


def test_a_csv_with_a_bad_row_writes_nothing(world: World) -> None:
    text = "2027-01-01,放假,元旦\n2027-13-01,放假,元旦\n2027-01-09,休息,\n"
    response = world.client("staff").post(IMPORT, {"file": _csv(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 2 行" in page and "2027-13-01" in page and "第 3 行" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def _queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:orgs_calendaryear_changelist")).status_code == 200
    return len(queries)


def test_the_changelist_costs_the_same_for_more_years(world: World, admin_client: Any) -> None:
    """Session, user, password age, the bounded count of years, the page of years
    with their day counts and confirming users joined, and the session's save (3 queries)."""
    few = _queries(admin_client)
    for year in (2027, 2028, 2029):
        entry = DayEntry(D(year, 1, 1), CalendarDay.Kind.HOLIDAY, "元旦")
        calendar_year_sync(year=year, days=[entry], source="测试", actor=None)
    assert _queries(admin_client) == few == 8
