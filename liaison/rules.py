"""The rules of an enterprise case (DESIGN.md §4 "Enterprise cases"), as data.

``TRANSITIONS`` is the one table of which action may move a case from which statuses to which,
and which party takes it; the services in :mod:`liaison.services` look every action up here and
refuse anything else, and the admin and the API offer a user only the actions the table gives
them. ``FEEDBACK_PERIODS`` gives each grade its feedback deadline; ``AWAITING_FEEDBACK`` and
``CLOSING_SATISFACTION`` are the status and satisfaction groups the services and the figures
share.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from liaison.models import Case
from orgs.roles import ROLES
from orgs.workdays import add_working_days

S = Case.Status


class Party(StrEnum):
    """Who takes a step of a case's workflow.

    As in the 12345 hotline's practice, the return visit — asking the enterprise whether it is
    satisfied — and the closing or reopening that follows from it are not left to whoever
    handled the case: a reviewer records them, and a reviewer who took any handling step of the
    case is refused."""

    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    REVIEWER = "reviewer"


# Role keys of ``orgs.roles.ROLES`` per party; the reviewers come from the setting
# ``DANGJIAN_RETURN_VISIT_ROLES`` (by default the red-leader secretary and committee staff).
HANDLER_ROLES = frozenset({"commissioner", "red_leader"})
SUPERVISOR_ROLES = frozenset({"red_leader"})


def party_roles(party: Party) -> frozenset[str]:
    """The roles whose holders take the steps of ``party``."""
    if party is Party.REVIEWER:
        return frozenset(settings.DANGJIAN_RETURN_VISIT_ROLES)
    return HANDLER_ROLES if party is Party.HANDLER else SUPERVISOR_ROLES


def party_label(party: Party) -> Promise:
    """The party's roles by name, in the order of the roles table, e.g. "服务专员、红领书记"."""
    labels = [ROLES[key]["label"] for key in ROLES if key in party_roles(party)]
    return format_lazy("、".join(["{}"] * len(labels)), *labels)


@dataclass(frozen=True)
class Transition:
    """An action's label, the statuses it starts from, the status it leads to and the party
    that takes it."""

    label: Promise
    sources: frozenset[str]
    target: str
    party: Party = Party.HANDLER


# Where a case is handled: the commissioner takes it on (straight to accepted), dispatches it to
# a responsible unit, or escalates it to a joint meeting; a reopened case goes the same ways.
_ROUTABLE = frozenset({S.GRADED, S.REOPENED})
_ACTIVE = frozenset({S.ESCALATED, S.ACCEPTED, S.IN_PROGRESS, S.ANSWERED, S.REVISITED})

TRANSITIONS: dict[str, Transition] = {
    "register": Transition(_("register"), frozenset(), S.REGISTERED),
    "grade": Transition(_("grade the case"), frozenset({S.REGISTERED}), S.GRADED),
    "handle": Transition(_("handle in person"), _ROUTABLE, S.ACCEPTED),
    "dispatch": Transition(_("dispatch to a unit"), _ROUTABLE, S.DISPATCHED),
    "escalate": Transition(_("escalate to a joint meeting"), _ROUTABLE, S.ESCALATED),
    "accept": Transition(_("accept"), frozenset({S.DISPATCHED, S.ESCALATED}), S.ACCEPTED),
    "start": Transition(_("start work"), frozenset({S.ACCEPTED}), S.IN_PROGRESS),
    "approve_extension": Transition(
        _("approve a deadline extension"),
        frozenset({S.IN_PROGRESS}),
        S.IN_PROGRESS,
        Party.SUPERVISOR,
    ),
    "extend": Transition(_("extend the deadline"), frozenset({S.IN_PROGRESS}), S.IN_PROGRESS),
    "answer": Transition(_("answer the enterprise"), frozenset({S.IN_PROGRESS}), S.ANSWERED),
    "revisit": Transition(
        _("record the return visit"), frozenset({S.ANSWERED}), S.REVISITED, Party.REVIEWER
    ),
    "close": Transition(_("close"), frozenset({S.REVISITED}), S.CLOSED, Party.REVIEWER),
    "reopen": Transition(_("reopen"), frozenset({S.REVISITED}), S.REOPENED, Party.REVIEWER),
    # A joint-meeting decision that is carried out settles its case, wherever the case stands.
    "close_by_decision": Transition(
        _("close by a completed decision"), _ACTIVE, S.CLOSED, Party.SUPERVISOR
    ),
}

# The steps that make someone a handler of a case, so that they cannot review it.
HANDLING_ACTIONS = frozenset(
    name for name, rule in TRANSITIONS.items() if rule.party is Party.HANDLER
)

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


def may_take(action: str, roles: frozenset[str]) -> bool:
    """Whether a holder of ``roles`` belongs to the party that takes ``action``."""
    return bool(party_roles(TRANSITIONS[action].party) & roles)


def precondition_refusal(action: str, case: Case) -> tuple[str, StrPromise] | None:
    """Why ``action`` cannot be taken on ``case`` although its status allows it, as ``(code,
    message)``; None when nothing stands in the way."""
    approval_pending = case.extensions_approved > case.extensions_used
    if action == "approve_extension" and approval_pending:
        return "approval_pending", _("An approved extension has not been used yet.")
    if action == "extend" and not approval_pending:
        return "not_approved", _(
            "Extending the deadline needs the red-leader secretary's approval."
        )
    closing = case.satisfaction in CLOSING_SATISFACTION
    if action == "close" and case.status == S.REVISITED and not closing:
        return "dissatisfied", _(
            "The enterprise is dissatisfied; reopen the case instead of closing it."
        )
    if action == "reopen" and case.status == S.REVISITED and closing:
        return "satisfied", _("Only a case the enterprise is dissatisfied with can be reopened.")
    return None


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
