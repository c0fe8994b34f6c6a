"""Admin pages for shops and streamers. A shop's integrity status is read from its plaques."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from merchants import selectors
from merchants.models import Shop, Streamer
from orgs.admin_base import ScopedAdmin


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


@admin.register(Streamer)
class StreamerAdmin(ScopedAdmin[Streamer]):
    list_display = ["name", "handle", "platform", "followers", "enterprise", "member"]
    list_filter = ["platform"]
    search_fields = ["name", "handle"]
    autocomplete_fields = ["enterprise", "member"]
    list_select_related = ["enterprise", "member"]
