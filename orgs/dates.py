"""Calendar arithmetic used by the party rules: whole years and months. Chinese working days are
counted by :mod:`orgs.workdays`, from the holiday calendar in the database."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February falls back to 28 February."""
    return add_months(day, 12 * years)
