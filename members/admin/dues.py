"""Admin pages of dues: the standards (history per member), the payments, and the pages a
secretary uses monthly — the branch's dues month (every paying member with their standard,
entered in one go), the payment-sheet import and the collection rate per branch and month.
Every write goes through :mod:`members.dues_services`."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import dues
from members.dues_import import month_sheet_bytes, payments_import
from members.dues_services import (
    PaymentEntry,
    branch_month_sheet,
    collection_rates,
    dues_pay,
    dues_payments_record,
    dues_standard_declare,
)
from members.imports import ImportFileError
from members.imports.cells import parse_month
from members.models import DuesPayment, DuesStandard
from orgs.admin_base import ScopedAdmin
from orgs.dates import add_months
from orgs.models import Organization
from orgs.scope import visible

BRANCH_KINDS = (Organization.Kind.BRANCH, Organization.Kind.JOINT_BRANCH)


def visible_branches(request: HttpRequest) -> QuerySet[Organization]:
    return visible(Organization.objects.filter(kind__in=BRANCH_KINDS), request.user)


def chosen_branch(request: HttpRequest) -> Organization | None:
    """The branch named by ``?branch=``, 404 outside the user's scope; the user's only branch
    when none is named."""
    branches = visible_branches(request)
    raw = request.GET.get("branch") or request.POST.get("branch")
    if raw:
        if not str(raw).isdigit():
            raise Http404
        branch = branches.filter(pk=int(raw)).first()
        if branch is None:
            raise Http404
        return branch
    only = list(branches[:2])
    return only[0] if len(only) == 1 else None


def chosen_month(request: HttpRequest) -> datetime.date:
    raw = request.GET.get("month") or request.POST.get("month")
    try:
        month = parse_month(raw) if raw else None
    except ValueError:
        month = None
    return month or dues.month_of(timezone.localdate())


class DuesStandardForm(ModelForm[DuesStandard]):
    class Meta:
        model = DuesStandard
        fields = ["member", "basis", "declared_income", "effective_from", "declared_on", "reason"]


@admin.register(DuesStandard)
class DuesStandardAdmin(ScopedAdmin[DuesStandard]):
    """Standards are declared, never edited: a change of income is a new row from its month."""

    form = DuesStandardForm
    list_display = [
        "member",
        "effective_from",
        "basis",
        "declared_income",
        "amount",
        "reason",
        "declared_on",
    ]
    list_filter = ["basis", "reason"]
    search_fields = ["member__name", "member__member_number"]
    autocomplete_fields = ["member"]
    list_select_related = ["member"]

    def get_readonly_fields(self, request: HttpRequest, obj: DuesStandard | None = None) -> Any:
        if obj is None:
            return []
        return [*DuesStandardForm.Meta.fields, "amount", "created_by"]

    def save_model(
        self,
        request: HttpRequest,
        obj: DuesStandard,
        form: ModelForm[DuesStandard],
        change: bool,
    ) -> None:
        data = form.cleaned_data
        saved = dues_standard_declare(
            member=data["member"],
            basis=data["basis"],
            declared_income=data.get("declared_income"),
            effective_from=data["effective_from"],
            declared_on=data.get("declared_on"),
            reason=data["reason"],
            actor=request.user,
        )
        obj.pk = saved.pk


class DuesPaymentForm(ModelForm[DuesPayment]):
    months = forms.IntegerField(
        label=_("months paid"),
        min_value=1,
        max_value=24,
        initial=1,
        help_text=_("Several months paid ahead are recorded one row per month."),
    )

    class Meta:
        model = DuesPayment
        fields = ["member", "month", "paid_on", "method", "receipt_number", "collector"]


class MonthFilter(admin.SimpleListFilter):
    title = _("month")
    parameter_name = "month_of"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        this = dues.month_of(timezone.localdate())
        months = [add_months(this, -back) for back in range(12)]
        return [(f"{m:%Y-%m}", f"{m:%Y-%m}") for m in months]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        try:
            month = parse_month(value)
        except ValueError:
            return queryset.none()
        return queryset.filter(month=month)


@admin.register(DuesPayment)
class DuesPaymentAdmin(ScopedAdmin[DuesPayment]):
    """Payments are recorded (one month or several ahead) and, when mistaken, deleted; the
    branch's month is entered on its own page."""

    form = DuesPaymentForm
    list_display = [
        "member",
        "month",
        "amount",
        "paid_on",
        "method",
        "receipt_number",
        "collector",
    ]
    list_filter = ["method", MonthFilter]
    search_fields = ["member__name", "member__member_number", "receipt_number"]
    autocomplete_fields = ["member"]
    list_select_related = ["member"]
    change_list_template = "admin/members/duespayment/change_list.html"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A recorded payment is one month: "months paid" belongs to the add form only.
        fields = super().get_fields(request, obj)
        return [name for name in fields if name != "months"] if obj is not None else fields

    def save_model(
        self,
        request: HttpRequest,
        obj: DuesPayment,
        form: ModelForm[DuesPayment],
        change: bool,
    ) -> None:
        data = form.cleaned_data
        try:
            saved = dues_pay(
                member=data["member"],
                first_month=data["month"],
                months=data["months"],
                paid_on=data["paid_on"],
                method=data["method"],
                receipt_number=data.get("receipt_number", ""),
                collector=data.get("collector", ""),
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            raise
        obj.pk = saved[0].pk

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError:
            return HttpResponseRedirect(request.get_full_path())

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("month/", view(self.month_view), name="members_duespayment_month"),
            path("month/sheet/", view(self.sheet_view), name="members_duespayment_sheet"),
            path("import/", view(self.import_view), name="members_duespayment_import"),
            path(
                "collection/",
                view(self.collection_view),
                name="members_duespayment_collection",
            ),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "branches": visible_branches(request),
        }

    # --- the branch's month: every paying member, the standard prefilled ----------------------

    def month_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise Http404
        branch = chosen_branch(request)
        month = chosen_month(request)
        if request.method == "POST":
            if not self.has_add_permission(request) or branch is None:
                raise PermissionDenied
            return self._month_save(request, branch, month)
        rows = branch_month_sheet(branch, month) if branch else []
        context = {
            **self._context(request, gettext("Dues of the month")),
            "branch": branch,
            "month": month,
            "month_text": f"{month:%Y-%m}",
            "rows": rows,
            "methods": DuesPayment.Method.choices[:-1],
            "today": timezone.localdate().isoformat(),
            "can_add": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/members/duespayment/month.html", context)

    def _month_save(
        self, request: HttpRequest, branch: Organization, month: datetime.date
    ) -> HttpResponse:
        rows = {row.member.pk: row for row in branch_month_sheet(branch, month)}
        url = (
            reverse("admin:members_duespayment_month") + f"?branch={branch.pk}&month={month:%Y-%m}"
        )
        try:
            paid_on = datetime.date.fromisoformat(request.POST.get("paid_on", ""))
        except ValueError:
            messages.error(request, gettext("Enter the payment date as YYYY-MM-DD."))
            return HttpResponseRedirect(url)
        method = request.POST.get("method", DuesPayment.Method.CASH)
        if method not in DuesPayment.Method.values:
            method = DuesPayment.Method.CASH
        collector = request.POST.get("collector", "")[:50]
        entries = []
        for raw in request.POST.getlist("paid"):
            row = rows.get(int(raw)) if raw.isdigit() else None
            if row is None or row.payment is not None:
                continue
            try:
                amount = Decimal(request.POST.get(f"amount_{row.member.pk}", ""))
                if not amount.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                messages.error(
                    request, gettext("%(name)s: enter the amount in yuan.") % {"name": row.member}
                )
                return HttpResponseRedirect(url)
            entries.append(
                PaymentEntry(
                    member=row.member,
                    month=month,
                    amount=amount,
                    paid_on=paid_on,
                    method=method,
                    receipt_number=request.POST.get(f"receipt_{row.member.pk}", "")[:50],
                    collector=collector,
                )
            )
        try:
            created = dues_payments_record(entries=entries, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(url)
        messages.success(
            request, gettext("%(count)d payment(s) recorded.") % {"count": len(created)}
        )
        return HttpResponseRedirect(url)

    def sheet_view(self, request: HttpRequest) -> HttpResponse:
        """The branch's unpaid members of the month as a sheet to fill in and import."""
        if not self.has_view_permission(request):
            raise Http404
        branch = chosen_branch(request)
        if branch is None:
            raise Http404
        month = chosen_month(request)
        content = month_sheet_bytes(branch_month_sheet(branch, month), month)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="dues-{month:%Y-%m}.xlsx"'
        return response

    # --- the payment-sheet import: all rows or none -------------------------------------------

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise Http404
        context = self._context(request, gettext("Import a dues payment sheet"))
        if request.method == "POST":
            upload = request.FILES.get("file")
            if upload is None:
                context["file_error"] = gettext("Choose a file.")
            else:
                try:
                    result = payments_import(data=upload.read(), actor=request.user)
                except ImportFileError as error:
                    context["file_error"] = str(error)
                else:
                    if result.ok:
                        messages.success(
                            request,
                            gettext("%(count)d payment(s) imported.") % {"count": result.created},
                        )
                        return HttpResponseRedirect(reverse("admin:members_duespayment_changelist"))
                    context["report"] = result.report
        return TemplateResponse(request, "admin/members/duespayment/import.html", context)

    # --- collection rate per branch and month -------------------------------------------------

    def collection_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise Http404
        month = chosen_month(request)
        branches = list(visible_branches(request).order_by("path"))
        rates = collection_rates(branches, month)
        context = {
            **self._context(request, gettext("Dues collection rate")),
            "month": month,
            "month_text": f"{month:%Y-%m}",
            "rows": [(branch, rates[branch.pk]) for branch in branches],
        }
        return TemplateResponse(request, "admin/members/duespayment/collection.html", context)
