"""Admin of the site-wide models: the big screen's display tokens, created and revoked by
committee staff (each write audited by :mod:`config.screen.services`)."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.models import DisplayToken
from config.screen.access import staff_may_view
from config.screen.services import display_token_create, display_token_revoke
from orgs.admin_base import ScopedAdmin


@admin.register(DisplayToken)
class DisplayTokenAdmin(ScopedAdmin[DisplayToken]):
    list_display = ("name", "created_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    fields = ("name", "created_at", "revoked_at")
    actions = ("revoke",)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return staff_may_view(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return staff_may_view(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return staff_may_view(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only the revoke action changes a token; its page is read-only.
        return obj is None and staff_may_view(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked tokens stay on record

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("name", "created_at", "revoked_at") if obj else ("created_at", "revoked_at")

    def save_model(self, request: HttpRequest, obj: DisplayToken, form: Any, change: bool) -> None:
        if change:
            return
        token, raw = display_token_create(name=obj.name, actor=request.user)
        obj.pk, obj.token_hash, obj.created_at = token.pk, token.token_hash, token.created_at
        url = request.build_absolute_uri(reverse("screen")) + "?token=" + raw
        messages.warning(
            request,
            _("Open this address once on the screen “%(name)s”; it is shown only now: %(url)s")
            % {"name": token.name, "url": url},
        )

    @admin.action(description=_("Revoke the selected display tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[DisplayToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            display_token_revoke(token=token, actor=request.user)
        messages.success(request, _("The selected display tokens are revoked."))
