"""Admin pages for the ten measures and their talent awards: the application form, the
approval, rejection and payment pages, and the totals per measure and year. Writes go through
:mod:`merchants.talent`."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from merchants import talent
from merchants.models import TalentAward, TalentPolicy
from merchants.services import workflow_roles
from orgs.admin_base import ScopedAdmin
from orgs.dates import validate_supported_date

STEPS = {
    "approve": (talent.award_approve, _("approve"), TalentAward.Status.APPLIED),
    "reject": (talent.award_reject, _("reject"), TalentAward.Status.APPLIED),
    "pay": (talent.award_pay, _("record the payment"), TalentAward.Status.APPROVED),
}


class AwardStepForm(forms.Form):
    on = forms.DateField(
        label=_("date"), widget=AdminDateWidget, validators=[validate_supported_date]
    )
    amount = forms.DecimalField(
        label=_("approved amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Empty: the measure's amount."),
    )

    def __init__(self, *args: Any, step: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        if step != "approve":
            del self.fields["amount"]


@admin.register(TalentPolicy)
class TalentPolicyAdmin(ScopedAdmin[TalentPolicy]):
    list_display = ["number", "title", "amount_rule", "amount"]
    search_fields = ["title"]

    def save_model(self, request: HttpRequest, obj: TalentPolicy, form: Any, change: bool) -> None:
        talent.policy_save(policy=obj, actor=request.user)


@admin.register(TalentAward)
class TalentAwardAdmin(ScopedAdmin[TalentAward]):
    list_display = ["policy", "streamer", "enterprise", "applied_on", "status", "amount", "paid_on"]
    list_filter = ["status", "policy"]
    search_fields = ["streamer__name", "streamer__handle", "enterprise__name"]
    autocomplete_fields = ["streamer", "enterprise"]
    list_select_related = ["policy", "streamer", "enterprise"]
    date_hierarchy = "applied_on"
    change_form_template = "admin/merchants/talentaward/change_form.html"
    change_list_template = "admin/merchants/talentaward/change_list.html"

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        base = ["policy", "streamer", "enterprise", "applied_on", "reason"]
        return base if obj is None else [*base, "status", "amount", "decided_on", "paid_on"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: TalentAward, form: Any, change: bool) -> None:
        talent.award_apply(award=obj, actor=request.user)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: TalentAward | None = None,
    ) -> HttpResponse:
        if obj is not None and "committee_staff" in workflow_roles(request.user):
            context["next_steps"] = [
                (reverse("admin:merchants_talentaward_step", args=[obj.pk, name]), label)
                for name, (_service, label, source) in STEPS.items()
                if obj.status == source
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/step/<str:step>/", wrap(self.step_view), name="merchants_talentaward_step"
            ),
            path("totals/", wrap(self.totals_view), name="merchants_talentaward_totals"),
            *super().get_urls(),
        ]

    def step_view(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        award = self.get_object(request, str(pk))
        if award is None or step not in STEPS:
            raise Http404
        if "committee_staff" not in workflow_roles(request.user):
            raise PermissionDenied
        service, label, _source = STEPS[step]
        form = AwardStepForm(request.POST or None, step=step)
        if request.method == "POST" and form.is_valid():
            arguments = {k: v for k, v in form.cleaned_data.items() if v is not None}
            try:
                service(award=award, actor=request.user, **arguments)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("Done: %(action)s.") % {"action": label})
                return HttpResponseRedirect(
                    reverse("admin:merchants_talentaward_change", args=[award.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{award} · {label}",
            "form": form,
            "original": award,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/merchants/action_form.html", context)

    def totals_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = talent.award_totals(self.get_queryset(request))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Talent awards paid per measure and year"),
            "rows": rows,
            "grand_total": sum((row["total"] for row in rows), Decimal("0.00")),
        }
        return TemplateResponse(request, "admin/merchants/talentaward/totals.html", context)
