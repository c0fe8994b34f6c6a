"""Admin pages for the organization tree, enterprises, parks, positions and the alliance (the
holiday calendar's are in :mod:`orgs.admin_holidays`)."""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from orgs import (
    admin_holidays,  # noqa: F401  # registers the holiday calendar's pages
    terms,
)
from orgs.admin_base import NotFoundBeforeForbiddenMixin, ScopedAdmin, ScopedTabularInline
from orgs.models import (
    Alliance,
    AllianceMembership,
    AuditEntry,
    Enterprise,
    Organization,
    OrganizationScope,
    Park,
    Position,
)
from orgs.roles import check_separation


@admin.register(Park)
class ParkAdmin(ScopedAdmin[Park]):
    list_display = ["name", "kind", "area_m2", "operator", "enterprise_count"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["operator"]
    list_select_related = ["operator"]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Park]:
        return super().get_queryset(request).annotate(enterprise_total=Count("enterprises"))

    @admin.display(description=_("enterprises"), ordering="enterprise_total")
    def enterprise_count(self, obj: Park) -> int:
        return obj.enterprise_total  # type: ignore[attr-defined]


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin[Enterprise]):
    list_display = ["name", "uscc", "kind", "park", "legal_representative", "employees"]
    list_filter = ["kind", "park"]
    search_fields = ["name", "uscc", "legal_representative"]
    autocomplete_fields = ["park"]
    list_select_related = ["park"]


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin[Organization]):
    list_display = [
        "indented_name",
        "kind",
        "code",
        "term_start",
        "term_end_state",
        "member_count",
        "branch_life",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent", "enterprise", "park"]
    readonly_fields = ["path"]
    list_select_related = ["parent"]
    ordering = ["path"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + obj.name

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Organization) -> int:
        return obj.member_total  # type: ignore[attr-defined]

    @admin.display(description=_("current term end"), ordering="term_end")
    def term_end_state(self, obj: Organization) -> str:
        """The term's end, with a warning from 6 months before it (:mod:`orgs.terms`)."""
        state = terms.term_state(obj.term_end, timezone.localdate())
        if obj.term_end is None or state is None:
            return "-"
        if state == terms.TermState.CURRENT:
            return obj.term_end.isoformat()
        return format_html(
            '{} <strong class="term-{}">{}</strong>', obj.term_end, state, state.label
        )

    @admin.display(description=_("organizational life"))
    def branch_life(self, obj: Organization) -> str:
        """Links to the branch's dues month and meeting calendar (pages of the members app)."""
        if obj.kind not in (Organization.Kind.BRANCH, Organization.Kind.JOINT_BRANCH):
            return ""
        return format_html(
            '<a href="{}?branch={}">{}</a> · <a href="{}?branch={}">{}</a>',
            reverse("admin:members_duespayment_month"),
            obj.pk,
            _("dues"),
            reverse("admin:members_branchmeeting_calendar"),
            obj.pk,
            _("meetings"),
        )


@admin.register(Position)
class PositionAdmin(ScopedAdmin[Position]):
    list_display = ["name", "kind", "park", "organization", "area_m2", "opened_on"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["park", "organization"]
    list_select_related = ["park", "organization"]


class AllianceMembershipInline(ScopedTabularInline):
    model = AllianceMembership
    autocomplete_fields = ["enterprise"]
    extra = 0


@admin.register(Alliance)
class AllianceAdmin(ScopedAdmin[Alliance]):
    list_display = ["name", "lead_organization", "founded_on", "enterprise_count"]
    search_fields = ["name"]
    autocomplete_fields = ["lead_organization"]
    inlines = [AllianceMembershipInline]
    list_select_related = ["lead_organization"]
    ordering = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alliance]:
        return super().get_queryset(request).annotate(enterprise_total=Count("memberships"))

    @admin.display(description=_("member enterprises"), ordering="enterprise_total")
    def enterprise_count(self, obj: Alliance) -> int:
        return obj.enterprise_total  # type: ignore[attr-defined]


@admin.register(AuditEntry)
class AuditEntryAdmin(NotFoundBeforeForbiddenMixin, admin.ModelAdmin[AuditEntry]):
    """The audit log: readable with filters by auditors, changeable by nobody."""

    list_display = ["at", "actor_name", "ip", "action", "content_type", "object_id", "object_repr"]
    list_filter = ["action", "content_type", "bulk", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_name", "object_repr", "=object_id", "=ip"]
    list_select_related = ["content_type"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganizationScopeInline(ScopedTabularInline):
    model = OrganizationScope
    autocomplete_fields = ["organization"]
    extra = 0


class RoleSeparationForm(UserChangeForm):  # type: ignore[type-arg]
    """Refuses an account that would hold two of the system, security and audit roles."""

    def clean_groups(self) -> Any:
        groups = self.cleaned_data.get("groups")
        check_separation(groups or [])
        return groups


class UserAdmin(NotFoundBeforeForbiddenMixin, BaseUserAdmin):
    form = RoleSeparationForm
    inlines = [OrganizationScopeInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "role_list", "last_login"]
    list_filter = ["is_active", "is_staff", "groups"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj: Any) -> str:
        return "、".join(group.name for group in obj.groups.all())

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        self._object_or_404(request, id)
        return super().user_change_password(request, id, form_url)


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), UserAdmin)

# The other stock admins (groups, login attempts and logs, API tokens, second-factor devices)
# keep their pages and gain only the 404 for rows the user may not see.
for _model in (Group, AccessAttempt, AccessLog, AccessFailureLog, AuthToken, TOTPDevice):
    _stock = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(_model, type(_stock.__name__, (NotFoundBeforeForbiddenMixin, _stock), {}))
