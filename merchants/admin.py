"""Admin pages for shops and streamers."""

from django.contrib import admin

from merchants.models import Shop, Streamer
from orgs.admin_base import ScopedAdmin


@admin.register(Shop)
class ShopAdmin(ScopedAdmin[Shop]):
    list_display = ["name", "enterprise", "platform", "account", "category", "is_integrity_shop"]
    list_filter = ["platform", "category", "is_integrity_shop"]
    search_fields = ["name", "account", "enterprise__name"]
    autocomplete_fields = ["enterprise", "owner"]
    list_select_related = ["enterprise"]


@admin.register(Streamer)
class StreamerAdmin(ScopedAdmin[Streamer]):
    list_display = ["name", "handle", "platform", "followers", "enterprise", "member"]
    list_filter = ["platform"]
    search_fields = ["name", "handle"]
    autocomplete_fields = ["enterprise", "member"]
    list_select_related = ["enterprise", "member"]
