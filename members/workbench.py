"""The roster's and membership development's part of the home page (:mod:`orgs.workbench`):
development steps due and overdue, steps awaiting the committee, transfers awaiting their
receipt, mobile members not heard from, the user's imports; members by category and branch and
applicants by stage. One aggregate query per model, all through the scope."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import branch_life, dues, rules
from members.dues_services import PAYING_STATUSES, dues_statuses
from members.models import Application, ImportJob, Member, MobileMembership, Transfer
from orgs.dates import add_months
from orgs.models import Organization
from orgs.scope import visible
from orgs.terms import REMINDER_MONTHS
from orgs.workbench import Figure, Link, Todo, changelist_url

# Imports finished or failed within this many days are listed on the home page.
RECENT_IMPORT_DAYS = 7


def todos(request: HttpRequest) -> list[Todo]:
    user = request.user
    today = timezone.localdate()
    found: list[Todo] = []
    if user.has_perm("members.view_application"):
        window = today + datetime.timedelta(days=rules.DUE_WINDOW_DAYS)
        committee = sorted(rules.COMMITTEE_STEPS)
        counts = (
            visible(Application.objects.all(), user)
            .filter(outcome=Application.Outcome.OPEN)
            .aggregate(
                overdue=Count("pk", filter=Q(due_on__lt=today)),
                due=Count("pk", filter=Q(due_on__gte=today, due_on__lte=window)),
                committee=Count("pk", filter=Q(next_step__in=committee)),
            )
        )
        found += [
            Todo(
                _("Development steps overdue"),
                counts["overdue"],
                changelist_url(Application, deadline="overdue"),
                urgent=True,
            ),
            Todo(
                _("Development steps due within 30 days"),
                counts["due"],
                changelist_url(Application, deadline="due"),
            ),
            Todo(
                _("Applications awaiting the committee"),
                counts["committee"],
                changelist_url(Application, outcome__exact="open", next_step__in=committee),
            ),
        ]
    if user.has_perm("members.view_transfer"):
        counts = visible(Transfer.objects.all(), user).aggregate(
            issued=Count("pk", filter=Q(state=Transfer.State.ISSUED)),
            late=Count("pk", filter=Transfer.overdue_q(today)),
        )
        found += [
            Todo(
                _("Transfer receipts missing for over a month"),
                counts["late"],
                changelist_url(Transfer, overdue=1),
                urgent=True,
            ),
            Todo(
                _("Transfers awaiting their receipt"),
                counts["issued"],
                changelist_url(Transfer, state__exact=Transfer.State.ISSUED),
            ),
        ]
    if user.has_perm("members.view_mobilemembership"):
        silent = (
            visible(MobileMembership.objects.all(), user)
            .filter(MobileMembership.silent_q(today))
            .count()
        )
        found.append(
            Todo(
                _("Mobile members not heard from for 6 months"),
                silent,
                changelist_url(MobileMembership, silent=1),
                urgent=True,
            )
        )
    found += branch_life_todos(user, today)
    if user.has_perm("members.view_importjob"):
        since = today - datetime.timedelta(days=RECENT_IMPORT_DAYS)
        S = ImportJob.Status
        failed = [S.FAILED, S.INVALID]
        counts = visible(ImportJob.objects.all(), user).aggregate(
            waiting=Count("pk", filter=Q(status=S.VALIDATED)),
            failed=Count("pk", filter=Q(status__in=failed, created_at__date__gte=since)),
            done=Count("pk", filter=Q(status=S.DONE, created_at__date__gte=since)),
        )
        recent = since.isoformat()
        found += [
            Todo(
                _("Imports awaiting your confirmation"),
                counts["waiting"],
                changelist_url(ImportJob, status__exact=S.VALIDATED),
            ),
            Todo(
                _("Imports failed or refused in the last 7 days"),
                counts["failed"],
                changelist_url(ImportJob, status__in=failed, created_at__date__gte=recent),
                urgent=True,
            ),
            Todo(
                _("Imports finished in the last 7 days"),
                counts["done"],
                changelist_url(ImportJob, status__exact=S.DONE, created_at__date__gte=recent),
            ),
        ]
    return found


def branch_life_todos(user: Any, today: datetime.date) -> list[Todo]:
    """Dues arrears, meeting gaps of the last ended period, terms to renew and the six-month
    rule, each a count of the user's scope in a fixed number of queries."""
    found: list[Todo] = []
    if user.has_perm("members.view_duespayment"):
        members = visible(Member.objects.filter(status__in=PAYING_STATUSES), user)
        levels = [status.arrears_months for status in dues_statuses(members, today).values()]
        month = reverse("admin:members_duespayment_month")
        found += [
            Todo(
                _("Members 6 months or more behind with dues"),
                sum(1 for months in levels if months >= dues.ARREARS_ESCALATION),
                month,
                urgent=True,
            ),
            Todo(
                _("Members 3 to 5 months behind with dues"),
                sum(
                    1
                    for months in levels
                    if dues.ARREARS_FLAGS[0] <= months < dues.ARREARS_ESCALATION
                ),
                month,
            ),
        ]
    if user.has_perm("members.view_branchmeeting"):
        found.append(
            Todo(
                _("Required meetings missing in the last ended period"),
                branch_life.meeting_gap_count(user, today),
                reverse("admin:members_branchmeeting_calendar"),
            )
        )
    if user.has_perm("orgs.view_organization"):
        found.append(
            Todo(
                _("Committee terms ending within 6 months or ended"),
                branch_life.terms_due_count(user, today),
                changelist_url(
                    Organization, term_end__lte=add_months(today, REMINDER_MONTHS).isoformat()
                ),
                urgent=True,
            )
        )
    if user.has_perm("members.view_partypost"):
        found.append(
            Todo(
                _("Members flagged under the six-month rule"),
                branch_life.six_month_count(user, today),
                reverse("admin:members_partypost_overview"),
                urgent=True,
            )
        )
    return found


