"""The rules of an integrity-shop plaque, as data.

``TRANSITIONS`` is the one table of which action moves a plaque from which statuses to which,
and which party takes it; the services in :mod:`merchants.services` look every action up here
and refuse anything else, and the admin and the API offer a user only the actions the table
gives them. :func:`precondition_refusal` holds the rules that stand in the way although the
status allows the action (the waiting period after a revocation, the yearly rhythm of reviews).
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from merchants.models import Complaint, Plaque, Shop
from orgs.dates import add_months
from orgs.roles import ROLES

S = Plaque.Status


class Party(StrEnum):
    """Who takes a step of a plaque: a shop applies through its branch secretary or committee
    staff; review, award, suspension, restoration and revocation are the committee's decisions."""

    APPLICANT = "applicant"
    COMMITTEE = "committee"


PARTY_ROLES: dict[Party, frozenset[str]] = {
    Party.APPLICANT: frozenset({"committee_staff", "branch_secretary"}),
    Party.COMMITTEE: frozenset({"committee_staff"}),
}


def party_label(party: Party) -> Promise:
    """The party's roles by name, in the order of the roles table, e.g. "行业党委工作人员"."""
    labels = [ROLES[key]["label"] for key in ROLES if key in PARTY_ROLES[party]]
    return format_lazy("、".join(["{}"] * len(labels)), *labels)


@dataclass(frozen=True)
class Transition:
    """An action's label, the statuses it starts from, the status it leads to, the party that
    takes it and whether it needs a reason."""

    label: Promise
    sources: frozenset[str]
    target: str
    party: Party = Party.COMMITTEE
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    "apply": Transition(_("apply for the plaque"), frozenset(), S.APPLIED, Party.APPLICANT),
    "review": Transition(_("start the review"), frozenset({S.APPLIED}), S.REVIEWING),
    "reject": Transition(
        _("reject the application"), frozenset({S.REVIEWING}), S.REJECTED, needs_reason=True
    ),
    "award": Transition(_("award the plaque"), frozenset({S.REVIEWING}), S.AWARDED),
    "renew": Transition(_("pass the yearly review"), frozenset({S.AWARDED}), S.AWARDED),
    "suspend": Transition(
        _("suspend the plaque"), frozenset({S.AWARDED}), S.SUSPENDED, needs_reason=True
    ),
    "restore": Transition(
        _("restore the plaque"), frozenset({S.SUSPENDED}), S.AWARDED, needs_reason=True
    ),
    "revoke": Transition(
        _("revoke the plaque"),
        frozenset({S.AWARDED, S.SUSPENDED}),
        S.REVOKED,
        needs_reason=True,
    ),
}

# Statuses in which a plaque is over; a shop whose plaques are all over may apply again.
ENDED = frozenset({S.REVOKED, S.REJECTED})


def allowed_actions(status: str) -> list[str]:
    """The actions a plaque in ``status`` may take, in table order."""
    return [name for name, rule in TRANSITIONS.items() if status in rule.sources]


def may_take(action: str, roles: frozenset[str]) -> bool:
    """Whether a holder of ``roles`` belongs to the party that takes ``action``."""
    return bool(PARTY_ROLES[TRANSITIONS[action].party] & roles)


def valid_until(start: datetime.date) -> datetime.date:
    """The last day of validity of a plaque awarded or reviewed on ``start``."""
    months = settings.DANGJIAN_PLAQUE_VALIDITY_MONTHS
    return add_months(start, months) - datetime.timedelta(days=1)


def earliest_reapplication(revoked_on: datetime.date) -> datetime.date:
    """The first day a shop whose plaque was revoked on ``revoked_on`` may apply again."""
    return revoked_on + datetime.timedelta(days=settings.DANGJIAN_PLAQUE_REAPPLY_DAYS)


def earliest_review(plaque: Plaque) -> datetime.date | None:
    """The first day of the next yearly review: the notice period before the end of validity."""
    if plaque.valid_until is None:
        return None
    notice = datetime.timedelta(days=settings.DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS)
    return plaque.valid_until - notice


def application_refusal(
    shop: Shop, on: datetime.date
) -> tuple[str, StrPromise, dict[str, Any]] | None:
    """Why ``shop`` cannot apply for a plaque on ``on``, as ``(code, message, params)``."""
    plaques = list(shop.plaques.order_by("-pk"))
    open_plaque = next((p for p in plaques if p.status not in ENDED), None)
    if open_plaque is not None:
        return (
            "open_plaque",
            _("This shop already has a plaque that is “%(status)s”."),
            {"status": open_plaque.get_status_display()},
        )
    revoked = [p.ended_on for p in plaques if p.status == S.REVOKED and p.ended_on]
    if revoked:
        first = earliest_reapplication(max(revoked))
        if on < first:
            return (
                "waiting",
                _("The shop's plaque was revoked on %(revoked)s; it may apply again from %(day)s."),
                {"revoked": max(revoked).isoformat(), "day": first.isoformat()},
            )
    return None


