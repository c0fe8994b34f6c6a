"""The blocking rules: what forbids recording a step on a date (order, age, minimum intervals,
notices, training, introducers, votes, probation), each as a :class:`Block` that says why and
from when the step becomes possible."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Application, DocumentKind, Member, RuleSet, StepRecord
from members.rules.history import History, allowed_steps, probation_end, training_complete
from members.rules.standing import may_sponsor_on
from members.rules.steps import (
    COMMITTEE_STEPS,
    SIGNED_STEPS,
    STEPS,
    VOTE_STEPS,
    Outcome,
    is_committee_staff,
    notice_steps,
    step_label,
)
from orgs.dates import add_years
from orgs.workdays import HolidaysNotEntered, add_working_days, working_days_between


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
        try:
            earliest: datetime.date | None = notice_runs_until(
                rule_set, max(on, after or on)
            ) + datetime.timedelta(days=1)
        except HolidaysNotEntered:
            earliest = None  # the missing dates are the reason; the date needs a later year
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
    # Compared with the day the notice has run, not by counting to its end: a notice long
    # enough before a year whose holidays are not entered yet needs nothing of that year.
    if end < runs_until:
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


def _unfit_sponsors(members: Sequence[Any], on: datetime.date) -> list[str]:
    """The names of the contacts or introducers who were not full members on the step's date,
    or were under a sanction running on it."""
    return [
        getattr(m, "name", str(m))
        for m in members
        if not isinstance(m, Member) or not may_sponsor_on(m, on)
    ]


def _training_block(rule_set: RuleSet, history: History) -> Block:
    days, hours = history.training
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
    more = gettext("Record the rest of the training as another part of step 11.")
    return Block(_("Training"), f"{reason}{more}")


def _roster_blocks(details: dict[str, Any], voters: int, on: datetime.date) -> list[Block]:
    """Those entitled to vote are the branch's full members on the meeting date (probationary
    members do not vote): never more; fewer only with the reason (members excused under the
    rules, such as those on probation within the party)."""
    entitled = int(details["vote_entitled"])
    figures = {"entitled": entitled, "roster": voters, "date": on.isoformat()}
    if entitled > voters:
        reason = gettext(
            "The roster lists %(roster)s full members of the branch on %(date)s (probationary "
            "members do not vote); %(entitled)s cannot be entitled to vote."
        )
        return [Block(_("Members entitled to vote"), reason % figures)]
    if entitled < voters and not str(details.get("vote_entitled_reason") or "").strip():
        reason = gettext(
            "The roster lists %(roster)s full members of the branch on %(date)s; give the "
            "reason only %(entitled)s were entitled to vote (members excused under the rules)."
        )
        return [Block(_("Members entitled to vote"), reason % figures)]
    return []


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
    voters: int | None = None,
) -> list[Block]:
    """Every blocking rule that forbids recording ``step`` on ``on``; empty when it may be
    recorded. ``timing_only`` skips the checks of the step's own details (the next-step panel
    asks what blocks a step before anyone fills them in). ``voters`` is the number of the
    branch's full members on ``on``, against which the members entitled to vote at a meeting
    are checked (:func:`members.development_roster.branch_full_members_on`)."""
    rule_set = application.rule_set
    history = History(list(records))
    found: list[Block] = []
    if step not in STEPS:
        return [Block(_("Steps in order"), gettext("There are 25 steps."))]
    allowed = allowed_steps(rule_set, history)
    training_short = history.position == 11 and not training_complete(rule_set, history)
    if step == 12 and training_short and not history.review_failed:
        return [_training_block(rule_set, history)]
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
        found.append(Block(_("Dates"), gettext("A step cannot be recorded ahead of time.")))
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
    if step == 15:
        review = history.last_record(10)
        valid_until = (
            add_years(review.on, rule_set.political_review_valid_years) if review else None
        )
        passed = review is not None and review.political_review_result == Application.Review.PASSED
        if not passed or valid_until is None or on > valid_until:
            reason = gettext(
                "A passed political review not older than %(years)s year(s) is needed; redo the "
                "review (step 10 may be recorded again)."
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
            "forms": "、".join(str(DocumentKind(kind).label) for kind in STEPS[step].documents),
        }
        found.append(Block(_("Signed document"), reason))
    if step in notice_steps(rule_set) and (
        step != 23 or (details.get("conversion_outcome") or Outcome.CONVERT) == Outcome.CONVERT
    ):
        try:
            found.extend(_notice_blocks(rule_set, step, on, details, last_on))
        except HolidaysNotEntered as missing:
            found.append(Block(_("Public notice"), missing.text))
    if step == 5:
        contacts = [m for m in details.get("contacts") or [] if m is not None]
        unfit = _unfit_sponsors(contacts, on)
        if not 1 <= len(contacts) <= 2:
            reason = gettext("Assign one or two full members as cultivation contacts.")
            found.append(Block(_("Cultivation contacts"), reason))
        elif unfit:
            reason = gettext(
                "Cultivation contacts must have been full members on %(date)s, not under "
                "discipline then: %(names)s was not."
            ) % {"date": on.isoformat(), "names": "、".join(unfit)}
            found.append(Block(_("Cultivation contacts"), reason))
    if step == 9:
        introducers = [m for m in details.get("introducers") or [] if m is not None]
        distinct = {m.pk for m in introducers}
        if len(introducers) != 2 or len(distinct) != 2:
            reason = gettext("Name two different party members as introducers.")
            found.append(Block(_("Introducers"), reason))
        else:
            unfit = _unfit_sponsors(introducers, on)
            if unfit:
                reason = gettext(
                    "Introducers must have been full members on %(date)s, not on probation and "
                    "not under discipline then: %(names)s was not."
                ) % {"date": on.isoformat(), "names": "、".join(unfit)}
                found.append(Block(_("Introducers"), reason))
    if step == 10 and details.get("political_review_result") not in Application.Review.values:
        reason = gettext("Give the result of the political review.")
        found.append(Block(_("Political review"), reason))
    if step == 11 and not (details.get("training_days") or details.get("training_hours")):
        reason = gettext("Give the days or class hours of training attended.")
        found.append(Block(_("Training"), reason))
    if step in VOTE_STEPS:
        found.extend(_vote_blocks(details))
        if voters is not None and details.get("vote_entitled") is not None:
            found.extend(_roster_blocks(details, voters, on))
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
