"""Chinese working days, counted from the holiday calendar in the database
(:mod:`orgs.holidays`): Monday to Friday work and weekends rest, except the year's statutory
holidays and make-up working days.

A computation that needs a year the calendar does not hold raises :class:`HolidaysNotEntered`
(a ``ValidationError``), so that forms, the API and rule checks refuse it with a message that
says who enters the year and where; nothing is ever counted Monday to Friday by guess.

Each year is read with one query and kept for the rest of the request or task: the cache is
emptied when a request or a Celery task starts, and whenever a calendar row is saved or deleted
(and again when that transaction commits, so a rolled-back edit is not kept).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from orgs.holidays import CalendarDay, CalendarYear


class HolidaysNotEntered(ValidationError):
    """A working-day computation needs ``year``, whose holidays are not in the calendar."""

    def __init__(self, year: int) -> None:
        self.year = year
        where = format_lazy(
            "{} › {}",
            CalendarYear._meta.app_config.verbose_name,
            CalendarYear._meta.verbose_name_plural,
        )
        super().__init__(
            _(
                "The holidays of %(year)s have not been entered yet; committee staff enter "
                "them under %(where)s before this can be done."
            ),
            code="holidays_not_entered",
            params={"year": year, "where": where},
        )

    @property
    def text(self) -> str:
        """The message in the active language."""
        return self.messages[0]


@dataclass(frozen=True)
class _Year:
    holidays: frozenset[datetime.date]
    make_up_days: frozenset[datetime.date]


_years: dict[int, _Year | None] = {}


def _calendar(year: int) -> _Year:
    if year not in _years:
        rows = list(CalendarYear.objects.filter(year=year).values_list("days__date", "days__kind"))
        _years[year] = (
            _Year(
                holidays=frozenset(d for d, k in rows if k == CalendarDay.Kind.HOLIDAY),
                make_up_days=frozenset(d for d, k in rows if k == CalendarDay.Kind.MAKE_UP),
            )
            if rows
            else None
        )
    found = _years[year]
    if found is None:
        raise HolidaysNotEntered(year)
    return found


def forget(**_kwargs: Any) -> None:
    """Empty the cache (at the start of a request or task, and in tests)."""
    _years.clear()


def _written(**_kwargs: Any) -> None:
    _years.clear()
    transaction.on_commit(_years.clear)


def connect() -> None:
    """Empty the cache on calendar writes and at the start of each request and task (called
    once from ``OrgsConfig.ready``)."""
    from celery.signals import task_prerun

    for model in (CalendarYear, CalendarDay):
        name = model.__name__
        post_save.connect(_written, sender=model, dispatch_uid=f"workdays_saved_{name}")
        post_delete.connect(_written, sender=model, dispatch_uid=f"workdays_deleted_{name}")
    request_started.connect(forget, dispatch_uid="workdays_request")
    task_prerun.connect(forget, dispatch_uid="workdays_task")


def is_working_day(day: datetime.date) -> bool:
    """True on a Chinese working day, counting make-up working days on weekends."""
    calendar = _calendar(day.year)
    if day.weekday() >= 5:
        return day in calendar.make_up_days
    return day not in calendar.holidays


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The date on which ``days`` working days after ``day`` have run (``day`` itself not
    counted); only the years up to that date are read."""
    current = day
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in the closed range ``start``..``end``."""
    return sum(
        1
        for offset in range((end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset))
    )
