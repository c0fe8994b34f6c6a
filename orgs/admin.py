"""Admin pages for the organization tree, enterprises, parks, positions and the alliance."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from orgs.models import Alliance, AllianceMembership, Enterprise, Organization, Park, Position


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin[Park]):
    list_display = ["name", "kind", "area_m2", "operator", "enterprise_count"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["operator"]
    list_select_related = ["operator"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Park]:
        return super().get_queryset(request).annotate(enterprise_total=Count("enterprises"))

    @admin.display(description=_("enterprises"), ordering="enterprise_total")
    def enterprise_count(self, obj: Park) -> int:
        return obj.enterprise_total  # type: ignore[attr-defined]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    list_display = ["name", "uscc", "kind", "park", "legal_representative", "employees"]
    list_filter = ["kind", "park"]
    search_fields = ["name", "uscc", "legal_representative"]
    autocomplete_fields = ["park"]
    list_select_related = ["park"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["indented_name", "kind", "code", "term_start", "term_end", "member_count"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "enterprise", "park"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + obj.name

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Organization) -> int:
        return obj.member_total  # type: ignore[attr-defined]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ["name", "kind", "park", "organization", "area_m2", "opened_on"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["park", "organization"]
    list_select_related = ["park", "organization"]


class AllianceMembershipInline(admin.TabularInline[AllianceMembership, Alliance]):
    model = AllianceMembership
    autocomplete_fields = ["enterprise"]
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin[Alliance]):
    list_display = ["name", "lead_organization", "founded_on", "enterprise_count"]
    search_fields = ["name"]
    autocomplete_fields = ["lead_organization"]
    inlines = [AllianceMembershipInline]
    list_select_related = ["lead_organization"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alliance]:
        return super().get_queryset(request).annotate(enterprise_total=Count("memberships"))

    @admin.display(description=_("member enterprises"), ordering="enterprise_total")
    def enterprise_count(self, obj: Alliance) -> int:
        return obj.enterprise_total  # type: ignore[attr-defined]
