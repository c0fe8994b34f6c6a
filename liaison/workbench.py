"""The liaison part of the home page (:mod:`orgs.workbench`): cases past their deadline and
cases whose next step is the user's, joint-meeting decisions due and overdue; open cases by
grade. One aggregate query per model, all through the scope."""

import datetime

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liaison import selectors
from liaison.models import Case, Decision
from orgs.scope import visible
from orgs.workbench import Figure, Link, Todo, changelist_url

# Decisions whose deadline falls within this many days are due.
DECISION_DUE_DAYS = 7
OPEN_CASE = [status for status in Case.Status.values if status != Case.Status.CLOSED]
OPEN_DECISION = [Decision.Status.OPEN, Decision.Status.IN_PROGRESS]


def todos(request: HttpRequest) -> list[Todo]:
    user = request.user
    found: list[Todo] = []
    if user.has_perm("liaison.view_case"):
        cases = visible(Case.objects.all(), user)
        mine = selectors.cases_awaiting(Case.objects.all(), user).values("pk")
        counts = cases.aggregate(
            overdue=Count("pk", filter=Q(overdue=True)),
            mine=Count("pk", filter=Q(pk__in=mine)),
        )
        found += [
            Todo(
                _("Cases past their feedback deadline"),
                counts["overdue"],
                changelist_url(Case, overdue__exact=1),
                urgent=True,
            ),
            Todo(
                _("Cases awaiting your action"),
                counts["mine"],
                changelist_url(Case, awaiting="me"),
            ),
        ]
    if user.has_perm("liaison.view_decision"):
        today = timezone.localdate()
        until = today + datetime.timedelta(days=DECISION_DUE_DAYS)
        counts = (
            visible(Decision.objects.all(), user)
            .filter(status__in=OPEN_DECISION)
            .aggregate(
                overdue=Count("pk", filter=Q(overdue=True)),
                due=Count("pk", filter=Q(deadline__gte=today, deadline__lte=until)),
            )
        )
        found += [
            Todo(
                _("Decisions past their deadline"),
                counts["overdue"],
                changelist_url(Decision, overdue__exact=1),
                urgent=True,
            ),
            Todo(
                _("Decisions due within 7 days"),
                counts["due"],
                changelist_url(
                    Decision,
                    status__in=OPEN_DECISION,
                    deadline__gte=today.isoformat(),
                    deadline__lte=until.isoformat(),
                ),
            ),
        ]
    return found


def figures(request: HttpRequest) -> list[Figure]:
    if not request.user.has_perm("liaison.view_case"):
        return []
    by_grade = dict(
        visible(Case.objects.all(), request.user)
        .exclude(status=Case.Status.CLOSED)
        .values_list("grade")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return [
        Figure(
            "open-cases-by-grade",
            _("Open cases by grade"),
            [str(_("not yet graded")), *(str(label) for label in Case.Grade.labels)],
            [by_grade.get(value, 0) for value in ["", *Case.Grade.values]],
            url=changelist_url(Case, status__in=OPEN_CASE),
            unit=pgettext_lazy("unit", "cases"),
        )
    ]


def links(request: HttpRequest) -> list[Link]:
    if not request.user.has_perm("liaison.view_case"):
        return []
    return [Link(_("Case figures"), reverse("admin:liaison_case_figures"))]
