"""The healthy-operation pledge (《直播电商健康规范经营倡议书》): its texts by version, and who
signed which version when — an enterprise, a shop or a streamer — re-signed every year."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.audit import AuditedModel
from orgs.dates import add_months


class PledgeText(AuditedModel):
    """One version of a pledge's text; a new version is a new row, so that every signature keeps
    the words that were signed."""

    title = models.CharField(_("title"), max_length=100)
    version = models.PositiveSmallIntegerField(_("version"))
    published_on = models.DateField(_("published on"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("pledge text")
        verbose_name_plural = _("pledge texts")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "version"],
                name="merchants_pledgetext_unique_version",
                violation_error_message=_("This version of the pledge already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class PledgeSignature(AuditedModel):
    """A signature of one pledge version by an enterprise, or by a shop or a streamer (whose
    enterprise is kept with it, for scope). ``signed_by`` is the person who put their name to it;
    ``recorded_by`` the user who entered it."""

    pledge = models.ForeignKey(
        PledgeText, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="signatures"
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_signatures",
    )
    shop = models.ForeignKey(
        "merchants.Shop",
        verbose_name=_("shop"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_signatures",
    )
    streamer = models.ForeignKey(
        "merchants.Streamer",
        verbose_name=_("streamer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge_signatures",
    )
    # "streamer:<id>", "shop:<id>" or "enterprise:<id>": who signed, in one indexed column, so
    # that a signer's signatures are found (and the latest told apart) without case analysis.
    signer_key = models.CharField(_("signer"), max_length=40, editable=False, db_index=True)
    signed_on = models.DateField(_("signed on"), default=timezone.localdate)
    signed_by = models.CharField(_("signed by"), max_length=50)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pledge signature")
        verbose_name_plural = _("pledge signatures")
        ordering = ["-signed_on", "-pk"]
        indexes = [
            models.Index(fields=["signed_on"], name="merchants_signature_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False)
                | Q(shop__isnull=False)
                | Q(streamer__isnull=False),
                name="merchants_pledgesignature_has_signer",
                violation_error_message=_("Name the enterprise, shop or streamer who signed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_label} · {self.pledge}"

    def compute_signer_key(self) -> str:
        if self.streamer_id:
            return f"streamer:{self.streamer_id}"
        if self.shop_id:
            return f"shop:{self.shop_id}"
        return f"enterprise:{self.enterprise_id}"

    @property
    def signer_label(self) -> str:
        signer = self.streamer or self.shop or self.enterprise
        return str(signer) if signer is not None else ""

    def resign_due_on(self) -> datetime.date:
        """The day the yearly re-signing falls due."""
        return add_months(self.signed_on, 12)
