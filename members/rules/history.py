"""What a history of recorded steps means: which steps may follow, the training recorded so
far, the political review in force, the outcome, and the deadline rules (talk, assessment,
admission meeting, approval, conversion) from which :func:`progress` derives an application's
stage, next step and nearest deadline.

The history holds the records in force only: a voided record (or one replaced by a
correction) no longer counts."""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from members.models import Application, RuleSet, StepRecord
from members.rules.steps import STEPS, Outcome
from orgs.dates import add_months, add_years

# An application is "due" this many days before its nearest deadline, "overdue" after it.
DUE_WINDOW_DAYS = 30


@dataclass
class History:
    """The recorded steps of one application, in date order, with quick look-ups."""

    records: list[StepRecord]
    counts: Counter[int] = field(init=False)

    def __post_init__(self) -> None:
        self.records = sorted(self.records, key=lambda r: (r.on, r.pk or 0))
        self.counts = Counter(r.step for r in self.records)

    def first(self, step: int) -> datetime.date | None:
        return next((r.on for r in self.records if r.step == step), None)

    def last_record(self, step: int) -> StepRecord | None:
        return next((r for r in reversed(self.records) if r.step == step), None)

    def last(self, step: int) -> datetime.date | None:
        record = self.last_record(step)
        return record.on if record else None

    @property
    def training(self) -> tuple[int, int]:
        """Days and class hours of training over all the step-11 parts recorded."""
        parts = [r for r in self.records if r.step == 11]
        return (sum(r.training_days or 0 for r in parts), sum(r.training_hours or 0 for r in parts))

    @property
    def position(self) -> int | None:
        """The step the application has reached. A renewed political review (step 10 recorded
        again later) does not move it back: the application goes on from where it stood."""
        if not self.records:
            return None
        last = self.records[-1].step
        if last == 10:
            return max((n for n in range(10, 15) if self.counts[n]), default=last)
        return last

    @property
    def review_failed(self) -> bool:
        """The political review in force (the latest step 10) found the candidate unfit."""
        review = self.last_record(10)
        return review is not None and review.political_review_result == Application.Review.FAILED

    @property
    def extended(self) -> bool:
        return any(r.conversion_outcome == Outcome.EXTEND for r in self.records if r.step == 23)

    @property
    def extension_approved(self) -> bool:
        """The branch extended probation and the committee approved it: probation goes on and
        a second conversion meeting follows."""
        last23 = self.last_record(23)
        return bool(
            last23
            and last23.conversion_outcome == Outcome.EXTEND
            and self.counts[24] == self.counts[23]
        )


def probation_end(rule_set: RuleSet, history: History) -> datetime.date | None:
    """One probation year (the rule set's) from the admission meeting, plus any extension."""
    admitted = history.first(15)
    if admitted is None:
        return None
    end = add_years(admitted, rule_set.probation_years)
    for record in history.records:
        if record.step == 23 and record.conversion_outcome == Outcome.EXTEND:
            end = add_months(end, record.extension_months or 0)
    return end


def training_complete(rule_set: RuleSet, history: History) -> bool:
    """The step-11 parts add up to the rule set's minimum (days, or class hours)."""
    days, hours = history.training
    return days >= rule_set.training_min_days or hours >= rule_set.training_min_hours


def allowed_steps(rule_set: RuleSet, history: History) -> list[int]:
    """The steps that may be recorded next (periodic steps may repeat; training is recorded in
    parts until it reaches the minimum; a political review that failed must be renewed before
    anything else, and one may be renewed at any point before the admission meeting, when it
    grew old)."""
    last = history.position
    if last is None:
        return [1]
    if history.counts[25]:
        return []
    if 10 <= last <= 14:
        if history.review_failed:
            return [10]
        if last == 11 and not training_complete(rule_set, history):
            return [11, 10]
        return [*_following(history, last), 10]
    return _following(history, last)


def _following(history: History, last: int) -> list[int]:
    if last == 5:
        return [6]
    if last == 6:
        return [6, 7]
    if last == 20:
        return [21]
    if last == 21:
        return [21, 23] if history.extension_approved else [21, 22]
    if last == 23:
        return [24]
    if last == 24:
        return [21, 23] if history.extension_approved else [25]
    if last == 25:
        return []
    return [last + 1]


def outcome(history: History) -> str:
    """Full member or cancelled once the committee approved the branch's decision."""
    last23 = history.last_record(23)
    if last23 is None or history.counts[24] < history.counts[23]:
        return Application.Outcome.OPEN
    if last23.conversion_outcome == Outcome.CONVERT:
        return Application.Outcome.FULL
    if last23.conversion_outcome == Outcome.CANCEL:
        return Application.Outcome.CANCELLED
    return Application.Outcome.OPEN


@dataclass(frozen=True)
class Progress:
    """Where an application stands: derived, never typed in."""

    stage: int
    last_step: int | None
    next_step: int | None
    allowed: tuple[int, ...]
    due_step: int | None
    due_on: datetime.date | None
    outcome: str

    def state(self, today: datetime.date | None = None) -> str:
        """``"overdue"`` after the deadline, ``"due"`` within 30 days of it, else ``"ok"``."""
        return deadline_state(self.due_on, today)


def deadline_state(due_on: datetime.date | None, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    if due_on is None:
        return "ok"
    if today > due_on:
        return "overdue"
    if today >= due_on - datetime.timedelta(days=DUE_WINDOW_DAYS):
        return "due"
    return "ok"


def deadlines(rule_set: RuleSet, history: History) -> list[tuple[datetime.date, int]]:
    """The open deadline rules as (date, step): talk within a month of the application;
    activist assessed every six months until chosen as candidate; admission meeting within a
    month of the pre-review; committee approval within three months of each branch meeting;
    conversion meeting at the end of probation."""
    if outcome(history) != Application.Outcome.OPEN:
        return []
    c = history.counts
    found: list[tuple[datetime.date, int]] = []

    def add(day: datetime.date | None, step: int) -> None:
        if day is not None:
            found.append((day, step))

    if c[1] and not c[2]:
        add(add_months(history.first(1), rule_set.talk_within_months), 2)  # type: ignore[arg-type]
    if c[3] and not c[7]:
        since = history.last(6) or history.first(3)
        add(add_months(since, rule_set.assessment_interval_months), 6)  # type: ignore[arg-type]
    if c[13] and not c[15]:
        add(add_months(history.first(13), rule_set.admission_within_months), 15)  # type: ignore[arg-type]
    if c[15] and not c[17]:
        add(add_months(history.first(15), rule_set.approval_within_months), 17)  # type: ignore[arg-type]
    if c[17] and (not c[23] or history.extension_approved):
        add(probation_end(rule_set, history), 23)
    if c[23] > c[24]:
        add(add_months(history.last(23), rule_set.approval_within_months), 24)  # type: ignore[arg-type]
    return sorted(found)


def progress(rule_set: RuleSet, records: Sequence[StepRecord]) -> Progress:
    """Stage, next step and nearest deadline of an application with these recorded steps."""
    history = History(list(records))
    allowed = allowed_steps(rule_set, history)
    open_deadlines = deadlines(rule_set, history)
    due_on, due_step = open_deadlines[0] if open_deadlines else (None, None)
    highest = max(history.counts, default=1)
    return Progress(
        stage=STEPS[highest].stage,
        last_step=history.records[-1].step if history.records else None,
        next_step=max(allowed) if allowed else None,
        allowed=tuple(allowed),
        due_step=due_step,
        due_on=due_on,
        outcome=outcome(history),
    )
