"""Models of the party organization tree, enterprises, parks, positions and the alliance.

The audit log's model is defined in :mod:`orgs.audit.models`, beside the code that writes it,
and the holiday calendar's in :mod:`orgs.holidays`; both are re-exported here with the app's
other models.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from orgs.audit.base import AuditedModel
from orgs.audit.models import AuditEntry as AuditEntry
from orgs.holidays import CalendarDay as CalendarDay
from orgs.holidays import CalendarYear as CalendarYear
from orgs.identifiers import normalize_uscc, validate_uscc


class Park(AuditedModel):
    """A park or live-commerce base (直播电商基地) where enterprises and positions sit.

    The seed's 15 bases are parks of kind ``base``; Shunhe is both the largest base and the park
    the district's commissioners were sent into.
    """

    class Kind(models.TextChoices):
        PARK = "park", _("industrial park")
        BASE = "base", _("live-commerce base")
        TOWN = "town", _("live-commerce town")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.BASE)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    operator = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("operating enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operated_parks",
    )

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks and bases")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="orgs_park_kind_idx")]

    def __str__(self) -> str:
        return self.name


class Enterprise(AuditedModel):
    """An enterprise or individual business: where branches are built, members work, shops
    belong and cases come from. Identified by its unified social credit code (GB 32100)."""

    class Kind(models.TextChoices):
        LIVE_COMMERCE = "live_commerce", _("live-commerce company")
        MCN = "mcn", _("MCN agency")
        SUPPLY_CHAIN = "supply_chain", _("supply-chain company")
        LOGISTICS = "logistics", _("logistics company")
        PARK_OPERATOR = "park_operator", _("park operator")
        SERVICE = "service", _("service provider")
        INDIVIDUAL = "individual", _("individual business")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("18 characters, GB 32100; the check character is verified."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LIVE_COMMERCE)
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enterprises",
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    employees = models.PositiveIntegerField(_("employees"), default=0)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="orgs_enterprise_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.uscc:
            self.uscc = normalize_uscc(self.uscc)


class Organization(AuditedModel):
    """A node of the party organization tree.

    The tree is kept as a materialized path (``/1/4/17/``: the primary keys from the root down)
    so that a subtree is one indexed prefix query — the access scope of every user is a set of
    subtrees, and every scoped list runs that query.
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("party committee")
        GENERAL_BRANCH = "general_branch", _("general branch")
        BRANCH = "branch", _("branch")
        JOINT_BRANCH = "joint_branch", _("joint branch")
        PARTY_GROUP = "party_group", _("party group")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    code = models.CharField(
        _("organization code"),
        max_length=30,
        unique=True,
        help_text=_("The code used in rosters and imports, e.g. LS-ZB-01."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(
        _("tree path"), max_length=255, db_index=True, editable=False, blank=True
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    term_start = models.DateField(_("current term start"), null=True, blank=True)
    term_end = models.DateField(_("current term end"), null=True, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("built in enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("built in park"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
    )

    class Meta:
        verbose_name = _("party organization")
        verbose_name_plural = _("party organizations")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind"], name="orgs_organization_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gt=models.F("term_start")),
                name="orgs_organization_term_order",
                violation_error_message=_("The term must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep ``path`` in step with ``parent``; moving a node rewrites its subtree in one
        UPDATE."""
        parent_path = self.parent.path if self.parent is not None else "/"
        if self.pk is None:
            self.path = parent_path  # placeholder until the primary key exists
            super().save(*args, **kwargs)
            self.path = f"{parent_path}{self.pk}/"
            Organization._base_manager.filter(pk=self.pk).update(path=self.path)
            return
        old_path = self.path
        self.path = f"{parent_path}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            subtree = Organization._base_manager.filter(path__startswith=old_path)
            subtree.exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )

    def clean(self) -> None:
        if self.parent is not None and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError(
                {"parent": _("An organization cannot be placed under itself or its subtree.")}
            )

    @property
    def depth(self) -> int:
        """0 for the root."""
        return self.path.count("/") - 2


class Position(AuditedModel):
    """A party-building position (党建阵地): a place where party work happens."""

    class Kind(models.TextChoices):
        SERVICE_CENTER = "service_center", _("party-mass service center")
        RED_STATION = "red_station", _("red station")
        RED_LIVE_ROOM = "red_live_room", _("red live room")
        EXHIBITION_HALL = "exhibition_hall", _("exhibition hall")
        TRAINING_ROOM = "training_room", _("training room")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    class Meta:
        verbose_name = _("party-building position")
        verbose_name_plural = _("party-building positions")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="orgs_position_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(park__isnull=False) | Q(organization__isnull=False),
                name="orgs_position_has_place",
                violation_error_message=_("A position belongs to a park or an organization."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Alliance(AuditedModel):
    """The party-building alliance (党建联盟) of leading enterprises around a committee."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    lead_organization = models.ForeignKey(
        Organization,
        verbose_name=_("lead organization"),
        on_delete=models.PROTECT,
        related_name="alliances",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    enterprises = models.ManyToManyField(
        Enterprise,
        verbose_name=_("member enterprises"),
        through="AllianceMembership",
        related_name="alliances",
    )

    class Meta:
        verbose_name = _("party-building alliance")
        verbose_name_plural = _("party-building alliances")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AllianceMembership(AuditedModel):
    """An enterprise's membership of an alliance, with the date it joined."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="memberships"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_leading = models.BooleanField(_("leading enterprise"), default=True)

    class Meta:
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "enterprise"],
                name="orgs_alliancemembership_unique",
                violation_error_message=_("This enterprise is already a member of the alliance."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} · {self.enterprise}"


class OrganizationScope(AuditedModel):
    """Assigns a user to an organization subtree: committee staff usually to the root, a branch
    secretary to their branch. The user then sees that organization and everything below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organization_scopes",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="user_scopes",
    )

    class Meta:
        verbose_name = _("organization scope")
        verbose_name_plural = _("organization scopes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="orgs_organizationscope_unique",
                violation_error_message=_("The user already has this organization in scope."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class AccountSecurity(AuditedModel):
    """Security state of an account that Django's user model does not keep: when the password
    was last changed (for expiry)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account_security",
    )
    password_changed_at = models.DateTimeField(_("password changed at"))

    class Meta:
        verbose_name = _("account security")
        verbose_name_plural = _("account security")

    def __str__(self) -> str:
        return str(self.user)
