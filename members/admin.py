"""Admin pages for the party roster."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from members.forms import MemberForm
from members.models import Member
from members.services import member_reveal, member_save
from orgs.admin_base import ScopedAdmin
from orgs.identifiers import normalize_id_number


@admin.register(Member)
class MemberAdmin(ScopedAdmin[Member]):
    form = MemberForm
    list_display = [
        "name",
        "gender",
        "id_number_masked",
        "branch",
        "category",
        "status",
        "occupation",
        "admission_date",
        "mobile_masked",
    ]
    list_filter = ["category", "status", "occupation", "education", "gender", "branch"]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "workplace"]
    list_select_related = ["branch"]
    readonly_fields = ["id_number_display", "created_at", "updated_at"]
    _can_reveal = False
    date_hierarchy = "admission_date"
    fieldsets = [
        (
            _("Basic data"),
            {
                "fields": [
                    ("name", "gender", "ethnicity"),
                    ("id_number_display", "id_number", "birth_date"),
                    ("mobile", "native_place"),
                    ("education", "degree"),
                    ("occupation", "workplace"),
                    "address",
                ]
            },
        ),
        (
            _("Party data"),
            {
                "fields": [
                    "branch",
                    ("category", "status", "source"),
                    ("admission_date", "full_membership_date"),
                    ("party_posts", "lost_contact"),
                    ("dues_standard", "dues_paid_to"),
                ]
            },
        ),
    ]

    def get_urls(self) -> list[URLPattern]:
        reveal = path(
            "<path:object_id>/reveal/",
            self.admin_site.admin_view(self.reveal_view),
            name="members_member_reveal",
        )
        return [reveal, *super().get_urls()]

    def reveal_view(self, request: HttpRequest, object_id: str) -> TemplateResponse:
        """Shows one member's full ID number and phone to a user holding the reveal permission;
        every reveal is audited."""
        if not request.user.has_perm("members.reveal_personal_data"):
            raise PermissionDenied
        member = self.get_object(request, object_id)
        if member is None:
            raise Http404
        revealed = member_reveal(member=member, actor=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Personal data of %(name)s") % {"name": member.name},
            "member": member,
            "revealed": revealed,
            "opts": self.opts,
        }
        return TemplateResponse(request, "members/reveal.html", context)

    @admin.display(description=_("ID number"))
    def id_number_display(self, obj: Member) -> str:
        if not obj.pk:
            return "-"
        if not self._can_reveal:
            return obj.id_number_masked
        url = reverse("admin:members_member_reveal", args=[obj.pk])
        return format_html('{} <a href="{}">{}</a>', obj.id_number_masked, url, _("reveal"))

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> Any:
        self._can_reveal = request.user.has_perm("members.reveal_personal_data")
        return super().get_readonly_fields(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        """A full ID number in the search box finds its member through the blind index."""
        try:
            number = normalize_id_number(search_term)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(id_number_hash=Member.hash_id_number(number)), False

    def save_model(
        self, request: HttpRequest, obj: Member, form: ModelForm[Member], change: bool
    ) -> None:
        member_save(member=obj, actor=request.user)
