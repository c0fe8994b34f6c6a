"""Dues (党费): each member's monthly standards with the income declarations they came from, and
the payments, one per member and month. The rules are :mod:`members.dues`; the writes
:mod:`members.dues_services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.dues import IncomeBasis
from members.models.roster import Member
from orgs.audit import AuditedModel


class DuesStandard(AuditedModel):
    """A member's monthly dues standard from ``effective_from`` (a month) until the next one.

    Kept with the income declaration it was computed from — the basis and the declared income
    (the monthly wage or pension, or for the self-employed the previous quarter's total net
    income) — so that the history shows why a member paid what they paid. Written only by
    :func:`members.dues_services.dues_standard_declare` and the yearly recalculation, which
    compute ``amount`` from the rules; a new declaration adds a row, never edits one.
    """

    class Reason(models.TextChoices):
        ADMISSION = "admission", _("admission")
        DECLARED_CHANGE = "declared_change", _("declared change of income")
        YEARLY = "yearly", _("yearly recalculation")
        TRANSFERRED_IN = "transferred_in", _("transferred in")
        CARRIED_OVER = "carried_over", _("carried over from the former roster")

    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="dues_standards",
    )
    effective_from = models.DateField(
        _("applies from (month)"), help_text=_("The first day of the month.")
    )
    basis = models.CharField(_("income basis"), max_length=20, choices=IncomeBasis)
    declared_income = models.DecimalField(
        _("declared income (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Monthly after-tax wage or pension; for the self-employed the previous quarter's "
            "total net income. Empty for the flat amounts."
        ),
    )
    declared_on = models.DateField(_("declared on"))
    amount = models.DecimalField(_("monthly dues (yuan)"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dues standard")
        verbose_name_plural = _("dues standards")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "effective_from"],
                name="members_duesstandard_one_per_month",
                violation_error_message=_("This member already has a standard from this month."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="members_duesstandard_amount_not_negative",
                violation_error_message=_("Dues cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.effective_from:%Y-%m} {self.amount}"


class DuesPayment(AuditedModel):
    """The dues of one member for one month: amount, date, method, receipt and collector.

    Paying several months ahead records one row per month. A *carried-over* row (amount 0)
    marks the month an older roster or an incoming transfer letter said the member had paid up
    to; the paid-up-to month is derived from these rows (:func:`members.dues.paid_up_to`),
    never typed.
    """

    class Method(models.TextChoices):
        CASH = "cash", _("cash")
        WECHAT = "wechat", _("WeChat Pay")
        ALIPAY = "alipay", _("Alipay")
        BANK = "bank", _("bank transfer")
        CARRIED_OVER = "carried_over", _("carried over")

    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="dues_payments",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month paid for."))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=8, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=20, choices=Method, default=Method.CASH)
    receipt_number = models.CharField(_("receipt number"), max_length=50, blank=True)
    collector = models.CharField(_("collected by"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-month", "member"]
        indexes = [models.Index(fields=["month"], name="members_duespayment_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                name="members_duespayment_one_per_month",
                violation_error_message=_("This member's dues for this month are already paid."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="members_duespayment_amount_not_negative",
                violation_error_message=_("Dues cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m} {self.amount}"
