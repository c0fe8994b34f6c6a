"""Working-day arithmetic on the Chinese statutory calendar."""

import datetime

from orgs.dates import add_working_days, is_working_day, working_days_between


def test_national_day_2026_and_its_make_up_day() -> None:
    assert not is_working_day(datetime.date(2026, 10, 1))
    assert is_working_day(datetime.date(2026, 10, 10))  # Saturday, make-up working day
    # 5 working days from Tue 29 Sep 2026: 30 Sep, 8 Oct, 9 Oct, 10 Oct (Sat), 12 Oct.
    assert add_working_days(datetime.date(2026, 9, 29), 5) == datetime.date(2026, 10, 12)
    assert working_days_between(datetime.date(2026, 10, 1), datetime.date(2026, 10, 11)) == 3


def test_a_year_without_published_holidays_counts_weekdays() -> None:
    far = datetime.date(2099, 3, 2)  # a Monday
    assert is_working_day(far)
    assert not is_working_day(far + datetime.timedelta(days=5))
