"""Admin pages for the organization tree, enterprises, parks, positions and the alliance (the
holiday calendar's are in :mod:`orgs.admin_holidays`)."""

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from orgs import (
    admin_holidays,  # noqa: F401  # registers the holiday calendar's pages
    terms,
)
from orgs.admin_base import NotFoundBeforeForbiddenMixin, ScopedAdmin, ScopedTabularInline
from orgs.admin_lists import BoundedPaginator
from orgs.audit.display import readable
from orgs.audit.export import FORMATS, audit_log_export
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
        return int(obj.enterprise_total)  # type: ignore[attr-defined]


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
        # A subquery per row shown, not a count grouped over the whole roster.
        members = Organization._meta.get_field("members").related_model._base_manager
        count = members.filter(branch=OuterRef("pk")).order_by().values("branch")
        total = Subquery(count.annotate(n=Count("pk")).values("n"))
        return super().get_queryset(request).annotate(member_total=Coalesce(total, 0))

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + obj.name

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Organization) -> int:
        return int(obj.member_total)  # type: ignore[attr-defined]

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
        return int(obj.enterprise_total)  # type: ignore[attr-defined]


_ENTRY_FIELDS = ["at", "actor_name", "ip", "action", "content_type", "object_id", "object_repr",
                 "readable_changes", "bulk", "previous_hash", "entry_hash"]  # fmt: skip


@admin.register(AuditEntry)
class AuditEntryAdmin(NotFoundBeforeForbiddenMixin, admin.ModelAdmin[AuditEntry]):
    """The audit log: readable with filters by auditors, changeable by nobody; the filtered
    log exports as CSV or Excel, and the export is audited."""

    list_display = ["at", "actor_name", "ip", "action", "content_type", "object_id", "object_repr"]
    list_filter = ["action", "content_type", "bulk", ("at", admin.DateFieldListFilter)]
    search_fields = ["actor_name", "object_repr", "=object_id", "=ip"]
    list_select_related = ["content_type"]
    # No date hierarchy: its year links scan the whole log; the "at" filter narrows by date.
    paginator = BoundedPaginator
    fields = (*_ENTRY_FIELDS,)
    readonly_fields = _ENTRY_FIELDS
    show_full_result_count = False
    change_list_template = "admin/orgs/auditentry/change_list.html"

    @admin.display(description=_("changes"))
    def readable_changes(self, obj: AuditEntry) -> str:
        item = readable([obj], self._reader)[0]
        return format_html_join(
            "",
            "<div>{}：{}{}</div>",
            ((c.label, f"{c.old} → " if c.old else "", c.new) for c in item.changes),
        )

    _reader: Any = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        self._reader = request.user
        return super().get_readonly_fields(request, obj)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "export/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name="orgs_auditentry_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, file_format: str) -> HttpResponse:
        """The log as filtered on the list page (same query string), as a file."""
        if file_format not in FORMATS or not self.has_view_permission(request):
            raise Http404
        entries = self.get_changelist_instance(request).get_queryset(request)
        filters = [f"{k}={v}" for k, v in request.GET.items()]
        content = audit_log_export(
            entries=entries, file_format=file_format, filters=filters, actor=request.user
        )
        kinds = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}
        response = HttpResponse(content, content_type=kinds[file_format])
        stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.{file_format}"'
        return response

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


class UserAdmin(NotFoundBeforeForbiddenMixin, BaseUserAdmin[User]):
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

PERMISSION_ACTIONS = {
    action: pgettext_lazy("permission", action) for action in ("add", "change", "delete", "view")
}


def permission_label(permission: Permission) -> str:
    """A permission in the user's language: Django stores its names in English ("Can view
    party member"); the standard four read as 查看 + the model's name, the project's own as
    their translated names."""
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        opts = model._meta
        return f"{opts.app_config.verbose_name} · {PERMISSION_ACTIONS[action]}{opts.verbose_name}"
    return gettext(permission.name)


class GroupAdmin(NotFoundBeforeForbiddenMixin, BaseGroupAdmin):
    """Role groups with their permissions named in Chinese."""

    readonly_fields = ["permission_list"]

    def formfield_for_manytomany(
        self, db_field: Any, request: HttpRequest | None = None, **kwargs: Any
    ) -> Any:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name == "permissions":
            field.label_from_instance = permission_label  # type: ignore[method-assign,assignment]  # a label per instance
        return field

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self.has_change_permission(request, obj):
            return ["name", "permissions"]
        return ["name", "permission_list"]

    @admin.display(description=_("permissions"))
    def permission_list(self, obj: Group) -> str:
        permissions = obj.permissions.select_related("content_type")
        return "、".join(permission_label(p) for p in permissions)


admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)

# The other stock admins (groups, login attempts and logs, API tokens, second-factor devices)
# keep their pages and gain only the 404 for rows the user may not see.
for _model in (AccessAttempt, AccessLog, AccessFailureLog, AuthToken, TOTPDevice):
    _stock = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(_model, type(_stock.__name__, (NotFoundBeforeForbiddenMixin, _stock), {}))
