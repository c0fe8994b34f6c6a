"""Working days from the holiday calendar in the database: seeded from ``chinese-calendar`` for
2004–2026, extended by committee staff, and refused — never counted Monday to Friday — for a
year the calendar does not hold."""

import datetime
from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from orgs.models import AuditEntry, CalendarDay, CalendarYear
from orgs.workdays import (
    HolidaysNotEntered,
    add_working_days,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db
D = datetime.date
MISSING_2027 = "2027 年的节假日安排尚未录入，请行业党委工作人员在 党组织 › 节假日 中录入后再办理。"


def test_migration_seeded_every_year_the_package_knows() -> None:
    assert list(CalendarYear.objects.order_by("year").values_list("year", flat=True)) == list(
        range(2004, 2027)
    )
    national_day = CalendarDay.objects.get(date=D(2026, 10, 1))
    assert (national_day.kind, national_day.name) == ("holiday", "国庆节")
    make_up = CalendarDay.objects.get(date=D(2026, 10, 10))  # a Saturday
    assert (make_up.kind, make_up.name) == ("make_up", "国庆节")
    assert CalendarDay.objects.get(date=D(2004, 1, 1)).name == "元旦"
    assert CalendarYear.objects.get(year=2026).source == "chinese-calendar 1.11.0"


def test_national_day_2026_and_its_make_up_day() -> None:
    assert not is_working_day(D(2026, 10, 1))
    assert is_working_day(D(2026, 10, 10))  # Saturday, make-up working day
    # 5 working days from Tue 29 Sep 2026: 30 Sep, 8 Oct, 9 Oct, 10 Oct (Sat), 12 Oct.
    assert add_working_days(D(2026, 9, 29), 5) == D(2026, 10, 12)
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 11)) == 3


def test_new_years_eve_plus_five_working_days_skips_new_years_day(calendar_2027: Any) -> None:
    # 4, 5, 6, 7, 8 January 2027; Monday to Friday would have counted Friday 1 January.
    assert add_working_days(D(2026, 12, 31), 5) == D(2027, 1, 8)
    assert not is_working_day(D(2027, 1, 1))


def test_a_year_not_entered_is_refused_with_who_enters_it_and_where() -> None:
    with pytest.raises(HolidaysNotEntered) as error, translation.override("zh-hans"):
        add_working_days(D(2026, 12, 31), 5)
    assert error.value.year == 2027
    with translation.override("zh-hans"):
        assert error.value.text == MISSING_2027
    with pytest.raises(HolidaysNotEntered):
        is_working_day(D(2099, 3, 2))  # a Monday, and still not guessed


def test_national_day_2027_counts_its_make_up_saturday(calendar_2027: Any) -> None:
    # From Thu 30 Sep 2027: 8 Oct, 9 Oct (make-up Saturday), 11, 12, 13 Oct.
    assert add_working_days(D(2027, 9, 30), 5) == D(2027, 10, 13)
    assert working_days_between(D(2027, 10, 1), D(2027, 10, 10)) == 2


def test_a_computation_reads_one_query_per_year(
    calendar_2027: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):  # the calendar of 2026, then of 2027
        assert add_working_days(D(2026, 12, 1), 40) == D(2027, 1, 27)
    with django_assert_num_queries(0):  # both years are kept for the rest of the request
        assert working_days_between(D(2026, 1, 1), D(2027, 12, 31)) > 400


def test_a_calendar_edit_is_counted_at_once(calendar_2027: Any) -> None:
    assert is_working_day(D(2027, 10, 9))
    CalendarDay.objects.get(date=D(2027, 10, 9)).delete()
    assert not is_working_day(D(2027, 10, 9))
    calendar_2027.delete()
    with pytest.raises(HolidaysNotEntered):
        is_working_day(D(2027, 10, 11))


def test_load_holidays_adds_missing_years_and_leaves_entered_ones(calendar_2027: Any) -> None:
    CalendarYear.objects.filter(year=2025).delete()
    edited = CalendarDay.objects.get(date=D(2026, 10, 10))
    edited.name = "调休"
    edited.save()
    call_command("load_holidays", stdout=(out := StringIO()))
    assert "2025: created" in out.getvalue() and "1 year(s)" in out.getvalue()
    assert CalendarDay.objects.filter(calendar_year__year=2025).count() > 20
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "调休"
    assert CalendarYear.objects.filter(year=2027).exists()


def test_load_holidays_year_resyncs_one_year_with_the_package() -> None:
    CalendarDay.objects.filter(date=D(2026, 10, 10)).update(kind="holiday", name="错误")
    CalendarDay.objects.filter(date=D(2026, 10, 1)).delete()
    CalendarDay.objects.create(
        calendar_year=CalendarYear.objects.get(year=2026), date=D(2026, 3, 2), kind="holiday"
    )
    last = AuditEntry.objects.order_by("pk").last()
    call_command("load_holidays", "--year", "2026", stdout=(out := StringIO()))
    assert "2026: synced (1 added, 1 changed, 1 removed)" in out.getvalue()
    audited = AuditEntry.objects.filter(
        pk__gt=last.pk if last else 0, content_type=ContentType.objects.get_for_model(CalendarDay)
    )
    assert sorted(audited.values_list("action", flat=True)) == ["create", "delete", "update"]
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).kind == "make_up"
    assert is_working_day(D(2026, 3, 2)) and not is_working_day(D(2026, 10, 1))
    call_command("load_holidays", "--year", "2026", stdout=(again := StringIO()))
    assert "2026: unchanged" in again.getvalue()


def test_load_holidays_refuses_a_year_the_package_does_not_know() -> None:
    with pytest.raises(CommandError, match="2027"):
        call_command("load_holidays", "--year", "2027")


def test_each_request_counts_by_the_stored_calendar(client: Any) -> None:
    """A bulk write sends no signal; the cache still lasts no longer than the request."""
    assert is_working_day(D(2026, 10, 10))
    CalendarDay.objects.filter(date=D(2026, 10, 10)).update(kind="holiday")
    client.get("/admin/login/")
    assert not is_working_day(D(2026, 10, 10))
