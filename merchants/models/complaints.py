"""Complaints against shops (consumer, platform or inspection reports): received, verified as
substantiated or not with evidence files, and settled with an outcome. Substantiated complaints
count towards the automatic suspension of the shop's plaque (:mod:`merchants.rules`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.development import validate_document
from orgs.audit import AuditedModel


class Complaint(AuditedModel):
    """One complaint against a shop. Only the services of :mod:`merchants.complaints` change
    ``status``, ``substantiated`` and the outcome."""

    class Source(models.TextChoices):
        CONSUMER = "consumer", _("consumer")
        PLATFORM = "platform", _("platform report")
        INSPECTION = "inspection", _("inspection")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        VERIFIED = "verified", _("verified")
        CLOSED = "closed", _("closed")

    shop = models.ForeignKey(
        "merchants.Shop",
        verbose_name=_("shop"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    summary = models.TextField(_("summary"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.RECEIVED, editable=False
    )
    substantiated = models.BooleanField(_("substantiated"), null=True, editable=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    finding = models.TextField(_("finding"), blank=True, editable=False)
    outcome = models.TextField(_("outcome"), blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(
                fields=["shop", "substantiated", "received_on"],
                name="merchants_complaint_count_idx",
            ),
            models.Index(fields=["status"], name="merchants_complaint_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.shop} · {self.received_on.isoformat()}"


class ComplaintEvidence(AuditedModel):
    """A file that backs a complaint's verification (a screenshot, an inspection report)."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        _("file"),
        upload_to="complaints/%Y/",
        validators=[validate_document],
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.description or self.file.name or ""
