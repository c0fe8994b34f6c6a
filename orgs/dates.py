"""Calendar arithmetic used by the party rules: whole years and months, and Chinese working days
(statutory holidays and make-up working days from ``chinese-calendar``)."""

import calendar
import datetime
import logging

import chinese_calendar

logger = logging.getLogger(__name__)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February falls back to 28 February."""
    return add_months(day, 12 * years)


def is_working_day(day: datetime.date) -> bool:
    """True on a Chinese working day, counting make-up working days on weekends.

    The State Council publishes each year's holidays in the preceding autumn, and
    ``chinese-calendar`` knows only the years published when it was released. For a later year
    Monday to Friday count, and a warning asks for the package to be upgraded, rather than every
    deadline computation failing.
    """
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
    return sum(
        1
        for offset in range((end - start).days + 1)
        if is_working_day(start + datetime.timedelta(days=offset))
    )
