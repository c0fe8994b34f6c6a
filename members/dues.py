"""The dues rules (党费, DESIGN.md §4 "Dues"): the monthly standard a member pays, by the rates of
the 2008 central organization department rules, and what the paid months say about arrears.

The rate of the income's bracket applies to the whole income (not progressively), and the
result is rounded half up to the fen. Self-employed members without a monthly wage pay on the
average monthly net income of the previous quarter; retirees pay on their pension by their own
brackets; students, the unemployed and low-income members pay a flat 0.20 yuan.

Months are the first day of the month (``datetime.date(2026, 11, 1)``). A month's dues are paid
during that month, so at any day of month N the months before N that are not paid are in
arrears; 3 and 5 such months in a row are flagged, 6 are treated as leaving the party (党章
Art. 9) and escalated.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.dates import add_months

FEN = Decimal("0.01")

# (upper end of the bracket in yuan, inclusive, or None for no limit; rate).
DUES_RATES: tuple[tuple[int | None, Decimal], ...] = (
    (3000, Decimal("0.005")),
    (5000, Decimal("0.01")),
    (10000, Decimal("0.015")),
    (None, Decimal("0.02")),
)
# Retirees, on their monthly pension (离退休费).
RETIREE_RATES: tuple[tuple[int | None, Decimal], ...] = (
    (5000, Decimal("0.005")),
    (None, Decimal("0.01")),
)
FLAT_DUES = Decimal("0.20")
QUARTER_MONTHS = 3

# Consecutive months in arrears that raise a flag, and the one that escalates.
ARREARS_FLAGS = (3, 5)
ARREARS_ESCALATION = 6


class IncomeBasis(models.TextChoices):
    """What a dues standard is computed from."""

    WAGE = "wage", _("monthly after-tax wage")
    SELF_EMPLOYED = "self_employed", _("self-employed: previous quarter's net income")
    RETIREE = "retiree", _("retiree: monthly pension")
    STUDENT = "student", _("student")
    UNEMPLOYED = "unemployed", _("unemployed")
    LOW_INCOME = "low_income", _("low income")


FLAT_BASES = frozenset({IncomeBasis.STUDENT, IncomeBasis.UNEMPLOYED, IncomeBasis.LOW_INCOME})


class ArrearsLevel(models.TextChoices):
    NONE = "", _("paid up")
    FLAG_3 = "3", _("3 months in arrears")
    FLAG_5 = "5", _("5 months in arrears")
    ESCALATED = "6", _("6 months in arrears: treated as leaving the party")


def _bracket_dues(amount: Decimal, rates: tuple[tuple[int | None, Decimal], ...]) -> Decimal:
    if amount < 0:
        raise ValueError("An income cannot be negative.")
    rate = next(rate for limit, rate in rates if limit is None or amount <= limit)
    return (amount * rate).quantize(FEN, rounding=ROUND_HALF_UP)


def monthly_dues(income: Decimal | int) -> Decimal:
    """The monthly dues on a monthly after-tax income in yuan."""
    return _bracket_dues(Decimal(income), DUES_RATES)


def retiree_dues(pension: Decimal | int) -> Decimal:
    """The monthly dues on a monthly pension in yuan."""
    return _bracket_dues(Decimal(pension), RETIREE_RATES)


def quarter_average(quarter_income: Decimal | int) -> Decimal:
    """The average monthly net income of a quarter's total (kept exact to the bracket test)."""
    return Decimal(quarter_income) / QUARTER_MONTHS


def standard_amount(basis: str, income: Decimal | int | None) -> Decimal:
    """The monthly standard for an income declaration: ``income`` is the monthly wage or
    pension, or for the self-employed the previous quarter's total net income; the flat bases
    need none."""
    if basis in FLAT_BASES:
        return FLAT_DUES
    if income is None:
        raise ValueError("This basis needs an income.")
    if basis == IncomeBasis.SELF_EMPLOYED:
        return monthly_dues(quarter_average(income))
    if basis == IncomeBasis.RETIREE:
        return retiree_dues(income)
    return monthly_dues(income)


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """Months from ``first`` to ``last`` (both months; 0 when the same, negative before)."""
    return (last.year - first.year) * 12 + last.month - first.month


def month_range(first: datetime.date, count: int) -> list[datetime.date]:
    return [add_months(month_of(first), n) for n in range(count)]


def paid_up_to(
    paid_months: Iterable[datetime.date], admitted_on: datetime.date | None
) -> datetime.date | None:
    """The last month of the unbroken run of paid months, or the month before admission while
    nothing is paid (probationary members pay from admission).

    The run starts at the earliest recorded month: months before it lie before the records
    (a carried-over payment marks where an older roster said the member stood).
    """
    months = {month_of(m) for m in paid_months}
    if not months:
        return add_months(month_of(admitted_on), -1) if admitted_on else None
    month = min(months)
    while add_months(month, 1) in months:
        month = add_months(month, 1)
    return month


def arrears_months(up_to: datetime.date | None, today: datetime.date) -> int:
    """Months before this one that are unpaid after ``up_to`` (0 when paid up or ahead)."""
    if up_to is None:
        return 0
    return max(0, months_between(up_to, month_of(today)) - 1)


def arrears_level(months: int) -> ArrearsLevel:
    if months >= ARREARS_ESCALATION:
        return ArrearsLevel.ESCALATED
    if months >= ARREARS_FLAGS[1]:
        return ArrearsLevel.FLAG_5
    if months >= ARREARS_FLAGS[0]:
        return ArrearsLevel.FLAG_3
    return ArrearsLevel.NONE
