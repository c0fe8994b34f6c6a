"""The rules of an enterprise case (DESIGN.md §4 "Enterprise cases"), as data.

``TRANSITIONS`` is the one table of which action may move a case from which statuses to which;
the services in :mod:`liaison.services` look every action up here and refuse anything else.
``FEEDBACK_PERIODS`` gives each grade its feedback deadline; ``AWAITING_FEEDBACK`` and
``CLOSING_SATISFACTION`` are the status and satisfaction groups the services and the figures
share.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from liaison.models import Case
from orgs.workdays import add_working_days

S = Case.Status


@dataclass(frozen=True)
class Transition:
    """An action's label, the statuses it starts from and the status it leads to."""

    label: Promise
    sources: frozenset[str]
    target: str


# Where a case is handled: the commissioner takes it on (straight to accepted), dispatches it to
# a responsible unit, or escalates it to a joint meeting; a reopened case goes the same ways.
_ROUTABLE = frozenset({S.GRADED, S.REOPENED})
_ACTIVE = frozenset({S.ESCALATED, S.ACCEPTED, S.IN_PROGRESS, S.ANSWERED, S.REVISITED})

TRANSITIONS: dict[str, Transition] = {
    "register": Transition(_("register"), frozenset(), S.REGISTERED),
    "grade": Transition(_("grade"), frozenset({S.REGISTERED}), S.GRADED),
    "handle": Transition(_("handle in person"), _ROUTABLE, S.ACCEPTED),
    "dispatch": Transition(_("dispatch to a unit"), _ROUTABLE, S.DISPATCHED),
    "escalate": Transition(_("escalate to a joint meeting"), _ROUTABLE, S.ESCALATED),
    "accept": Transition(_("accept"), frozenset({S.DISPATCHED, S.ESCALATED}), S.ACCEPTED),
    "start": Transition(_("start work"), frozenset({S.ACCEPTED}), S.IN_PROGRESS),
    "approve_extension": Transition(
        _("approve a deadline extension"), frozenset({S.IN_PROGRESS}), S.IN_PROGRESS
    ),
    "extend": Transition(_("extend the deadline"), frozenset({S.IN_PROGRESS}), S.IN_PROGRESS),
    "answer": Transition(_("answer the enterprise"), frozenset({S.IN_PROGRESS}), S.ANSWERED),
    "revisit": Transition(_("record the return visit"), frozenset({S.ANSWERED}), S.REVISITED),
    "close": Transition(_("close"), frozenset({S.REVISITED}), S.CLOSED),
    "reopen": Transition(_("reopen"), frozenset({S.REVISITED}), S.REOPENED),
    # A joint-meeting decision that is carried out settles its case, wherever the case stands.
    "close_by_decision": Transition(_("close by a completed decision"), _ACTIVE, S.CLOSED),
}

# Statuses in which a case still owes the enterprise its feedback: the deadline watch flags them
# once their deadline passes, and the figures count them as overdue.
AWAITING_FEEDBACK = (
    S.GRADED,
    S.DISPATCHED,
    S.ESCALATED,
    S.ACCEPTED,
    S.IN_PROGRESS,
    S.REOPENED,
)

# Satisfaction levels that let a revisited case close; the rest reopen it.
CLOSING_SATISFACTION = frozenset({Case.Satisfaction.SATISFIED, Case.Satisfaction.BASICALLY})

# Feedback period per grade: (hours of real time, or days counted from the registration date).
FEEDBACK_PERIODS: dict[str, tuple[int, int]] = {
    Case.Grade.URGENT: (2, 0),
    Case.Grade.UTILITIES: (24, 0),
    Case.Grade.GENERAL: (0, 7),
    Case.Grade.COMPLEX: (0, 15),
}


def allowed_actions(status: str) -> list[str]:
    """The actions a case in ``status`` may take, in table order."""
    return [name for name, rule in TRANSITIONS.items() if status in rule.sources]


def feedback_due(grade: str, registered_at: datetime.datetime) -> datetime.datetime:
    """When feedback is due for a case of ``grade`` registered at ``registered_at``.

    Hour periods run in real time. Day periods end at the same time of day, ``n`` days after the
    registration date — Chinese working days (holidays skipped, make-up days counted) when
    ``DANGJIAN_CASE_DAYS_ARE_WORKING_DAYS`` is on, calendar days otherwise.
    """
    hours, days = FEEDBACK_PERIODS[grade]
    if hours:
        return registered_at + datetime.timedelta(hours=hours)
    local = timezone.localtime(registered_at)
    if settings.DANGJIAN_CASE_DAYS_ARE_WORKING_DAYS:
        day = add_working_days(local.date(), days)
    else:
        day = local.date() + datetime.timedelta(days=days)
    return local.replace(year=day.year, month=day.month, day=day.day)


# Case fields that only the transitions write: read-only in the admin form and the API.
WORKFLOW_FIELDS = (
    "status",
    "grade",
    "responsible_unit",
    "due_at",
    "answered_at",
    "answer",
    "satisfaction",
    "extensions_approved",
    "extensions_used",
    "overdue",
    "closed_at",
)
