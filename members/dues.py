"""The dues rule (党费, DESIGN.md §4 "Dues"): the monthly dues a member pays on their monthly
after-tax income, by the rates of the 2008 central organization department rules.

The rate of the income's bracket applies to the whole income (not progressively), and the
result is rounded half up to the fen.
"""

from decimal import ROUND_HALF_UP, Decimal

# (upper end of the bracket in yuan, inclusive, or None for no limit; rate).
DUES_RATES: tuple[tuple[int | None, Decimal], ...] = (
    (3000, Decimal("0.005")),
    (5000, Decimal("0.01")),
    (10000, Decimal("0.015")),
    (None, Decimal("0.02")),
)


def monthly_dues(income: Decimal | int) -> Decimal:
    """The monthly dues on a monthly after-tax income in yuan."""
    amount = Decimal(income)
    if amount < 0:
        raise ValueError("An income cannot be negative.")
    rate = next(rate for limit, rate in DUES_RATES if limit is None or amount <= limit)
    return (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
