"""The demo's 16 streamer applicants stand at different points of the 25 steps."""

import pytest

from members.models import Application, Member, StepRecord
from members.rules import deadline_state
from orgs.demo.kit import AS_OF

pytestmark = pytest.mark.usefixtures("demo")


def test_demo_applicants_cover_the_stages() -> None:
    applications = list(Application.objects.all())
    assert len(applications) == 16
    assert {a.stage for a in applications} == set(Application.Stage.values)
    states = [deadline_state(a.due_on, AS_OF) for a in applications]
    assert states.count("overdue") == 1 and states.count("due") >= 2
    full = Application.objects.get(outcome=Application.Outcome.FULL)
    assert full.member.category == Member.Category.FULL
    extended = StepRecord.objects.get(conversion_outcome="extend").application
    assert extended.member.category == Member.Category.PROBATIONARY
    assert extended.due_step == 23
