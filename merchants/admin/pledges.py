"""Admin pages for the pledge: its versions, and the signatures with the yearly re-signing
shown as due. Writes go through :mod:`merchants.pledges`."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from merchants import pledges
from merchants.models import PledgeSignature, PledgeText
from orgs.admin_base import ScopedAdmin


@admin.register(PledgeText)
class PledgeTextAdmin(ScopedAdmin[PledgeText]):
    list_display = ["title", "version", "published_on"]
    search_fields = ["title", "text"]

    def save_model(self, request: HttpRequest, obj: PledgeText, form: Any, change: bool) -> None:
        pledges.pledge_text_save(pledge=obj, actor=request.user)


@admin.register(PledgeSignature)
class PledgeSignatureAdmin(ScopedAdmin[PledgeSignature]):
    list_display = ["signer", "pledge", "signed_on", "signed_by", "due"]
    list_filter = ["pledge"]
    search_fields = ["signed_by", "shop__name", "streamer__name", "enterprise__name"]
    autocomplete_fields = ["enterprise", "shop", "streamer"]
    list_select_related = ["pledge", "enterprise", "shop", "streamer"]
    date_hierarchy = "signed_on"
    readonly_fields = ["recorded_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PledgeSignature]:
        return pledges.with_resign_state(super().get_queryset(request))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A signature is a record of what happened: corrected by a new one, never edited.
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description=_("signer"))
    def signer(self, obj: PledgeSignature) -> str:
        return obj.signer_label

    @admin.display(description=_("re-signing due"), boolean=True)
    def due(self, obj: PledgeSignature) -> bool:
        return pledges.resign_due(obj)

    def save_model(
        self, request: HttpRequest, obj: PledgeSignature, form: Any, change: bool
    ) -> None:
        pledges.pledge_sign(signature=obj, actor=request.user)
