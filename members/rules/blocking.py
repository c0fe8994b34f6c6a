"""The rules of membership development (DESIGN.md §4), as data and pure functions.

``STEPS`` is the one table of the 25 steps: stage, name, who records each, whether it repeats
and which of the national handbook's forms belong to it. :func:`blocks` lists what forbids a
step on a date (blocking rules: order, age, minimum intervals, notices, training, introducers,
votes, probation); :func:`progress` derives an application's stage, next step and nearest
deadline (deadline rules: talk, assessment, admission meeting, approval, conversion) from its
recorded steps. The parameters come from the application's :class:`~members.models.RuleSet`.

Nothing here writes; :mod:`members.development` calls these functions and refuses or saves.
"""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Application, DocumentKind, Member, RuleSet, StepRecord
from orgs.dates import add_months, add_working_days, add_years, working_days_between

APPLICANT, BRANCH, GRASSROOTS, COMMITTEE = "applicant", "branch", "grassroots", "committee"
D = DocumentKind
# An application is "due" this many days before its nearest deadline, "overdue" after it.
DUE_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Step:
    """One of the 25 steps: its stage, name, who records it, whether it may be recorded
    several times, and the forms that belong in the file."""

    number: int
    stage: int
    name: Promise
    recorder: str
    documents: tuple[str, ...] = ()
    periodic: bool = False


STEPS: dict[int, Step] = {
    s.number: s
    for s in [
        Step(1, 1, _("application for membership"), APPLICANT, (D.APPLICATION_LETTER,)),
        Step(2, 1, _("talk with the applicant"), BRANCH, (D.TALK_RECORD,)),
        Step(3, 2, _("chosen as activist"), BRANCH, (D.MINUTES,)),
        Step(4, 2, _("activist filed with the committee"), COMMITTEE, (D.ACTIVIST_FILING,)),
        Step(5, 2, _("cultivation contacts assigned"), BRANCH),
        Step(6, 2, _("activist assessed"), BRANCH, (D.THOUGHT_REPORT,), periodic=True),
        Step(7, 3, _("chosen as candidate"), BRANCH, (D.MINUTES, D.NOTICE)),
        Step(8, 3, _("candidate filed with the committee"), COMMITTEE, (D.CANDIDATE_FILING,)),
        Step(9, 3, _("two introducers named"), BRANCH),
        Step(10, 3, _("political review"), BRANCH, (D.POLITICAL_REVIEW,)),
        Step(11, 3, _("concentrated training"), GRASSROOTS, (D.TRAINING_CERTIFICATE,)),
        Step(12, 4, _("branch committee review"), BRANCH, (D.MINUTES,)),
        Step(13, 4, _("committee pre-review"), COMMITTEE, (D.APPROVAL,)),
        Step(14, 4, _("application form filled in"), APPLICANT, (D.APPLICATION_FORM,)),
        Step(15, 4, _("branch general meeting votes on admission"), BRANCH, (D.MINUTES,)),
        Step(16, 4, _("committee member talks with the applicant"), COMMITTEE, (D.TALK_RECORD,)),
        Step(17, 4, _("committee approves admission"), COMMITTEE, (D.APPROVAL,)),
        Step(18, 4, _("filed with the higher committee"), COMMITTEE, (D.APPROVAL,)),
        Step(19, 5, _("placed in the branch and a party group"), BRANCH),
        Step(20, 5, _("oath taken"), GRASSROOTS),
        Step(21, 5, _("probationary member educated and assessed"), BRANCH, periodic=True),
        Step(22, 5, _("application for conversion"), APPLICANT, (D.CONVERSION_APPLICATION,)),
        Step(23, 5, _("branch general meeting decides on conversion"), BRANCH, (D.MINUTES,)),
        Step(24, 5, _("committee approves the conversion decision"), COMMITTEE, (D.APPROVAL,)),
        Step(25, 5, _("file archived"), BRANCH),
    ]
}
COMMITTEE_STEPS = frozenset(n for n, s in STEPS.items() if s.recorder == COMMITTEE)
SIGNED_STEPS = frozenset(n for n, s in STEPS.items() if s.recorder == APPLICANT)
VOTE_STEPS = frozenset({15, 23})
Outcome = StepRecord.ConversionOutcome


