"""Integrity-shop plaques (党员诚信经营店挂牌): a shop's application, its review, the award with
its number and validity, the yearly review, suspension, restoration and revocation, and the
timeline of every step. The steps themselves are the table in :mod:`merchants.rules`."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.audit import AuditedModel


def new_public_code() -> str:
    """The code a plaque's QR code carries: random, so that nobody reaches another plaque's page
    by counting."""
    return secrets.token_urlsafe(16)


class Plaque(AuditedModel):
    """One plaque of a shop, from its application to its end.

    A shop holds at most one plaque that is not over (rejected or revoked); a revoked shop applies
    again with a new plaque after the waiting period (``DANGJIAN_PLAQUE_REAPPLY_DAYS``). Only the
    services of :mod:`merchants.services` change ``status`` and the award fields.
    """

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        REVIEWING = "reviewing", _("under review")
        AWARDED = "awarded", _("awarded")
        SUSPENDED = "suspended", _("suspended")
        REVOKED = "revoked", _("revoked")
        REJECTED = "rejected", _("rejected")

    class PublicStatus(models.TextChoices):
        """What the public verification page says of a plaque."""

        VALID = "valid", pgettext_lazy("plaque status", "valid")
        SUSPENDED = "suspended", pgettext_lazy("plaque status", "suspended")
        REVOKED = "revoked", pgettext_lazy("plaque status", "revoked")
        EXPIRED = "expired", pgettext_lazy("plaque status", "expired")

    shop = models.ForeignKey(
        "merchants.Shop", verbose_name=_("shop"), on_delete=models.PROTECT, related_name="plaques"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.APPLIED, editable=False
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    application = models.TextField(_("application"), blank=True)
    number = models.CharField(_("plaque number"), max_length=30, blank=True, editable=False)
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True, editable=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    responsible = models.ForeignKey(
        "members.Member",
        verbose_name=_("responsible party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="plaques",
    )
    reviewed_on = models.DateField(_("last yearly review"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=new_public_code, editable=False
    )

    class Meta:
        verbose_name = _("integrity-shop plaque")
        verbose_name_plural = _("integrity-shop plaques")
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="merchants_plaque_status_idx"),
            models.Index(fields=["shop", "status"], name="merchants_plaque_shop_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shop"],
                condition=~Q(status__in=["revoked", "rejected"]),
                name="merchants_plaque_one_open_per_shop",
                violation_error_message=_("This shop already has a plaque in progress."),
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="merchants_plaque_unique_number",
                violation_error_message=_("This plaque number is already given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop} · {self.number or self.get_status_display()}"

    def public_status(self, today: datetime.date | None = None) -> str | None:
        """valid / suspended / revoked / expired, or None while the plaque was never awarded."""
        if self.awarded_on is None:
            return None
        if self.status == self.Status.SUSPENDED:
            return self.PublicStatus.SUSPENDED
        if self.status == self.Status.REVOKED:
            return self.PublicStatus.REVOKED
        today = today or timezone.localdate()
        if self.valid_until is not None and self.valid_until < today:
            return self.PublicStatus.EXPIRED
        return self.PublicStatus.VALID

    def review_due(self, today: datetime.date | None = None) -> bool:
        """An awarded plaque is due for its yearly review in the last
        ``DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS`` days of its validity, and after."""
        if self.status != self.Status.AWARDED or self.valid_until is None:
            return False
        today = today or timezone.localdate()
        notice = datetime.timedelta(days=settings.DANGJIAN_PLAQUE_REVIEW_NOTICE_DAYS)
        return self.valid_until - notice <= today


class PlaqueEvent(AuditedModel):
    """One step of a plaque's timeline, written by the plaque services and never edited."""

    plaque = models.ForeignKey(
        Plaque, verbose_name=_("plaque"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Plaque.Status, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Plaque.Status)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("plaque event")
        verbose_name_plural = _("plaque events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["plaque", "at"], name="merchants_plaqueevent_at_idx")]

    def __str__(self) -> str:
        # The status reached, not the action's code: the string is shown to people (the
        # timeline's rows, the audit log).
        return f"{self.plaque} · {self.get_to_status_display()}"
