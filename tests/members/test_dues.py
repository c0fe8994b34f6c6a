"""Monthly dues follow the four income brackets, each rate applied to the whole income."""

from decimal import Decimal

import pytest

from members.dues import monthly_dues


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
