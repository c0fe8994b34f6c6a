"""The dues rules: the four income brackets, each rate applied to the whole income; the
retirees' brackets, the self-employed's quarter average and the flat amounts; arrears counted
from the paid months."""

import datetime
from decimal import Decimal

import pytest

from members.dues import (
    ArrearsLevel,
    IncomeBasis,
    arrears_level,
    arrears_months,
    monthly_dues,
    paid_up_to,
    standard_amount,
)


@pytest.mark.parametrize(
    ("income", "dues"),
    [
        (0, "0.00"),
        (2500, "12.50"),
        (3000, "15.00"),
        (3100, "31.00"),
        (5000, "50.00"),
        (5100, "76.50"),
        (10000, "150.00"),
        (10100, "202.00"),
        (Decimal("3333.33"), "33.33"),
        (Decimal("2999.99"), "15.00"),
    ],
)
def test_dues_rate_of_the_income_bracket_applies_to_the_whole_income(
    income: Decimal | int, dues: str
) -> None:
    assert monthly_dues(income) == Decimal(dues)


def test_negative_income_is_refused() -> None:
    with pytest.raises(ValueError):
        monthly_dues(-1)


@pytest.mark.parametrize(
    ("income", "dues"),
    [
        ("3000.00", "15.00"),
        ("3000.01", "30.00"),
        ("5000.00", "50.00"),
        ("5000.01", "75.00"),
        ("10000.00", "150.00"),
        ("10000.01", "200.00"),
    ],
)
def test_each_bracket_at_and_just_above_its_edge(income: str, dues: str) -> None:
    assert monthly_dues(Decimal(income)) == Decimal(dues)


@pytest.mark.parametrize(
    ("pension", "dues"), [("5000.00", "25.00"), ("5000.01", "50.00"), ("2000", "10.00")]
)
def test_retirees_pay_by_their_own_brackets(pension: str, dues: str) -> None:
    assert standard_amount(IncomeBasis.RETIREE, Decimal(pension)) == Decimal(dues)


@pytest.mark.parametrize(
    ("quarter", "dues"),
    [
        ("9000.00", "15.00"),  # average 3,000.00: the first bracket
        ("9000.03", "30.00"),  # average 3,000.01: the second
        ("31000.00", "206.67"),  # average 10,333.33…: 2% of the exact average, half up
        ("45000.00", "300.00"),
    ],
)
def test_self_employed_pay_on_the_previous_quarters_average(quarter: str, dues: str) -> None:
    assert standard_amount(IncomeBasis.SELF_EMPLOYED, Decimal(quarter)) == Decimal(dues)


@pytest.mark.parametrize(
    "basis", [IncomeBasis.STUDENT, IncomeBasis.UNEMPLOYED, IncomeBasis.LOW_INCOME]
)
def test_students_unemployed_and_low_income_pay_a_flat_twenty_fen(basis: str) -> None:
    assert standard_amount(basis, None) == Decimal("0.20")
    assert standard_amount(basis, Decimal("8000")) == Decimal("0.20")


def test_amounts_are_exact_decimals_rounded_half_up() -> None:
    # 0.5% of 2,501 is 12.505: half up gives 12.51 (a float would give 12.50).
    assert monthly_dues(Decimal("2501")) == Decimal("12.51")
    assert isinstance(monthly_dues(2501), Decimal)
    total = sum((monthly_dues(Decimal("2501")) for _ in range(12)), Decimal("0"))
    assert total == Decimal("150.12")


M = datetime.date


@pytest.mark.parametrize(
    ("paid", "today", "months", "level"),
    [
        ([M(2026, 9, 1), M(2026, 10, 1)], M(2026, 11, 20), 0, ArrearsLevel.NONE),
        ([M(2026, 8, 1)], M(2026, 11, 20), 2, ArrearsLevel.NONE),
        ([M(2026, 7, 1)], M(2026, 11, 1), 3, ArrearsLevel.FLAG_3),
        ([M(2026, 5, 1)], M(2026, 11, 1), 5, ArrearsLevel.FLAG_5),
        ([M(2026, 4, 1)], M(2026, 11, 1), 6, ArrearsLevel.ESCALATED),
        # across the year boundary: October paid, on 1 February Nov, Dec and Jan are unpaid
        ([M(2025, 9, 1), M(2025, 10, 1)], M(2026, 2, 1), 3, ArrearsLevel.FLAG_3),
        ([M(2025, 8, 1)], M(2026, 2, 28), 5, ArrearsLevel.FLAG_5),
        ([M(2025, 7, 1)], M(2026, 1, 15), 5, ArrearsLevel.FLAG_5),
        ([M(2025, 6, 1)], M(2026, 1, 15), 6, ArrearsLevel.ESCALATED),
        # paid ahead to March 2027: nothing owed in December 2026
        (
            [M(2026, m, 1) for m in range(10, 13)] + [M(2027, 1, 1), M(2027, 3, 1)],
            M(2026, 12, 5),
            0,
            ArrearsLevel.NONE,
        ),
    ],
)
def test_arrears_count_the_unpaid_months_before_this_one(
    paid: list[datetime.date], today: datetime.date, months: int, level: str
) -> None:
    up_to = paid_up_to(paid, M(2010, 1, 1))
    assert arrears_months(up_to, today) == months
    assert arrears_level(months) == level


def test_a_gap_stops_the_paid_up_to_month_even_with_months_paid_after_it() -> None:
    paid = [M(2026, 1, 1), M(2026, 2, 1), M(2026, 4, 1), M(2026, 5, 1)]
    assert paid_up_to(paid, M(2010, 1, 1)) == M(2026, 2, 1)


def test_nothing_paid_owes_from_the_admission_month() -> None:
    assert paid_up_to([], M(2026, 6, 18)) == M(2026, 5, 1)
    # on 2 September June, July and August are unpaid
    assert arrears_months(paid_up_to([], M(2026, 6, 18)), M(2026, 9, 2)) == 3
