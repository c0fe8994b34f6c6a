"""Admin pages for bookings of the shared positions: the booking form (every position may be
booked — that is the sharing —, by an organization of the user's scope), cancellation, and the
week's calendar of a position."""

import datetime
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from merchants import bookings
from merchants.models import PositionBooking
from orgs.admin_base import ScopedAdmin
from orgs.models import Position


@admin.register(PositionBooking)
class PositionBookingAdmin(ScopedAdmin[PositionBooking]):
    list_display = [
        "position",
        "organization",
        "starts_at",
        "ends_at",
        "purpose",
        "cancelled",
        "calendar",
    ]
    list_filter = ["cancelled", "position__kind"]
    search_fields = ["purpose", "position__name", "organization__name"]
    list_select_related = ["position", "organization"]
    date_hierarchy = "starts_at"
    actions = ["cancel"]
    fields = ["position", "organization", "starts_at", "ends_at", "purpose"]

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "position":
            # 资源联享: every position is open to every organization's booking.
            kwargs["queryset"] = Position.objects.order_by("name")
            return db_field.formfield(**kwargs)  # type: ignore[no-any-return]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A booking is cancelled and made anew, never moved in place.
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base = super().get_form(request, obj, change, **kwargs)

        class BookingForm(base):  # type: ignore[misc,valid-type]
            """The overlap rule as a form error, once the instance holds the form's values."""

            def _post_clean(self) -> None:
                super()._post_clean()
                if not self.errors and self.instance.position_id and self.instance.starts_at:
                    try:
                        bookings.booking_check(self.instance)
                    except ValidationError as error:
                        self.add_error(None, error)

        return BookingForm

    def save_model(
        self, request: HttpRequest, obj: PositionBooking, form: Any, change: bool
    ) -> None:
        bookings.booking_create(booking=obj, actor=request.user)

    @admin.action(description=_("Cancel the chosen bookings"), permissions=["add"])
    def cancel(self, request: HttpRequest, queryset: QuerySet[PositionBooking]) -> None:
        count = 0
        for booking in queryset.filter(cancelled=False):
            bookings.booking_cancel(booking=booking, actor=request.user)
            count += 1
        self.message_user(
            request, gettext("%(n)d bookings cancelled.") % {"n": count}, messages.SUCCESS
        )

    @admin.display(description=_("calendar"))
    def calendar(self, obj: PositionBooking) -> str:
        url = reverse("admin:merchants_positionbooking_calendar", args=[obj.position_id])
        day = timezone.localtime(obj.starts_at).date()
        monday = day - datetime.timedelta(days=day.weekday())
        return format_html('<a href="{}?week={}">{}</a>', url, monday.isoformat(), gettext("week"))

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "calendar/<int:position_id>/",
                wrap(self.calendar_view),
                name="merchants_positionbooking_calendar",
            ),
            *super().get_urls(),
        ]

    def calendar_view(self, request: HttpRequest, position_id: int) -> HttpResponse:
        """The week of one position (``?week=YYYY-MM-DD``, any day of it): who booked which slot;
        a booking outside the reader's scope shows only as taken."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        position = Position.objects.filter(pk=position_id).first()
        if position is None:
            raise Http404
        try:
            day = datetime.date.fromisoformat(request.GET.get("week", ""))
        except ValueError:
            day = timezone.localdate()
        monday = day - datetime.timedelta(days=day.weekday())
        shown = set(
            self.get_queryset(request).filter(position=position).values_list("pk", flat=True)
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("%(position)s: bookings of the week from %(day)s")
            % {"position": position.name, "day": monday.isoformat()},
            "days": bookings.week_calendar(position, monday, shown),
            "previous": (monday - datetime.timedelta(days=7)).isoformat(),
            "next": (monday + datetime.timedelta(days=7)).isoformat(),
        }
        return TemplateResponse(request, "admin/merchants/positionbooking/calendar.html", context)
