"""Admin pages for visits and enterprise cases: the case timeline, one page per transition and
the case figures. Every change of a case's status goes through :mod:`liaison.services`, and the
fields those services own are read-only."""

import datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison import rules, selectors, services
from liaison.admin.pages import action_form_page, current_officer
from liaison.models import Case, CaseEvent, Visit
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.admin_display import DUE, OK, OVERDUE, deadline_badge, truncated
from orgs.audit.display import object_history
from orgs.workbench import Figure

# --- visits -----------------------------------------------------------------------------------


@admin.register(Visit)
class VisitAdmin(ScopedAdmin[Visit]):
    list_display = ["visited_on", "enterprise", "officer", "people_met"]
    list_filter = ["officer__role"]
    search_fields = ["enterprise__name", "officer__name", "topics", "issues_raised"]
    autocomplete_fields = ["officer", "enterprise"]
    list_select_related = ["officer", "enterprise"]
    readonly_fields = ["open_case_link"]
    actions = ["open_case"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # The stubs allow only text values; the officer's pk is a number.
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        officer = current_officer(request)
        if officer is not None:
            initial.setdefault("officer", officer.pk)
        return initial

    def save_model(self, request: HttpRequest, obj: Visit, form: Any, change: bool) -> None:
        services.visit_save(visit=obj, actor=request.user)

    @staticmethod
    def case_add_url(visit: Visit) -> str:
        params = {
            "visit": visit.pk,
            "enterprise": visit.enterprise_id,
            "officer": visit.officer_id,
            "title": (visit.issues_raised.strip().splitlines() or [""])[0][:200],
            "description": visit.issues_raised,
        }
        return f"{reverse('admin:liaison_case_add')}?{urlencode(params)}"

    @admin.display(description=_("case"))
    def open_case_link(self, obj: Visit) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a class="button" href="{}">{}</a>',
            self.case_add_url(obj),
            gettext("Open a case from this visit"),
        )

    @admin.action(description=_("Open a case from this visit"), permissions=["view"])
    def open_case(self, request: HttpRequest, queryset: QuerySet[Visit]) -> Any:
        visits = list(queryset[:2])
        if len(visits) != 1:
            self.message_user(
                request, gettext("Choose exactly one visit to open a case from."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(self.case_add_url(visits[0]))


# --- cases ------------------------------------------------------------------------------------


class CaseEventInline(ScopedTabularInline):
    """The case's timeline; written by the services only."""

    model = CaseEvent
    fields = ("at", "action_label", "from_status", "to_status", "actor_name", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseEvent]:
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("by"))
    def actor_name(self, obj: CaseEvent) -> str:
        """The actor by name, without a link to an account page most readers may not open."""
        if obj.actor is None:
            return "—"
        return obj.actor.get_full_name() or obj.actor.get_username()

    @admin.display(description=_("action"))
    def action_label(self, obj: CaseEvent) -> str:
        rule = rules.TRANSITIONS.get(obj.action)
        return str(rule.label) if rule else gettext("reassign")


class TransitionForm(forms.Form):
    """The inputs of every case transition; each action's page shows only its own fields."""

    grade = forms.ChoiceField(label=_("grade"), choices=Case.Grade.choices)
    responsible_unit = forms.CharField(label=_("responsible unit"), max_length=100)
    until = forms.SplitDateTimeField(label=_("new deadline"), widget=AdminSplitDateTime)
    answer = forms.CharField(
        label=_("answer to the enterprise"),
        widget=forms.Textarea,
        max_length=settings.DANGJIAN_TEXT_MAX_LENGTH,
    )
    satisfaction = forms.ChoiceField(label=_("satisfaction"), choices=Case.Satisfaction.choices)
    note = forms.CharField(
        label=_("note"),
        widget=forms.Textarea,
        required=False,
        max_length=settings.DANGJIAN_TEXT_MAX_LENGTH,
    )

    def __init__(self, *args: Any, inputs: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "note" and name not in inputs:
                del self.fields[name]


class AwaitingFilter(admin.SimpleListFilter):
    """Cases whose next step is the signed-in user's (the home page's to-do links here)."""

    title = _("awaiting")
    parameter_name = "awaiting"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("me", _("awaiting my action"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Case]) -> QuerySet[Case]:
        if self.value() == "me":
            return selectors.cases_awaiting(queryset, request.user)
        return queryset


# How the figures page's numbers are computed (selectors.case_figures), for its readers.
FIGURE_DEFINITIONS = [
    (
        _("response rate"),
        _(
            "cases answered at or before their (possibly extended) feedback deadline, over the "
            "cases whose deadline has passed or that have been answered"
        ),
    ),
    (_("resolution rate"), _("closed cases over all cases")),
    (
        _("satisfaction rate"),
        _(
            "cases whose latest return visit found the enterprise satisfied or basically "
            "satisfied, over the cases with a return visit"
        ),
    ),
    (
        _("hours to close"),
        _(
            "from registration to closing, over the closed cases: the mean, and the 90th "
            "percentile by the nearest-rank method"
        ),
    ),
    (_("overdue"), _("cases still awaiting feedback whose deadline has passed")),
    (_("by month"), _("by the month of registration, local time")),
]


@admin.register(Case)
class CaseAdmin(ScopedAdmin[Case]):
    list_display = [
        "short_title",
        "enterprise_name",
        "officer_name",
        "grade",
        "status",
        "registered_at",
        "deadline",
    ]
    list_filter = [AwaitingFilter, "status", "category", "grade", "overdue"]
    search_fields = ["title", "description", "enterprise__name"]
    autocomplete_fields = ["enterprise", "officer", "visit"]
    list_select_related = ["enterprise", "officer"]
    inlines = [CaseEventInline]
    change_list_template = "admin/liaison/case/change_list.html"
    change_form_template = "admin/liaison/case/change_form.html"

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj: Case) -> str:
        return truncated(obj.title, 12)

    @admin.display(description=_("enterprise"), ordering="enterprise__name")
    def enterprise_name(self, obj: Case) -> str:
        return truncated(obj.enterprise, 9)

    @admin.display(description=_("officer"), ordering="officer__name")
    def officer_name(self, obj: Case) -> str:
        return truncated(obj.officer.name, 5)

    @admin.display(description=_("feedback due at"), ordering="due_at")
    def deadline(self, obj: Case) -> str:
        """The feedback deadline with 超期 once the deadline watch flagged it, 即将到期 within a
        day of it; a closed case shows its deadline alone."""
        due = f"{timezone.localtime(obj.due_at):%Y-%m-%d %H:%M}" if obj.due_at else "—"
        if obj.status == Case.Status.CLOSED:
            return due
        if obj.overdue:
            return format_html("{} {}", due, deadline_badge(OVERDUE))
        soon = obj.due_at is not None and obj.due_at - timezone.now() < datetime.timedelta(days=1)
        return format_html("{} {}", due, deadline_badge(DUE if soon else OK))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [*rules.WORKFLOW_FIELDS]
        if obj is not None:
            # After registration the case moves officers only through a reassignment.
            fields = [*fields, "officer", "enterprise", "registered_at", "visit"]
        return fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # The stubs allow only text values; the officer's pk is a number.
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        officer = current_officer(request)
        if officer is not None:
            initial.setdefault("officer", officer.pk)
        return initial

    def save_model(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        if change:
            obj.full_clean()
            obj.save()
        else:
            services.case_register(case=obj, actor=request.user)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Case | None = None,
    ) -> HttpResponse:
        """The case page offers the signed-in user the workflow steps they may take now."""
        if obj is not None:
            context["next_steps"] = [
                (
                    reverse("admin:liaison_case_transition", args=[obj.pk, action]),
                    rules.TRANSITIONS[action].label,
                )
                for action in selectors.case_actions(case=obj, user=request.user)
                if action in services.CASE_TRANSITIONS
            ]
            context["case_history"] = object_history(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("figures/", wrap(self.figures_view), name="liaison_case_figures"),
            path(
                "<int:pk>/transition/<str:action>/",
                wrap(self.transition_view),
                name="liaison_case_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        case = self.get_object(request, str(pk))
        if case is None or action not in services.CASE_TRANSITIONS:
            raise Http404
        # Who takes which step is the rule table's: committee staff, who change no case, record
        # return visits; a commissioner approves no extension.
        if not rules.may_take(action, selectors.workflow_roles(request.user)):
            raise PermissionDenied
        service, inputs = services.CASE_TRANSITIONS[action]
        form = TransitionForm(request.POST or None, inputs=inputs)
        if request.method == "POST" and form.is_valid():
            try:
                service(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("Done: %(action)s.") % {"action": rules.TRANSITIONS[action].label},
                )
                return HttpResponseRedirect(reverse("admin:liaison_case_change", args=[case.pk]))
        title = f"{case} · {rules.TRANSITIONS[action].label}"
        return action_form_page(self, request, form, title=title, obj=case)

    def figures_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        figures = selectors.case_figures(self.get_queryset(request))
        titles = {
            "total": _("all cases"),
            "commissioner": _("by commissioner"),
            "park": _("by park"),
            "category": _("by category"),
            "month": _("by month"),
        }
        charts = [
            Figure(
                "cases-by-month",
                _("Cases registered by month"),
                [row.key for row in figures["month"]],
                [row.total for row in figures["month"]],
            ),
            Figure(
                "cases-by-category",
                _("Cases by category"),
                [row.key for row in figures["category"]],
                [row.total for row in figures["category"]],
            ),
            Figure(
                "resolution-by-park",
                _("Resolution rate by park (%)"),
                [row.key for row in figures["park"]],
                [round(100 * (row.resolution_rate or 0)) for row in figures["park"]],
            ),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Case figures"),
            "tables": [(titles[name], rows) for name, rows in figures.items()],
            "charts": [chart for chart in charts if chart.labels],
            "figure_data": [chart.as_data() for chart in charts if chart.labels],
            "definitions": FIGURE_DEFINITIONS,
        }
        return TemplateResponse(request, "admin/liaison/case/figures.html", context)
