"""Shops and streamers: the businesses the committee's integrity pledge and training reach."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.audit import AuditedModel


class Platform(models.TextChoices):
    KUAISHOU = "kuaishou", _("Kuaishou")
    DOUYIN = "douyin", _("Douyin")
    TAOBAO_LIVE = "taobao_live", _("Taobao Live")
    CHANNELS = "channels", _("WeChat Channels")
    OTHER = "other", _("other platform")


class Shop(AuditedModel):
    """An online shop run by an enterprise on a live-commerce platform.

    Whether it is a party-member integrity shop (党员诚信经营店) is never typed: it follows from
    its plaque (:class:`merchants.models.Plaque`), see :func:`merchants.selectors.with_integrity`.
    """

    class Category(models.TextChoices):
        APPAREL = "apparel", _("apparel and shoes")
        FOOD = "food", _("food and local specialties")
        AGRICULTURE = "agriculture", _("agricultural products")
        HOUSEHOLD = "household", _("household goods")
        BEAUTY = "beauty", _("beauty and personal care")
        ELECTRONICS = "electronics", _("appliances and electronics")
        OTHER = "other", _("other goods")

    name = models.CharField(_("shop name"), max_length=100)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="shops",
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    account = models.CharField(_("platform account"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    owner = models.ForeignKey(
        "members.Member",
        verbose_name=_("party-member owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shops",
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["platform"], name="merchants_shop_platform_idx"),
            models.Index(fields=["category"], name="merchants_shop_category_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "account"],
                name="merchants_shop_unique_account",
                violation_error_message=_("This platform account is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Streamer(AuditedModel):
    """A live-commerce streamer (主播), optionally a party member or an applicant for membership.

    ``platform``, ``handle`` and ``followers`` are the main account; further accounts are
    :class:`StreamerAccount` rows. The follower tier (头部主播 from a million followers) is read
    from ``followers`` (:func:`merchants.rules.follower_tier`); showing one's identity (亮身份) —
    a party member wearing the badge on stream who signed the pledge — is derived
    (:func:`merchants.selectors.with_identity`)."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    handle = models.CharField(_("screen name"), max_length=100)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="streamers",
    )
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("party member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="streamer",
    )
    application = models.OneToOneField(
        "members.Application",
        verbose_name=_("membership application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="streamer",
    )
    wears_badge = models.BooleanField(_("wears the party badge on stream"), default=False)

    class Meta:
        verbose_name = _("streamer")
        verbose_name_plural = _("streamers")
        ordering = ["-followers", "name"]
        indexes = [
            models.Index(fields=["platform"], name="merchants_streamer_platform"),
            models.Index(fields=["followers"], name="merchants_streamer_followers"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"],
                name="merchants_streamer_unique_handle",
                violation_error_message=_(
                    "This screen name is already registered on the platform."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.handle}）"


class StreamerAccount(AuditedModel):
    """A further platform account of a streamer (the main one is on the streamer)."""

    streamer = models.ForeignKey(
        Streamer, verbose_name=_("streamer"), on_delete=models.CASCADE, related_name="accounts"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform)
    handle = models.CharField(_("screen name"), max_length=100)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)

    class Meta:
        verbose_name = _("streamer account")
        verbose_name_plural = _("streamer accounts")
        ordering = ["streamer", "platform"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"],
                name="merchants_streameraccount_unique_handle",
                violation_error_message=_(
                    "This screen name is already registered on the platform."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.handle}（{self.get_platform_display()}）"
