"""Talent awards under the "ten measures" (《关于支持直播电商人才发展的十条措施》): the policies
with their amount rules, and the applications through approval to payment."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.audit import AuditedModel


class TalentPolicy(AuditedModel):
    """One measure: its number, title and amount rule — a fixed sum, or a sum up to a ceiling."""

    class AmountRule(models.TextChoices):
        FIXED = "fixed", _("fixed amount")
        UP_TO = "up_to", _("up to the amount")

    number = models.PositiveSmallIntegerField(_("measure number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    amount_rule = models.CharField(_("amount rule"), max_length=10, choices=AmountRule)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    conditions = models.TextField(_("conditions"), blank=True)

    class Meta:
        verbose_name = _("talent policy")
        verbose_name_plural = _("talent policies")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"第{self.number}条 {self.title}"


class TalentAward(AuditedModel):
    """An application for an award under one measure, by a streamer or an enterprise, and what
    became of it. Only :mod:`merchants.talent` moves ``status``."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        PAID = "paid", _("paid")

    policy = models.ForeignKey(
        TalentPolicy,
        verbose_name=_("talent policy"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    streamer = models.ForeignKey(
        "merchants.Streamer",
        verbose_name=_("streamer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_awards",
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talent_awards",
    )
    applied_on = models.DateField(_("applied on"))
    reason = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.APPLIED, editable=False
    )
    amount = models.DecimalField(
        _("approved amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("talent award")
        verbose_name_plural = _("talent awards")
        ordering = ["-applied_on", "-pk"]
        indexes = [models.Index(fields=["status", "paid_on"], name="merchants_award_paid_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(streamer__isnull=False) | models.Q(enterprise__isnull=False),
                name="merchants_talentaward_has_recipient",
                violation_error_message=_("Name the streamer or the enterprise."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.streamer or self.enterprise} · {self.policy}"
