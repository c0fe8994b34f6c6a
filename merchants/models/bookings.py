"""Shared positions (资源联享): any branch books a party-building position — a meeting room, a
red live room, a training room — for a time slot. The positions are the organization register's
(:class:`orgs.models.Position`); their bookings live here, beside the trainings and live rooms
that use them, so that ``orgs`` stays free of what happens in a position."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.audit import AuditedModel


class PositionBooking(AuditedModel):
    """A booking of a position by an organization from ``starts_at`` to ``ends_at`` (end
    exclusive: a booking may start when another ends). Two bookings of one position never overlap
    (:func:`merchants.bookings.booking_create`); a cancelled one frees its slot."""

    position = models.ForeignKey(
        "orgs.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("booking organization"),
        on_delete=models.PROTECT,
        related_name="position_bookings",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=200)
    cancelled = models.BooleanField(_("cancelled"), default=False, editable=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("position booking")
        verbose_name_plural = _("position bookings")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(
                fields=["position", "starts_at", "ends_at"], name="merchants_booking_slot_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="merchants_positionbooking_ends_after_start",
                violation_error_message=_("A booking ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.organization}"
