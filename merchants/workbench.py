"""The merchants' part of the home page (:mod:`orgs.workbench`): the committee's plaque and
complaint to-dos, pledges to re-sign, and the party-member integrity
shops of the user's scope by platform, in one grouped query: an officer's are those of their
enterprises, a branch's those of its members."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from merchants import pledges, rules
from merchants.models import Complaint, Plaque, Platform, PledgeSignature, Shop
from merchants.selectors import with_integrity
from merchants.services import workflow_roles
from orgs.dates import add_months
from orgs.scope import scope_for, visible
from orgs.workbench import Figure, Link, Todo, changelist_url


def todos(request: HttpRequest) -> list[Todo]:
    """For committee staff, plaque applications to review, yearly reviews due and complaints
    to verify; for whoever reads the pledges, signatures due to be signed again. One aggregate
    query each, through the scope."""
    user = request.user
    today = timezone.localdate()
    found: list[Todo] = []
    committee = rules.may_take("review", workflow_roles(user))
    if committee and user.has_perm("merchants.view_plaque"):
        S = Plaque.Status
        waiting = [S.APPLIED, S.REVIEWING]
        review_by = today + datetime.timedelta(days=settings.DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS)
        counts = visible(Plaque.objects.all(), user).aggregate(
            waiting=Count("pk", filter=Q(status__in=waiting)),
            review=Count("pk", filter=Q(status=S.AWARDED, valid_until__lte=review_by)),
        )
        found += [
            Todo(
                _("Plaque applications awaiting review"),
                counts["waiting"],
                changelist_url(Plaque, status__in=waiting),
            ),
            Todo(
                _("Plaques due for their yearly review"),
                counts["review"],
                changelist_url(
                    Plaque, status__exact=S.AWARDED, valid_until__lte=review_by.isoformat()
                ),
                urgent=True,
            ),
        ]
    if committee and user.has_perm("merchants.view_complaint"):
        received = Complaint.Status.RECEIVED
        found.append(
            Todo(
                _("Complaints awaiting verification"),
                visible(Complaint.objects.filter(status=received), user).count(),
                changelist_url(Complaint, status__exact=received),
            )
        )
    if user.has_perm("merchants.view_pledgesignature"):
        signed_by = add_months(today + datetime.timedelta(days=pledges.RESIGN_NOTICE_DAYS), -12)
        due = (
            pledges.with_resign_state(visible(PledgeSignature.objects.all(), user), today)
            .filter(superseded=False)  # type: ignore[misc]  # an annotation
            .filter(Q(newer_version=True) | Q(signed_on__lte=signed_by))
            .count()
        )
        found.append(
            Todo(
                _("Pledge signatures due to be signed again"),
                due,
                changelist_url(PledgeSignature),
            )
        )
    return found


def figures(request: HttpRequest) -> list[Figure]:
    if not request.user.has_perm("merchants.view_shop"):
        return []
    shops = with_integrity(visible(Shop.objects.all(), request.user)).filter(
        is_integrity_shop=True  # type: ignore[misc]  # an annotation the plugin cannot see
    )
    scope = scope_for(request.user)
    if scope.org_paths and not scope.unrestricted:
        # The shop register is open to organization staff; a branch's figure counts the shops
        # of its own members.
        shops = shops.filter(scope.org_q("owner__branch__path"))
    by_platform = dict(
        shops.values_list("platform").annotate(total=Count("pk")).order_by("platform")
    )
    labels = dict(Platform.choices)
    return [
        Figure(
            "integrity-shops",
            _("Party-member integrity shops by platform"),
            [str(labels.get(key, key)) for key in by_platform],
            list(by_platform.values()),
            chart="pie",
            url=changelist_url(Shop, integrity="yes"),
            unit=pgettext_lazy("unit", "shops"),
        )
    ]


def links(request: HttpRequest) -> list[Link]:
    return []
