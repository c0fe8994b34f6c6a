"""Booking shared positions: the overlap rule (end = next start is allowed), cancellation, and
the week's calendar of a position."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from merchants.models import PositionBooking
from merchants.services import Actor, acting_user
from orgs.models import Position


def _slot(booking: PositionBooking) -> str:
    start = timezone.localtime(booking.starts_at)
    end = timezone.localtime(booking.ends_at)
    end_text = (
        end.strftime("%H:%M") if end.date() == start.date() else end.strftime("%Y-%m-%d %H:%M")
    )
    return f"{start:%Y-%m-%d %H:%M}–{end_text}"


def conflicts(booking: PositionBooking) -> QuerySet[PositionBooking]:
    """The live bookings of the same position that overlap ``booking`` (touching ends do not)."""
    return (
        PositionBooking.objects.filter(
            position_id=booking.position_id,
            cancelled=False,
            starts_at__lt=booking.ends_at,
            ends_at__gt=booking.starts_at,
        )
        .exclude(pk=booking.pk)
        .select_related("organization")
        .order_by("starts_at")
    )


def booking_check(booking: PositionBooking) -> None:
    """Refuse a slot that ends before it starts or overlaps a live booking, naming that one."""
    if booking.starts_at and booking.ends_at and booking.ends_at <= booking.starts_at:
        raise ValidationError(_("A booking ends after it starts."), code="order")
    clash = conflicts(booking).first()
    if clash is not None:
        raise ValidationError(
            _("The position is booked by %(organization)s on %(slot)s (%(purpose)s)."),
            code="overlap",
            params={
                "organization": clash.organization.name,
                "slot": _slot(clash),
                "purpose": clash.purpose,
            },
        )


@transaction.atomic
def booking_create(*, booking: PositionBooking, actor: Actor) -> PositionBooking:
    """Book a position; refused, naming the booking in the way, when the slot overlaps one."""
    # Lock the position so that two bookings of one slot cannot both pass the check.
    Position.objects.select_for_update().filter(pk=booking.position_id).values_list("pk").first()
    booking_check(booking)
    booking.booked_by = acting_user(actor)
    booking.full_clean()
    booking.save()
    return booking


@transaction.atomic
def booking_cancel(*, booking: PositionBooking, actor: Actor) -> PositionBooking:
    """Cancel a booking; its slot is free again."""
    booking.cancelled = True
    booking.save(update_fields=["cancelled"])
    return booking


def week_calendar(
    position: Position, monday: datetime.date, visible_ids: set[int]
) -> list[dict[str, Any]]:
    """The seven days from ``monday`` with the live bookings of ``position`` on each; a booking
    the reader may not see shows only as taken."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=7)
    bookings = list(
        PositionBooking.objects.filter(
            position=position, cancelled=False, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("organization")
        .order_by("starts_at")
    )
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        entries = []
        for booking in bookings:
            local_start = timezone.localtime(booking.starts_at).date()
            local_end = timezone.localtime(booking.ends_at - datetime.timedelta(microseconds=1))
            if local_start <= day <= local_end.date():
                shown = booking.pk in visible_ids
                entries.append(
                    {
                        "slot": _slot(booking),
                        "organization": booking.organization.name if shown else None,
                        "purpose": booking.purpose if shown else None,
                        "pk": booking.pk if shown else None,
                    }
                )
        days.append({"day": day, "bookings": entries})
    return days
