"""Admin pages of party posts and of the branches' state: who holds which post from when to
when, and the overview of every branch in the user's scope — size rules, term, dues arrears,
meeting gaps, the six-month rule and last month's collection rate."""

from typing import Any

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.branch_life import branch_life, branches_of
from members.models import PartyPost
from members.posts import party_post_start
from orgs.admin_base import ScopedAdmin


class CurrentFilter(admin.SimpleListFilter):
    title = _("held")
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("currently held")), ("0", _("ended"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "1":
            return queryset.filter(ended_on__isnull=True)
        if self.value() == "0":
            return queryset.filter(ended_on__isnull=False)
        return queryset


@admin.register(PartyPost)
class PartyPostAdmin(ScopedAdmin[PartyPost]):
    list_display = ["organization", "post", "member", "started_on", "ended_on"]
    list_filter = ["post", CurrentFilter]
    search_fields = ["member__name", "organization__name"]
    autocomplete_fields = ["organization", "member"]
    list_select_related = ["organization", "member"]
    change_list_template = "admin/members/partypost/change_list.html"

    def save_model(self, request: HttpRequest, obj: PartyPost, form: Any, change: bool) -> None:
        if change:
            obj.full_clean()
            obj.save()
            return
        saved = party_post_start(
            organization=obj.organization,
            member=obj.member,
            post=obj.post,
            on=obj.started_on,
            actor=request.user,
        )
        obj.pk = saved.pk

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("overview/", view(self.overview_view), name="members_partypost_overview"),
            *super().get_urls(),
        ]

    def overview_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Branches at a glance"),
            "rows": branch_life(branches_of(request.user)),
        }
        return TemplateResponse(request, "admin/members/partypost/overview.html", context)
