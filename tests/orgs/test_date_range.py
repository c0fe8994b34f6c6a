"""The range of dates the system accepts (``DANGJIAN_DATE_MIN_YEAR``..``MAX_YEAR``), and the
working-day arithmetic refusing to count outside it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from orgs.dates import supported_range, validate_supported_date
from orgs.workdays import add_working_days, is_working_day, working_days_between

D = datetime.date


def test_the_range_runs_from_1900_to_2100_inclusive() -> None:
    assert supported_range() == (D(1900, 1, 1), D(2100, 12, 31))
    validate_supported_date(D(1900, 1, 1))
    validate_supported_date(datetime.datetime(2100, 12, 31, 23, 59, tzinfo=datetime.UTC))
    for day in (D(1899, 12, 31), D(2101, 1, 1), D(1, 1, 1), D(9999, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            validate_supported_date(day)
        assert refused.value.code == "date_out_of_range"


def test_the_range_follows_the_settings(settings: object) -> None:
    settings.DANGJIAN_DATE_MAX_YEAR = 2050  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        validate_supported_date(D(2051, 1, 1))


@pytest.mark.django_db
def test_working_days_are_not_counted_across_centuries() -> None:
    # Counting day by day to 9999 held a request for minutes.
    with pytest.raises(ValidationError):
        working_days_between(D(2023, 5, 8), D(9999, 12, 31))
    with pytest.raises(ValidationError):
        add_working_days(D(2100, 12, 30), 5)
    with pytest.raises(ValidationError):
        is_working_day(D(1, 1, 1))
    assert working_days_between(D(2026, 10, 1), D(2026, 10, 11)) == 3
