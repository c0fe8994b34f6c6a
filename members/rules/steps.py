"""The 25 steps of membership development as one table: stage, name, who records each, whether
it repeats and which of the national handbook's forms belong to it; with the few facts about
people and rule sets that several rules ask (committee staff, discipline, notice steps)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from members.models import DocumentKind, Member, RuleSet, StepRecord

APPLICANT, BRANCH, GRASSROOTS, COMMITTEE = "applicant", "branch", "grassroots", "committee"
D = DocumentKind


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


VOTE_INPUTS = (
    "vote_entitled",
    "vote_present",
    "vote_for",
    "vote_against",
    "vote_abstain",
    "vote_entitled_reason",
)
_OWN_INPUTS: dict[int, tuple[str, ...]] = {
    5: ("contacts",),
    9: ("introducers",),
    10: ("political_review_result",),
    11: ("training_days", "training_hours"),
    15: VOTE_INPUTS,
    23: ("conversion_outcome", "extension_months", *VOTE_INPUTS),
}


def step_inputs(step: int, rule_set: RuleSet) -> tuple[str, ...]:
    """What recording ``step`` asks besides its date, note and documents: the contacts (5),
    the introducers (9), the review's result (10), the training attended (11), the notice's
    days where a notice precedes the step, the meeting's votes (15, 23) and the conversion
    decision (23)."""
    notice = ("notice_start", "notice_end") if step in notice_steps(rule_set) else ()
    return (*notice, *_OWN_INPUTS.get(step, ()))


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
