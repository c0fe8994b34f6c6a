"""Calendar arithmetic used by the party rules: whole years and months, and the range of dates
the system accepts as input. Chinese working days are counted by :mod:`orgs.workdays`, from the
holiday calendar in the database."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
