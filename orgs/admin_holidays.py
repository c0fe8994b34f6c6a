"""Admin pages of the holiday calendar (党组织 › 节假日): one page per year with its holidays and
make-up working days inline, and an import of a year from a ``date,kind,name`` CSV file."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.holidays import (
    CalendarDay,
    CalendarYear,
    calendar_year_import_csv,
    day_errors,
    year_errors,
)


class CalendarDayFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Checks the year's days together: each inside the year, make-up days on weekends, and at
    least one statutory holiday."""

    def clean(self) -> None:
        super().clean()
        year = self.instance.year
        kinds: list[str] = []
        errors: list[str] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("date") or not data.get("kind"):
                continue
            kinds.append(data["kind"])
            errors += day_errors(year, data["date"], data["kind"])
        if year is not None:
            errors += year_errors(kinds)
        if errors:
            raise ValidationError(errors)


class CalendarDayInline(ScopedTabularInline):
    model = CalendarDay
    formset = CalendarDayFormSet
    fields = ["date", "kind", "name"]

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return 3 if obj is not None else 12


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per day: date (YYYY-MM-DD), kind (放假 or 上班), name (e.g. 国庆节); "
            "UTF-8 or GBK, a header row is optional. The file holds one year; a year already "
            "entered is replaced by the file's days."
        ),
    )
    source = forms.CharField(
        label=_("source"),
        max_length=200,
        required=False,
        help_text=_("The notice the days are taken from, and its number."),
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(ScopedAdmin[CalendarYear]):
    """A year of the holiday arrangement. Committee staff enter a new year as soon as the State
    Council publishes it; notices and deadlines reaching into a year not entered are refused."""

    list_display = ["year", "holiday_count", "make_up_count", "source", "confirmed_by"]
    list_display_links = ["year"]
    search_fields = ["=year", "source"]
    list_select_related = ["confirmed_by"]
    fieldsets = [
        (
            None,
            {
                "fields": ["year", "source", "confirmed_by", "confirmed_at"],
                "description": _(
                    "Enter the year as the State Council's notice lists it: every day off as a "
                    "statutory holiday (the weekend days inside a holiday period too), every "
                    "weekend day worked as a make-up working day. Other weekdays are working "
                    "days and other weekends rest. Once saved, public notices and case "
                    "deadlines in this year are counted from these days."
                ),
            },
        )
    ]
    readonly_fields = ["confirmed_by", "confirmed_at"]
    inlines = [CalendarDayInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        holiday = Q(days__kind=CalendarDay.Kind.HOLIDAY)
        make_up = Q(days__kind=CalendarDay.Kind.MAKE_UP)
        return (
            super()
            .get_queryset(request)
            .annotate(
                holiday_total=Count("days", filter=holiday),
                make_up_total=Count("days", filter=make_up),
            )
        )

    @admin.display(description=_("days off"), ordering="holiday_total")
    def holiday_count(self, obj: CalendarYear) -> int:
        return int(obj.holiday_total)  # type: ignore[attr-defined]

    @admin.display(description=_("make-up working days"), ordering="make_up_total")
    def make_up_count(self, obj: CalendarYear) -> int:
        return int(obj.make_up_total)  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        obj.confirmed_by = request.user  # type: ignore[assignment]
        obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="orgs_calendaryear_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CalendarImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = calendar_year_import_csv(
                    content=form.cleaned_data["file"].read(),
                    source=form.cleaned_data["source"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext(
                        "%(year)s entered: %(added)s days added, %(changed)s changed, "
                        "%(removed)s removed."
                    )
                    % {
                        "year": result.year.year,
                        "added": result.added,
                        "changed": result.changed,
                        "removed": result.removed,
                    },
                )
                return HttpResponseRedirect(
                    reverse("admin:orgs_calendaryear_change", args=[result.year.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import a year from CSV"),
            "form": form,
        }
        return TemplateResponse(request, "admin/orgs/calendaryear/import.html", context)