def precondition_refusal(
    action: str, plaque: Plaque, on: datetime.date
) -> tuple[str, StrPromise, dict[str, Any]] | None:
    """Why ``action`` cannot be taken on ``plaque`` on ``on`` although its status allows it."""
    last = max(
        (day for day in (plaque.applied_on, plaque.awarded_on, plaque.reviewed_on) if day),
        default=None,
    )
    if last is not None and on < last:
        return (
            "before_last_step",
            _("The date cannot be before the plaque's last step (%(day)s)."),
            {"day": last.isoformat()},
        )
    if action == "renew":
        first = earliest_review(plaque)
        if first is not None and on < first:
            return (
                "review_too_early",
                _(
                    "The yearly review falls in the last %(days)s days of validity; this plaque "
                    "is valid until %(until)s, its review is possible from %(day)s."
                ),
                {
                    "days": settings.DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS,
                    "until": plaque.valid_until.isoformat() if plaque.valid_until else "",
                    "day": first.isoformat(),
                },
            )
    return None


# Plaque fields that only the transitions write: read-only in the admin form and the API.
WORKFLOW_FIELDS = (
    "status",
    "number",
    "awarded_on",
    "valid_until",
    "responsible",
    "reviewed_on",
    "ended_on",
    "code",
)


# --- complaints -------------------------------------------------------------------------------

C = Complaint.Status


class ComplaintParty(StrEnum):
    """Who records a complaint (anyone who works with shops) and who verifies and settles it
    (committee staff)."""

    RECORDER = "recorder"
    COMMITTEE = "committee"


COMPLAINT_PARTY_ROLES: dict[ComplaintParty, frozenset[str]] = {
    ComplaintParty.RECORDER: frozenset(
        {"committee_staff", "branch_secretary", "commissioner", "red_leader"}
    ),
    ComplaintParty.COMMITTEE: frozenset({"committee_staff"}),
}


@dataclass(frozen=True)
class ComplaintTransition:
    label: Promise
    sources: frozenset[str]
    target: str
    party: ComplaintParty = ComplaintParty.COMMITTEE


COMPLAINT_TRANSITIONS: dict[str, ComplaintTransition] = {
    "receive": ComplaintTransition(
        _("receive the complaint"), frozenset(), C.RECEIVED, ComplaintParty.RECORDER
    ),
    "verify": ComplaintTransition(_("verify the complaint"), frozenset({C.RECEIVED}), C.VERIFIED),
    "close": ComplaintTransition(_("record the outcome"), frozenset({C.VERIFIED}), C.CLOSED),
}


def complaint_party_label(party: ComplaintParty) -> Promise:
    labels = [ROLES[key]["label"] for key in ROLES if key in COMPLAINT_PARTY_ROLES[party]]
    return format_lazy("、".join(["{}"] * len(labels)), *labels)


def complaint_window_start(on: datetime.date) -> datetime.date:
    """The first day of the window in which substantiated complaints are counted, for a
    verification on ``on``: ``DANGJIAN_COMPLAINT_WINDOW_MONTHS`` back (12 by default)."""
    return add_months(on, -settings.DANGJIAN_COMPLAINT_WINDOW_MONTHS)


def suspends(substantiated_in_window: int) -> bool:
    """Whether this many substantiated complaints within the window suspend the plaque: at the
    ``DANGJIAN_COMPLAINT_SUSPEND_COUNT``-th (2 by default)."""
    return bool(substantiated_in_window >= settings.DANGJIAN_COMPLAINT_SUSPEND_COUNT)


# --- streamers --------------------------------------------------------------------------------


class FollowerTier(models.TextChoices):
    """Streamers by followers of their main account; 头部主播 from a million (the source story
    counts 175 of them)."""

    HEAD = "head", _("head streamer")
    WAIST = "waist", _("mid-tier streamer")
    NEW = "new", _("rising streamer")


# The lowest follower count of each tier, highest first.
FOLLOWER_TIERS: list[tuple[str, int]] = [
    (FollowerTier.HEAD, 1_000_000),
    (FollowerTier.WAIST, 100_000),
    (FollowerTier.NEW, 0),
]


def follower_tier(followers: int) -> str:
    """The tier of a streamer with ``followers``."""
    return next(tier for tier, floor in FOLLOWER_TIERS if followers >= floor)