def step_label(number: int | None) -> str:
    """``"7 chosen as candidate"``, for lists and messages."""
    if number is None:
        return "—"
    return f"{number} {STEPS[number].name}"


def notice_steps(rule_set: RuleSet) -> frozenset[int]:
    """Steps a public notice must precede: 8 and 23 always, 15 where the rule set says so."""
    return frozenset({8, 23} | ({15} if rule_set.notice_before_admission else set()))


def is_committee_staff(user: Any) -> bool:
    """Committee steps belong to the higher committee: superusers, holders of the committee
    staff role, and users whose scope includes a committee."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from orgs.models import Organization, OrganizationScope
    from orgs.roles import role_names

    if "committee_staff" in role_names(user):
        return True
    return OrganizationScope.objects.filter(
        user=user, organization__kind=Organization.Kind.COMMITTEE
    ).exists()


def member_under_discipline(member: Member, on: datetime.date | None = None) -> bool:
    """Whether a sanction's period still runs on ``on`` (today by default): such a member
    cannot introduce an applicant."""
    day = on or timezone.localdate()
    return member.discipline_until is not None and member.discipline_until >= day


# --- what a history of steps means ------------------------------------------------------------


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


def allowed_steps(history: History) -> list[int]:
    """The steps that may be recorded next, in order (periodic steps may repeat)."""
    if not history.records:
        return [1]
    if history.counts[25]:
        return []
    last = history.records[-1].step
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
    allowed = allowed_steps(history)
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


# --- blocking rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One blocking rule that forbids the step: its name, why, and the earliest date the step
    becomes possible (``None`` when no date will do until something else is recorded)."""

    rule: Promise
    reason: str
    earliest: datetime.date | None = None

    @property
    def message(self) -> str:
        if self.earliest is None:
            return gettext("%(rule)s: %(reason)s") % {"rule": self.rule, "reason": self.reason}
        return gettext("%(rule)s: %(reason)s The step is possible from %(date)s.") % {
            "rule": self.rule,
            "reason": self.reason,
            "date": self.earliest.isoformat(),
        }


def notice_runs_until(rule_set: RuleSet, start: datetime.date) -> datetime.date:
    """The day a notice posted on ``start`` has run its working days (``start`` counts when it
    is a working day; statutory holidays are skipped and make-up working days count)."""
    return add_working_days(start - datetime.timedelta(days=1), rule_set.notice_working_days)


def _notice_blocks(
    rule_set: RuleSet, step: int, on: datetime.date, details: dict[str, Any], after: Any
) -> list[Block]:
    rule = _("Public notice")
    days = rule_set.notice_working_days
    start, end = details.get("notice_start"), details.get("notice_end")
    if start is None or end is None:
        earliest = notice_runs_until(rule_set, max(on, after or on)) + datetime.timedelta(days=1)
        reason = gettext(
            "Step %(step)s needs a public notice of at least %(days)s working days before it; "
            "give the notice's first and last day."
        ) % {"step": step, "days": days}
        return [Block(rule, reason, earliest)]
    blocks = []
    runs_until = notice_runs_until(rule_set, start)
    if after is not None and start < after:
        reason = gettext("The notice cannot start before the previous step (%(date)s).") % {
            "date": after.isoformat()
        }
        blocks.append(Block(rule, reason))
    if working_days_between(start, end) < days:
        reason = gettext(
            "A notice from %(start)s to %(end)s runs %(count)s working days; at least %(days)s "
            "are needed (a notice from %(start)s runs them by %(until)s)."
        ) % {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "count": working_days_between(start, end),
            "days": days,
            "until": runs_until.isoformat(),
        }
        blocks.append(Block(rule, reason, runs_until + datetime.timedelta(days=1)))
    elif on <= end:
        reason = gettext("The notice runs until %(end)s; the step follows it.") % {
            "end": end.isoformat()
        }
        blocks.append(Block(rule, reason, end + datetime.timedelta(days=1)))
    return blocks


