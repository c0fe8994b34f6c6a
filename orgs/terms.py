"""Terms of party organizations (DESIGN.md §4 "Organization"): a grassroots committee is
elected for 5 years, a general branch and a branch for 3. The current term's end is kept on
the organization (``term_end``); it is *due* from 6 months before its end — the election has
to be prepared — and *overdue* once it has passed without a new term."""

import datetime

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from orgs.dates import add_months, add_years
from orgs.models import Organization

Kind = Organization.Kind
TERM_YEARS: dict[str, int] = {
    Kind.COMMITTEE: 5,
    Kind.GENERAL_BRANCH: 3,
    Kind.BRANCH: 3,
    Kind.JOINT_BRANCH: 3,
}
REMINDER_MONTHS = 6


class TermState(models.TextChoices):
    CURRENT = "current", _("in term")
    DUE = "due", _("term ends within 6 months")
    OVERDUE = "overdue", _("term ended: election overdue")


def term_end_for(kind: str, start: datetime.date) -> datetime.date | None:
    """The end of a term of ``kind`` starting on ``start`` (None for a kind without terms)."""
    years = TERM_YEARS.get(kind)
    return add_years(start, years) if years else None


def term_state(end: datetime.date | None, today: datetime.date) -> TermState | None:
    if end is None:
        return None
    if end < today:
        return TermState.OVERDUE
    if add_months(today, REMINDER_MONTHS) >= end:
        return TermState.DUE
    return TermState.CURRENT


def terms_to_watch(
    organizations: QuerySet[Organization], today: datetime.date
) -> QuerySet[Organization]:
    """Organizations whose term is due or overdue on ``today``."""
    return organizations.filter(
        Q(term_end__lte=add_months(today, REMINDER_MONTHS)), kind__in=list(TERM_YEARS)
    ).order_by("term_end", "path")
