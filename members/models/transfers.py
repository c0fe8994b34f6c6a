"""Moving members: transfers of the organizational relationship (组织关系转接) and periods as a
mobile member (流动党员)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models.roster import Member
from orgs.audit import AuditedModel
from orgs.dates import add_months


class Transfer(AuditedModel):
    """A transfer of a member's organizational relationship (组织关系转接).

    *Internal* transfers move a member between two branches of this system: the member joins the
    receiving branch at once, but the sending branch keeps seeing them (and stays responsible)
    until the receiving branch confirms the receipt. *Outgoing* and *incoming* transfers cross
    the system's boundary on a paper letter (stub, letter, receipt): the letter is valid 10 days
    in the same city and 30 days elsewhere (never more than 3 months), and the receipt is due
    back within 1 month; a member transferred out keeps their branch until the receipt returns.
    """

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("within the system")
        OUTGOING = "outgoing", _("out of the system")
        INCOMING = "incoming", _("into the system")

    class State(models.TextChoices):
        ISSUED = "issued", _("issued")
        RECEIVED = "received", _("received")
        EXPIRED = "expired", _("expired")
        RETURNED = "returned", _("returned")

    IN_CITY_VALID_DAYS = 10
    OUT_OF_CITY_VALID_DAYS = 30
    MAX_VALID_DAYS = 90
    RECEIPT_DUE_MONTHS = 1

    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.ISSUED)
    from_branch = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("sending branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_out",
    )
    to_branch = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("receiving branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
    )
    external_organization = models.CharField(
        _("organization outside the system"),
        max_length=200,
        blank=True,
        help_text=_("Destination (outgoing) or source (incoming) organization's full name."),
    )
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    in_city = models.BooleanField(_("within the city"), default=True)
    issued_on = models.DateField(_("issue date"))
    valid_days = models.PositiveSmallIntegerField(_("valid for (days)"))
    dues_paid_to = models.DateField(_("dues paid up to (month)"), null=True, blank=True)
    received_on = models.DateField(_("receipt date"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
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
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["state", "issued_on"], name="members_transfer_state"),
            models.Index(fields=["kind"], name="members_transfer_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_days__gte=1, valid_days__lte=90),
                name="members_transfer_validity",
                violation_error_message=_("A transfer letter is valid for at most 3 months."),
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("issued_on")),
                name="members_transfer_received_after_issue",
                violation_error_message=_("The receipt cannot be dated before the issue date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.issued_on}"

    @property
    def expires_on(self) -> datetime.date:
        return self.issued_on + datetime.timedelta(days=self.valid_days)

    @property
    def receipt_due_on(self) -> datetime.date:
        return add_months(self.issued_on, self.RECEIPT_DUE_MONTHS)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """No receipt back within 1 month of issue (the sending branch must chase it)."""
        today = today or timezone.localdate()
        return self.state == self.State.ISSUED and today > self.receipt_due_on

    @classmethod
    def overdue_q(cls, today: datetime.date | None = None) -> Q:
        today = today or timezone.localdate()
        return Q(state=cls.State.ISSUED, issued_on__lt=add_months(today, -cls.RECEIPT_DUE_MONTHS))


class MobileMembership(AuditedModel):
    """A period as a mobile member (流动党员): away from the branch for less than 6 months (or
    without a fixed place), so the relationship stays and the member is followed up remotely.
    A member not heard from for 6 months is flagged."""

    class Direction(models.TextChoices):
        OUTFLOW = "out", _("flowing out")
        INFLOW = "in", _("flowing in")

    SILENT_MONTHS = 6

    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="mobile_records",
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction)
    place = models.CharField(_("place"), max_length=100)
    host_organization = models.CharField(_("host organization"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    certificate_number = models.CharField(
        _("mobile member certificate number"), max_length=50, blank=True
    )
    started_on = models.DateField(_("since"))
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mobile membership")
        verbose_name_plural = _("mobile memberships")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["ended_on", "last_contact_on"], name="members_mobile_contact"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="members_mobilemembership_end_after_start",
                violation_error_message=_("The end date cannot be earlier than the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_direction_display()} {self.place}"

    def is_silent(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        last = self.last_contact_on or self.started_on
        return self.ended_on is None and last < add_months(today, -self.SILENT_MONTHS)

    @classmethod
    def silent_q(cls, today: datetime.date | None = None) -> Q:
        cutoff = add_months(today or timezone.localdate(), -cls.SILENT_MONTHS)
        return Q(ended_on__isnull=True) & (
            Q(last_contact_on__lt=cutoff) | Q(last_contact_on__isnull=True, started_on__lt=cutoff)
        )
