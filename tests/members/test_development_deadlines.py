"""Deadline rules: an application is not due, then due (deadline within 30 days), then overdue
(the day after the deadline), for each deadline of the development steps."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Application
from members.rules import deadline_state
from members.selectors import applications_progress
from orgs.models import Organization
from tests.conftest import make_user
from tests.factories import make_id_number
from tests.members.development_support import D, submit, today, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(committee: Organization) -> Any:
    return make_user("dev_staff", "committee_staff", committee)


def states(due_on: datetime.date, *days: datetime.date) -> list[str]:
    return [deadline_state(due_on, day) for day in days]


# last step recorded → (step due, deadline, a day not yet due, first day due)
DEADLINES = {
    1: (2, D(2022, 4, 1), D(2022, 3, 1), D(2022, 3, 2)),  # talk within 1 month
    5: (6, D(2022, 10, 15), D(2022, 9, 14), D(2022, 9, 15)),  # assessed every 6 months
    6: (6, D(2023, 4, 10), D(2023, 3, 10), D(2023, 3, 11)),  # ... from the last assessment
    14: (15, D(2023, 8, 10), D(2023, 7, 10), D(2023, 7, 11)),  # meeting within 1 month
    16: (17, D(2023, 11, 1), D(2023, 10, 1), D(2023, 10, 2)),  # approval within 3 months
    22: (23, D(2024, 8, 1), D(2024, 7, 1), D(2024, 7, 2)),  # conversion at probation end
    23: (24, D(2024, 11, 1), D(2024, 10, 1), D(2024, 10, 2)),  # approval within 3 months
}


@pytest.mark.parametrize("last", DEADLINES)
def test_deadline_is_not_due_then_due_then_overdue(
    today: Any, branch: Organization, staff: Any, last: int
) -> None:
    application = submit(branch, staff)
    walk(application, staff, last)
    step, deadline, quiet, first_due = DEADLINES[last]
    assert (application.due_step, application.due_on) == (step, deadline)
    after = deadline + datetime.timedelta(days=1)
    assert states(deadline, quiet, first_due, deadline, after) == ["ok", "due", "due", "overdue"]
    progress = applications_progress(Application.objects.filter(pk=application.pk))
    assert (progress[application.pk].due_step, progress[application.pk].due_on) == (step, deadline)
    assert progress[application.pk].state(after) == "overdue"


def test_progress_of_many_applications_costs_two_queries(
    today: Any, branch: Organization, staff: Any
) -> None:
    for n in range(12):
        walk(submit(branch, staff, id_number=make_id_number(D(1995, 6, 1), 41 + 2 * n)), staff, 3)
    with CaptureQueriesContext(connection) as queries:
        progress = applications_progress(Application.objects.all())
    assert len(progress) == 12 and len(queries) == 2
    assert {p.next_step for p in progress.values()} == {4}