def figures(request: HttpRequest) -> list[Figure]:
    user = request.user
    found: list[Figure] = []
    if user.has_perm("members.view_member"):
        in_standing = sorted(rules.IN_GOOD_STANDING)
        rows = list(
            visible(Member.objects.all(), user)
            .filter(status__in=in_standing)
            .values("category", "branch__name")
            .annotate(total=Count("pk"))
            .order_by("branch__path", "category")
        )
        categories: dict[str, int] = {}
        branches: dict[str, int] = {}
        for row in rows:
            categories[row["category"]] = categories.get(row["category"], 0) + row["total"]
            branches[row["branch__name"]] = branches.get(row["branch__name"], 0) + row["total"]
        url = changelist_url(Member, status__in=in_standing)
        labels = dict(Member.Category.choices)
        found.append(
            Figure(
                "members-by-category",
                _("Party members by category"),
                [str(labels[key]) for key in categories],
                list(categories.values()),
                chart="pie",
                url=url,
            )
        )
        if len(branches) > 1:
            found.append(
                Figure(
                    "members-by-branch",
                    _("Party members by branch"),
                    list(branches),
                    list(branches.values()),
                    url=url,
                )
            )
    if user.has_perm("members.view_application"):
        stages = dict(
            visible(Application.objects.all(), user)
            .filter(outcome=Application.Outcome.OPEN)
            .values_list("stage")
            .annotate(total=Count("pk"))
            .order_by()
        )
        found.append(
            Figure(
                "applicants-by-stage",
                _("Applicants by stage"),
                [str(label) for label in Application.Stage.labels],
                [stages.get(value, 0) for value in Application.Stage.values],
                url=changelist_url(Application, outcome__exact="open"),
            )
        )
    return found


def links(request: HttpRequest) -> list[Link]:
    if not request.user.has_perm("members.view_application"):
        return []
    return [Link(_("Development pipeline"), reverse("admin:members_application_pipeline"))]
