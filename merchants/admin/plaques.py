"""Admin pages for integrity-shop plaques: the application form, one page per transition, the
timeline inline. Every change of a plaque's status goes through :mod:`merchants.services`, and
the fields those services own are read-only."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Member
from merchants import rules, services, verification
from merchants.models import Plaque, PlaqueEvent
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.dates import validate_supported_date
from orgs.scope import visible


class PlaqueEventInline(ScopedTabularInline):
    """The plaque's timeline; written by the services only."""

    model = PlaqueEvent
    fields = ("on", "action_label", "from_status", "to_status", "actor", "note", "at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request: HttpRequest) -> QuerySet[PlaqueEvent]:
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("action"))
    def action_label(self, obj: PlaqueEvent) -> str:
        rule = rules.TRANSITIONS.get(obj.action)
        return str(rule.label) if rule else obj.action


class PlaqueTransitionForm(forms.Form):
    """The inputs of every plaque transition; each action's page shows only its own fields."""

    on = forms.DateField(
        label=_("date"), widget=AdminDateWidget, validators=[validate_supported_date]
    )
    number = forms.CharField(label=_("plaque number"), max_length=30)
    responsible = forms.CharField(
        label=_("responsible party member (member number)"), max_length=20
    )
    valid_until = forms.DateField(
        label=_("valid until"),
        widget=AdminDateWidget,
        required=False,
        validators=[validate_supported_date],
        help_text=_("Empty: the validity period after the awarding date."),
    )
    note = forms.CharField(label=_("reason or note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, inputs: tuple[str, ...], user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["on"].initial = timezone.localdate()
        for name in list(self.fields):
            if name not in ("on", "note") and name not in inputs:
                del self.fields[name]

    def clean_responsible(self) -> Member:
        number = self.cleaned_data["responsible"].strip()
        member = visible(Member.objects.filter(member_number=number), self.user).first()
        if member is None:
            raise ValidationError(_("No party member with this member number in your scope."))
        return member


@admin.register(Plaque)
class PlaqueAdmin(ScopedAdmin[Plaque]):
    list_display = [
        "shop",
        "number",
        "status",
        "applied_on",
        "awarded_on",
        "valid_until",
        "review_due_column",
    ]
    list_filter = ["status"]
    search_fields = ["number", "shop__name", "shop__account"]
    autocomplete_fields = ["shop"]
    list_select_related = ["shop"]
    date_hierarchy = "applied_on"
    change_form_template = "admin/merchants/plaque/change_form.html"

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [] if obj is None else [PlaqueEventInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["shop", "applied_on", "application"]
        return ["shop", "applied_on", "application", *rules.WORKFLOW_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["shop", "applied_on", "application", *rules.WORKFLOW_FIELDS]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The plaque page shows its transitions; nothing on it is edited in place.
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("yearly review due"), boolean=True)
    def review_due_column(self, obj: Plaque) -> bool:
        return obj.review_due()

    def save_model(self, request: HttpRequest, obj: Plaque, form: Any, change: bool) -> None:
        plaque = services.plaque_apply(
            shop=obj.shop, actor=request.user, on=obj.applied_on, application=obj.application
        )
        obj.pk = plaque.pk
        obj.refresh_from_db()

    def get_form(
        self, request: HttpRequest, obj: Plaque | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            form = _application_form(form)
        return form

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Plaque | None = None,
    ) -> HttpResponse:
        """The plaque page offers the signed-in user the steps they may take now."""
        if obj is not None:
            context["next_steps"] = [
                (
                    reverse("admin:merchants_plaque_transition", args=[obj.pk, action]),
                    rules.TRANSITIONS[action].label,
                )
                for action in services.plaque_actions(plaque=obj, actor=request.user)
            ]
            if obj.awarded_on is not None:
                context["qr_links"] = [
                    (reverse("admin:merchants_plaque_print", args=[obj.pk]), _("print the plaque")),
                    (reverse("admin:merchants_plaque_qr", args=[obj.pk, "svg"]), "SVG"),
                    (reverse("admin:merchants_plaque_qr", args=[obj.pk, "png"]), "PNG"),
                ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/transition/<str:action>/",
                wrap(self.transition_view),
                name="merchants_plaque_transition",
            ),
            path("<int:pk>/qr.<str:kind>", wrap(self.qr_view), name="merchants_plaque_qr"),
            path("<int:pk>/print/", wrap(self.print_view), name="merchants_plaque_print"),
            *super().get_urls(),
        ]

    def _awarded(self, request: HttpRequest, pk: int) -> Plaque:
        plaque = self.get_object(request, str(pk))
        if plaque is None or plaque.awarded_on is None:
            raise Http404
        return plaque

    def qr_view(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        """The plaque's QR code, SVG or PNG, for the plaque maker."""
        if kind not in ("svg", "png"):
            raise Http404
        plaque = self._awarded(request, pk)
        content = verification.qr_code(verification.verify_url(request, plaque), kind)
        response = HttpResponse(
            content, content_type="image/svg+xml" if kind == "svg" else "image/png"
        )
        response["Content-Disposition"] = f'inline; filename="plaque-{plaque.pk}.{kind}"'
        return response

    def print_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A print-ready sheet: the committee, 党员诚信经营店, the shop, number and QR code."""
        plaque = self._awarded(request, pk)
        context = {
            "plaque": plaque,
            "committee_name": settings.DANGJIAN_COMMITTEE_NAME,
            "qr_url": reverse("admin:merchants_plaque_qr", args=[plaque.pk, "svg"]),
            "verify_url": verification.verify_url(request, plaque),
        }
        return TemplateResponse(request, "admin/merchants/plaque/print.html", context)

    def transition_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        plaque = self.get_object(request, str(pk))
        if plaque is None or action not in services.PLAQUE_TRANSITIONS:
            raise Http404
        if not rules.may_take(action, services.workflow_roles(request.user)):
            raise PermissionDenied
        service, inputs = services.PLAQUE_TRANSITIONS[action]
        form = PlaqueTransitionForm(request.POST or None, inputs=inputs, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                service(plaque=plaque, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("Done: %(action)s.") % {"action": rules.TRANSITIONS[action].label},
                )
                return HttpResponseRedirect(
                    reverse("admin:merchants_plaque_change", args=[plaque.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{plaque} · {rules.TRANSITIONS[action].label}",
            "form": form,
            "original": plaque,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/merchants/action_form.html", context)


def _application_form(base: Any) -> Any:
    """The add form, whose refusals (a plaque in progress, the waiting period) are form errors."""

    class ApplicationForm(base):  # type: ignore[misc]
        def clean(self) -> dict[str, Any]:
            data: dict[str, Any] = super().clean()
            shop, on = data.get("shop"), data.get("applied_on")
            if shop is not None and on is not None:
                refusal = rules.application_refusal(shop, on)
                if refusal is not None:
                    code, message, params = refusal
                    raise ValidationError(message, code=code, params=params)
            return data

        def validate_unique(self) -> None:
            # The one-open-plaque rule is the application service's, with its own message.
            return None

    return ApplicationForm
