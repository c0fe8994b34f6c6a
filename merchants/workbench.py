"""The merchants' part of the home page (:mod:`orgs.workbench`): the party-member integrity
shops of the user's scope by platform, in one grouped query: an officer's are those of their
enterprises, a branch's those of its members."""

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from merchants.models import Platform, Shop
from merchants.selectors import with_integrity
from orgs.scope import scope_for, visible
from orgs.workbench import Figure, Link, Todo, changelist_url


def todos(request: HttpRequest) -> list[Todo]:
    return []


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
