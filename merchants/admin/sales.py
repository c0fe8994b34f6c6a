"""Admin pages for sales reports: the list, the import (upload → preview with the row report →
confirm, all rows or none) and the monthly totals per streamer, shop and park."""

import uuid
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.imports import ImportFileError
from merchants import sales
from merchants.models import SalesReport
from orgs.admin_base import ScopedAdmin

PENDING_DIR = "sales-imports"


class SalesUploadForm(forms.Form):
    file = forms.FileField(label=_("sales file (.xlsx or .csv)"))


@admin.register(SalesReport)
class SalesReportAdmin(ScopedAdmin[SalesReport]):
    list_display = ["day", "streamer", "shop", "gmv", "orders", "returns", "complaints"]
    search_fields = ["streamer__name", "streamer__handle", "shop__name", "shop__account"]
    autocomplete_fields = ["streamer", "shop", "enterprise"]
    list_select_related = ["streamer", "shop"]
    change_list_template = "admin/merchants/salesreport/change_list.html"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Reports come from the platforms' files; a wrong day is deleted and imported again.
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _may_import(self, request: HttpRequest) -> bool:
        return request.user.has_perm("merchants.add_salesreport")

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "may_import": self._may_import(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="merchants_salesreport_import"),
            path("totals/", wrap(self.totals_view), name="merchants_salesreport_totals"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload: the whole file is checked and previewed; confirm writes it, all or nothing.
        The pending file waits under a random name and is checked again on confirm."""
        if not self._may_import(request):
            raise PermissionDenied
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import sales reports"),
            "template_header": sales.TEMPLATE_HEADER,
        }
        form = SalesUploadForm()
        if request.method == "POST" and "pending" in request.POST:
            name = f"{PENDING_DIR}/{request.user.pk}-{request.POST['pending']}"
            if not _pending_name_ok(request.POST["pending"]) or not default_storage.exists(name):
                context["file_error"] = gettext("The uploaded file has expired; upload it again.")
            else:
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                try:
                    plan = sales.sales_import(data=data, actor=request.user, commit=True)
                except ImportFileError as error:
                    context["file_error"] = str(error)
                else:
                    if plan.ok:
                        default_storage.delete(name)
                        self.message_user(
                            request,
                            gettext("%(n)d sales reports imported.") % {"n": len(plan.reports)},
                        )
                        return HttpResponseRedirect(
                            reverse("admin:merchants_salesreport_changelist")
                        )
                    context["plan"] = plan
        elif request.method == "POST":
            form = SalesUploadForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data["file"].read()
                try:
                    plan = sales.sales_validate(data=data, actor=request.user)
                except ImportFileError as error:
                    context["file_error"] = str(error)
                else:
                    context["plan"] = plan
                    if plan.ok:
                        token = uuid.uuid4().hex
                        default_storage.save(
                            f"{PENDING_DIR}/{request.user.pk}-{token}", ContentFile(data)
                        )
                        context["pending"] = token
        context["form"] = form
        return TemplateResponse(request, "admin/merchants/salesreport/import.html", context)

    def totals_view(self, request: HttpRequest) -> HttpResponse:
        """Monthly totals per streamer, shop or park (``?by=``), of the reports in scope."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        by = request.GET.get("by", "streamer")
        if by not in ("streamer", "shop", "park"):
            by = "streamer"
        reports = self.get_queryset(request)
        year = request.GET.get("year", "")
        if year.isdigit() and len(year) == 4:
            reports = reports.filter(day__year=int(year))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Monthly sales totals"),
            "by": by,
            "year": year,
            "choices": [
                ("streamer", _("by streamer")),
                ("shop", _("by shop")),
                ("park", _("by park")),
            ],
            "rows": sales.monthly_totals(reports, by),
        }
        return TemplateResponse(request, "admin/merchants/salesreport/totals.html", context)


def _pending_name_ok(token: str) -> bool:
    return len(token) == 32 and all(c in "0123456789abcdef" for c in token)
