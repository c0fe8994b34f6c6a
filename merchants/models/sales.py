"""Sales reports (带货数据): one row per day and streamer or shop, imported from the platforms'
export files (:mod:`merchants.sales`)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.audit import AuditedModel


class SalesReport(AuditedModel):
    """A day's sales of a streamer or of a shop on one platform. ``enterprise`` is the
    streamer's or shop's, kept for scope and the park totals."""

    day = models.DateField(_("date"))
    streamer = models.ForeignKey(
        "merchants.Streamer",
        verbose_name=_("streamer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales",
    )
    shop = models.ForeignKey(
        "merchants.Shop",
        verbose_name=_("shop"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales",
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales",
    )
    gmv = models.DecimalField(
        _("GMV (yuan)"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    orders = models.PositiveIntegerField(_("orders"))
    returns = models.PositiveIntegerField(_("returns"), default=0)
    complaints = models.PositiveIntegerField(_("complaints"), default=0)

    class Meta:
        verbose_name = _("sales report")
        verbose_name_plural = _("sales reports")
        ordering = ["-day", "pk"]
        indexes = [
            models.Index(fields=["day"], name="merchants_sales_day_idx"),
            models.Index(fields=["streamer", "day"], name="merchants_sales_streamer_idx"),
            models.Index(fields=["shop", "day"], name="merchants_sales_shop_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(streamer__isnull=False) | Q(shop__isnull=False),
                name="merchants_salesreport_has_seller",
                violation_error_message=_("Name the streamer or the shop."),
            ),
            # One report per day and seller; written as three because a missing streamer or
            # shop is NULL, and NULLs never collide in a plain unique constraint.
            models.UniqueConstraint(
                fields=["day", "streamer", "shop"],
                name="merchants_salesreport_unique_day",
                violation_error_message=_("This day is already reported."),
            ),
            models.UniqueConstraint(
                fields=["day", "streamer"],
                condition=Q(shop__isnull=True),
                name="merchants_salesreport_unique_streamer_day",
                violation_error_message=_("This day is already reported."),
            ),
            models.UniqueConstraint(
                fields=["day", "shop"],
                condition=Q(streamer__isnull=True),
                name="merchants_salesreport_unique_shop_day",
                violation_error_message=_("This day is already reported."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.streamer or self.shop} · {self.day.isoformat()}"
