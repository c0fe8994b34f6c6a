"""Admin pages for officers (service commissioners and red-leader secretaries) and their
assignments to enterprises and parks, with the reassignment page; a reassignment goes through
:func:`liaison.services.assignment_reassign`."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison import selectors, services
from liaison.admin.pages import action_form_page
from liaison.models import Assignment, Officer
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.scope import visible


class AssignmentInline(ScopedTabularInline):
    model = Assignment
    autocomplete_fields = ["enterprise", "park"]
    extra = 0


@admin.register(Officer)
class OfficerAdmin(ScopedAdmin[Officer]):
    list_display = ["name", "role", "unit", "phone", "user"]
    list_filter = ["role"]
    search_fields = ["name", "unit", "user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    inlines = [AssignmentInline]


# --- assignments ------------------------------------------------------------------------------


class VisitDueFilter(admin.SimpleListFilter):
    """Current enterprise assignments whose enterprise has had no visit within the visit period
    (``DANGJIAN_VISIT_PERIOD_DAYS``)."""

    title = _("visit")
    parameter_name = "visit_due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("visit overdue")), ("no", _("visited recently"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cutoff = selectors.visit_cutoff()
        current = queryset.filter(
            pk__in=selectors.current_assignments().values("pk"), enterprise__isnull=False
        )
        late = Q(last_visited_on__isnull=True) | Q(last_visited_on__lt=cutoff)
        if self.value() == "yes":
            return current.filter(late)
        if self.value() == "no":
            return current.exclude(late)
        return queryset


class ReassignForm(forms.Form):
    to_officer = forms.ModelChoiceField(queryset=Officer.objects.none(), label=_("new officer"))
    on = forms.DateField(label=_("from"), initial=timezone.localdate)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin[Assignment]):
    list_display = [
        "officer",
        "enterprise",
        "park",
        "starts_on",
        "ends_on",
        "last_visited_on",
        "reassign_link",
    ]
    list_filter = [VisitDueFilter, "officer__role"]
    search_fields = ["officer__name", "enterprise__name", "park__name"]
    autocomplete_fields = ["officer", "enterprise", "park"]
    list_select_related = ["officer", "enterprise", "park"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return (
            super().get_queryset(request).annotate(last_visited_on=selectors.last_visit_subquery())
        )

    @admin.display(description=_("last visited on"), ordering="last_visited_on")
    def last_visited_on(self, obj: Any) -> Any:
        if obj.enterprise_id is None:
            return "—"
        if obj.last_visited_on is None:
            return gettext("never")
        return obj.last_visited_on

    @admin.display(description=_("reassign"))
    def reassign_link(self, obj: Assignment) -> str:
        if obj.enterprise_id is None or obj.ends_on is not None:
            return ""
        url = reverse("admin:liaison_assignment_reassign", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("reassign"))

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.reassign_view)
        return [
            path("<int:pk>/reassign/", view, name="liaison_assignment_reassign"),
            *super().get_urls(),
        ]

    def reassign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = self.get_object(request, str(pk))
        if assignment is None or assignment.enterprise is None:
            raise Http404
        if not self.has_change_permission(request, assignment):
            raise PermissionDenied
        form = ReassignForm(request.POST or None)
        field = form.fields["to_officer"]
        field.queryset = visible(Officer.objects.all(), request.user)  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            try:
                services.assignment_reassign(
                    enterprise=assignment.enterprise,
                    to_officer=form.cleaned_data["to_officer"],
                    on=form.cleaned_data["on"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("The enterprise has been reassigned."))
                return HttpResponseRedirect(reverse("admin:liaison_assignment_changelist"))
        return action_form_page(
            self,
            request,
            form,
            title=gettext("Reassign %(enterprise)s") % {"enterprise": assignment.enterprise},
            obj=assignment,
        )