def _valid_full_member(member: Any) -> bool:
    return (
        isinstance(member, Member)
        and member.category == Member.Category.FULL
        and member.status in (Member.Status.ACTIVE, Member.Status.MOBILE)
        and not member_under_discipline(member)
    )


def _vote_blocks(details: dict[str, Any]) -> list[Block]:
    names = ("vote_entitled", "vote_present", "vote_for", "vote_against", "vote_abstain")
    if any(details.get(name) is None for name in names):
        reason = gettext(
            "Give the members entitled to vote, those present, and the votes for, against and "
            "abstaining."
        )
        return [Block(_("Branch meeting vote"), reason)]
    entitled, present, yes, no, abstain = (int(details[name]) for name in names)
    if present > entitled or yes + no + abstain > present:
        reason = gettext(
            "The figures do not add up: present ≤ entitled, and the votes ≤ those present."
        )
        return [Block(_("Branch meeting vote"), reason)]
    blocks = []
    if present * 2 <= entitled:
        reason = gettext(
            "More than half of the %(entitled)s members entitled to vote must be present; "
            "%(present)s were."
        ) % {"entitled": entitled, "present": present}
        blocks.append(Block(_("Quorum"), reason))
    if yes * 2 <= entitled:
        reason = gettext(
            "More than half of the %(entitled)s members entitled to vote must vote for; "
            "%(yes)s did."
        ) % {"entitled": entitled, "yes": yes}
        blocks.append(Block(_("Majority"), reason))
    return blocks


