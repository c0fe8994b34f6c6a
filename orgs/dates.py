"""Calendar arithmetic used by the party rules: whole years and months, and Chinese working days
(statutory holidays and make-up working days from ``chinese-calendar``); and the range of dates
the system accepts as input."""

import calendar
import datetime
import logging

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def supported_range() -> tuple[datetime.date, datetime.date]:
    """The first and last date any input may carry (``DANGJIAN_DATE_MIN_YEAR`` to
    ``DANGJIAN_DATE_MAX_YEAR``)."""
    return (
        datetime.date(settings.DANGJIAN_DATE_MIN_YEAR, 1, 1),
        datetime.date(settings.DANGJIAN_DATE_MAX_YEAR, 12, 31),
    )


def validate_supported_date(value: datetime.date) -> None:
    """Refuses a date (or date and time) outside :func:`supported_range`.

    Birth dates, admissions, deadlines and case times all lie well inside it; a date in year 1 or
    9999 is a typing slip or an attack, and the rules that add months or working days to it would
    step outside the calendar Python can represent.
    """
    day = value.date() if isinstance(value, datetime.datetime) else value
    first, last = supported_range()
    if not first <= day <= last:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": first.isoformat(), "last": last.isoformat()},
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February falls back to 28 February."""
    return add_months(day, 12 * years)


def is_working_day(day: datetime.date) -> bool:
    """True on a Chinese working day, counting make-up working days on weekends; a day outside
    :func:`supported_range` is refused with a ``ValidationError``, so that no deadline or notice
    counts working days across centuries.

    The State Council publishes each year's holidays in the preceding autumn, and
    ``chinese-calendar`` knows only the years published when it was released. For a later year
    Monday to Friday count, and a warning asks for the package to be upgraded, rather than every
    deadline computation failing.
    """
    validate_supported_date(day)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning(
            "chinese-calendar has no holiday data for %s; counting Monday-Friday. "
            "Upgrade the chinesecalendar package.",
            day.year,
        )
        return day.weekday() < 5


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """The date on which ``days`` working days after ``day`` have run (``day`` itself not
    counted)."""
    current = day
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in the closed range ``start``..``end``."""
    validate_supported_date(start)
    validate_supported_date(end)
    return sum(
        1
        for offset in range((end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset))
    )
