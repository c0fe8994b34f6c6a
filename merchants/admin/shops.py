"""Admin pages for shops and streamers. A shop's integrity status is read from its plaques."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from merchants import rules, selectors
from merchants.models import Shop, Streamer, StreamerAccount
from orgs.admin_base import ScopedAdmin, ScopedTabularInline


class IntegrityFilter(admin.SimpleListFilter):
    """Integrity shops or not, as their plaques say today."""

    title = _("party-member integrity shop")
    parameter_name = "integrity"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(is_integrity_shop=True)
        if self.value() == "no":
            return queryset.filter(is_integrity_shop=False)
        return queryset


@admin.register(Shop)
class ShopAdmin(ScopedAdmin[Shop]):
    list_display = ["name", "enterprise", "platform", "account", "category", "integrity"]
    list_filter = ["platform", "category", IntegrityFilter]
    search_fields = ["name", "account", "enterprise__name"]
    autocomplete_fields = ["enterprise", "owner"]
    list_select_related = ["enterprise"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Shop]:
        return selectors.with_integrity(super().get_queryset(request))

    @admin.display(description=_("party-member integrity shop"), boolean=True)
    def integrity(self, obj: Shop) -> bool:
        return bool(getattr(obj, "is_integrity_shop", False))


class TierFilter(admin.SimpleListFilter):
    """Streamers by follower tier (头部主播 from a million followers)."""

    title = _("follower tier")
    parameter_name = "tier"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(rules.FollowerTier.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        floors = [floor for _tier, floor in rules.FOLLOWER_TIERS]
        for index, (tier, floor) in enumerate(rules.FOLLOWER_TIERS):
            if self.value() == tier:
                queryset = queryset.filter(followers__gte=floor)
                if index > 0:
                    queryset = queryset.filter(followers__lt=floors[index - 1])
        return queryset


class StreamerAccountInline(ScopedTabularInline):
    model = StreamerAccount
    fields = ["platform", "handle", "followers"]
    extra = 0


@admin.register(Streamer)
class StreamerAdmin(ScopedAdmin[Streamer]):
    list_display = [
        "name",
        "handle",
        "platform",
        "followers",
        "tier",
        "enterprise",
        "member",
        "identity",
    ]
    list_filter = ["platform", TierFilter, "wears_badge"]
    search_fields = ["name", "handle", "accounts__handle"]
    autocomplete_fields = ["enterprise", "member", "application"]
    list_select_related = ["enterprise", "member"]
    inlines = [StreamerAccountInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Streamer]:
        return selectors.with_identity(super().get_queryset(request))

    @admin.display(description=_("follower tier"), ordering="followers")
    def tier(self, obj: Streamer) -> str:
        return str(rules.FollowerTier(rules.follower_tier(obj.followers)).label)

    @admin.display(description=_("shows identity (亮身份)"), boolean=True)
    def identity(self, obj: Streamer) -> bool:
        return bool(getattr(obj, "shows_identity", False))