def blocks(
    *,
    application: Application,
    records: Sequence[StepRecord],
    step: int,
    on: datetime.date,
    actor: Any,
    details: dict[str, Any],
    documents: Sequence[Any] = (),
    timing_only: bool = False,
) -> list[Block]:
    """Every blocking rule that forbids recording ``step`` on ``on``; empty when it may be
    recorded. ``timing_only`` skips the checks of the step's own details (the next-step panel
    asks what blocks a step before anyone fills them in)."""
    rule_set = application.rule_set
    history = History(list(records))
    found: list[Block] = []
    if step not in STEPS:
        return [Block(_("Steps in order"), gettext("There are 25 steps."))]
    allowed = allowed_steps(history)
    if step not in allowed:
        if allowed:
            reason = gettext("Step %(step)s cannot follow now; the next step is %(next)s.") % {
                "step": step,
                "next": gettext(" or ").join(step_label(n) for n in allowed),
            }
        else:
            reason = gettext("The development file is closed.")
        return [Block(_("Steps in order"), reason)]
    last_on = history.records[-1].on if history.records else None
    if last_on is not None and on < last_on:
        reason = gettext("A step cannot be dated before the previous one (%(date)s).") % {
            "date": last_on.isoformat()
        }
        found.append(Block(_("Steps in order"), reason, last_on))
    today = timezone.localdate()
    if on > today:
        found.append(Block(_("Dates"), gettext("A step cannot be recorded ahead of time."), on))
    if step in COMMITTEE_STEPS and not is_committee_staff(actor):
        reason = gettext(
            "Step %(step)s is recorded by the committee's staff; the branch awaits the committee."
        ) % {"step": step}
        found.append(Block(_("Committee step"), reason))
    if step == 1:
        adult = add_years(application.birth_date, rule_set.min_age)
        if on < adult:
            reason = gettext("The applicant must be at least %(age)s when applying.") % {
                "age": rule_set.min_age
            }
            found.append(Block(_("Minimum age"), reason, adult))
    if step == 7:
        since = history.first(3)
        earliest = add_years(since, rule_set.activist_min_years)  # type: ignore[arg-type]
        if on < earliest:
            reason = gettext(
                "A candidate must have been an activist for at least %(years)s year(s), "
                "counted from %(since)s."
            ) % {"years": rule_set.activist_min_years, "since": since.isoformat()}  # type: ignore[union-attr]
            found.append(Block(_("Time as activist"), reason, earliest))
    if step == 12:
        days, hours = application.training_days or 0, application.training_hours or 0
        if days < rule_set.training_min_days and hours < rule_set.training_min_hours:
            reason = gettext(
                "At least %(min_days)s days or %(min_hours)s class hours of training are needed "
                "before the branch committee review; %(days)s days and %(hours)s hours are "
                "recorded."
            ) % {
                "min_days": rule_set.training_min_days,
                "min_hours": rule_set.training_min_hours,
                "days": days,
                "hours": hours,
            }
            found.append(Block(_("Training"), reason))
    if step == 15:
        reviewed = application.political_review_date
        valid_until = (
            add_years(reviewed, rule_set.political_review_valid_years) if reviewed else None
        )
        passed = application.political_review_result == Application.Review.PASSED
        if not passed or valid_until is None or on > valid_until:
            reason = gettext(
                "A passed political review not older than %(years)s year(s) is needed; redo the "
                "review."
            ) % {"years": rule_set.political_review_valid_years}
            found.append(Block(_("Political review"), reason))
    if step == 23:
        choice = details.get("conversion_outcome") or Outcome.CONVERT
        end = probation_end(rule_set, history)
        if choice != Outcome.CANCEL and end is not None and on < end:
            reason = gettext(
                "Probation runs %(years)s year(s) from the admission meeting%(extension)s, "
                "until %(end)s."
            ) % {
                "years": rule_set.probation_years,
                "extension": gettext(" plus the extension") if history.extended else "",
                "end": end.isoformat(),
            }
            found.append(Block(_("Probation"), reason, end))
    if timing_only:
        return found
    if step in SIGNED_STEPS and not documents:
        reason = gettext(
            "Step %(step)s is the applicant's own; attach the signed document (%(forms)s)."
        ) % {
            "step": step,
            "forms": "、".join(str(D(kind).label) for kind in STEPS[step].documents),
        }
        found.append(Block(_("Signed document"), reason))
    if step in notice_steps(rule_set) and (
        step != 23 or (details.get("conversion_outcome") or Outcome.CONVERT) == Outcome.CONVERT
    ):
        found.extend(_notice_blocks(rule_set, step, on, details, last_on))
    if step == 5:
        contacts = [m for m in details.get("contacts") or [] if m is not None]
        if not 1 <= len(contacts) <= 2 or not all(_valid_full_member(m) for m in contacts):
            reason = gettext("Assign one or two full members as cultivation contacts.")
            found.append(Block(_("Cultivation contacts"), reason))
    if step == 9:
        introducers = [m for m in details.get("introducers") or [] if m is not None]
        distinct = {m.pk for m in introducers}
        if len(introducers) != 2 or len(distinct) != 2:
            reason = gettext("Name two different party members as introducers.")
            found.append(Block(_("Introducers"), reason))
        else:
            invalid = [m.name for m in introducers if not _valid_full_member(m)]
            if invalid:
                reason = gettext(
                    "Introducers must be full members, not on probation and not under "
                    "discipline: %(names)s is not."
                ) % {"names": "、".join(invalid)}
                found.append(Block(_("Introducers"), reason))
    if step == 10 and details.get("political_review_result") not in Application.Review.values:
        reason = gettext("Give the result of the political review.")
        found.append(Block(_("Political review"), reason))
    if step == 11 and not (details.get("training_days") or details.get("training_hours")):
        reason = gettext("Give the days or class hours of training attended.")
        found.append(Block(_("Training"), reason))
    if step in VOTE_STEPS:
        found.extend(_vote_blocks(details))
    if step == 23:
        choice = details.get("conversion_outcome")
        if choice not in Outcome.values:
            reason = gettext("Choose the meeting's decision: convert, extend or cancel.")
            found.append(Block(_("Conversion decision"), reason))
        elif choice == Outcome.EXTEND:
            months = details.get("extension_months") or 0
            if history.extended:
                reason = gettext("Probation can be extended only once.")
                found.append(Block(_("Extension"), reason))
            elif not rule_set.extension_min_months <= months <= rule_set.extension_max_months:
                reason = gettext("Probation is extended by %(min)s to %(max)s months.") % {
                    "min": rule_set.extension_min_months,
                    "max": rule_set.extension_max_months,
                }
                found.append(Block(_("Extension"), reason))
    return found
