"""The party roster: one row per member, with the fields the national party-member information
system asks for (DESIGN.md §4 "Roster fields")."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs import crypto
from orgs.audit import AuditedModel
from orgs.dates import add_months, add_years
from orgs.identifiers import (
    id_number_birth_date,
    id_number_gender,
    mask_id_number,
    mask_mobile,
    normalize_id_number,
    normalize_mobile,
)


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Ethnicity(models.TextChoices):
    """The 56 ethnic groups, coded as GB/T 3304."""

    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SUI = "25", _("Sui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EWENKI = "45", _("Ewenki")
    DEANG = "46", _("De'ang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("doctoral studies")
    MASTERS = "masters", _("master's studies")
    BACHELOR = "bachelor", _("university (bachelor)")
    JUNIOR_COLLEGE = "junior_college", _("junior college")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("secondary vocational school")
    HIGH_SCHOOL = "high_school", _("senior high school")
    MIDDLE_SCHOOL = "middle_school", _("junior high school or below")


class Degree(models.TextChoices):
    NONE = "", _("none")
    BACHELOR = "bachelor", _("bachelor's degree")
    MASTER = "master", _("master's degree")
    DOCTOR = "doctor", _("doctoral degree")


class Occupation(models.TextChoices):
    """What the member does in the live-commerce industry."""

    STREAMER = "streamer", _("streamer")
    SHOP_OWNER = "shop_owner", _("shop owner")
    MANAGER = "manager", _("enterprise manager")
    EMPLOYEE = "employee", _("employee")
    LOGISTICS = "logistics", _("logistics worker")
    OTHER = "other", _("other")


class HoldsIdNumber:
    """An ID number kept as ciphertext (``id_number_cipher``), keyed hash (``id_number_hash``,
    for uniqueness and exact search) and masked form (``id_number_masked``, for lists); the
    model declares the three fields, this gives the clear-text property over them."""

    id_number_cipher: str
    id_number_hash: str
    id_number_masked: str

    @property
    def id_number(self) -> str:
        """The full ID number, decrypted. Callers that show it must audit the reveal."""
        return crypto.decrypt(self.id_number_cipher)

    @id_number.setter
    def id_number(self, raw: str) -> None:
        self.store_id_number(normalize_id_number(raw))

    def store_id_number(self, number: str, *, digest: str | None = None) -> None:
        """Store a number :func:`~orgs.identifiers.normalize_id_number` has already returned
        (and its blind index, when known): the import normalises and hashes each number once,
        when it first reads the file."""
        self.id_number_cipher = crypto.encrypt(number)
        self.id_number_hash = digest or crypto.blind_index(number)
        self.id_number_masked = mask_id_number(number)

    @staticmethod
    def hash_id_number(raw: str) -> str:
        """The blind-index value for a raw ID number (for exact search)."""
        return crypto.blind_index(normalize_id_number(raw))


class Member(HoldsIdNumber, AuditedModel):
    """A party member on the roster of one branch.

    The ID number is stored only encrypted (``id_number_cipher``), with a keyed hash
    (``id_number_hash``) for uniqueness and exact search and the masked form for lists; birth
    date and gender are derived from it and must agree with what was entered.
    """

    class Category(models.TextChoices):
        PROBATIONARY = "probationary", _("probationary member")
        FULL = "full", _("full member")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("member status", "active")
        MOBILE = "mobile", _("mobile member")
        TRANSFERRED_OUT = "transferred_out", _("transferred out")
        DECEASED = "deceased", _("deceased")
        LAPSED = "lapsed", _("lapsed (left the party)")
        EXPELLED = "expelled", _("expelled")

    class Source(models.TextChoices):
        DEVELOPED = "developed", _("developed here")
        TRANSFERRED_IN = "transferred_in", _("transferred in")
        RESTORED = "restored", _("membership restored")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity, default="01")
    birth_date = models.DateField(_("birth date"))
    id_number_cipher = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(
        _("ID number index"), max_length=64, unique=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    mobile_cipher = models.TextField(_("mobile (encrypted)"), blank=True, editable=False)
    mobile_masked = models.CharField(_("mobile"), max_length=11, blank=True, editable=False)
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    education = models.CharField(
        _("education"), max_length=30, choices=Education, blank=True, db_index=True
    )
    degree = models.CharField(_("degree"), max_length=10, choices=Degree, blank=True)
    occupation = models.CharField(
        _("occupation"), max_length=20, choices=Occupation, default=Occupation.EMPLOYEE
    )
    address = models.CharField(_("home address"), max_length=200, blank=True)
    workplace = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("workplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    branch = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("member's party organization"),
        on_delete=models.PROTECT,
        related_name="members",
    )
    category = models.CharField(_("member category"), max_length=20, choices=Category)
    admission_date = models.DateField(_("admission date"))
    full_membership_date = models.DateField(_("full-membership date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    source = models.CharField(
        _("how the member joined the branch"),
        max_length=20,
        choices=Source,
        default=Source.DEVELOPED,
    )
    party_posts = models.CharField(_("party posts"), max_length=100, blank=True)
    lost_contact = models.BooleanField(_("lost contact"), default=False)
    discipline_until = models.DateField(
        _("under party discipline until"),
        null=True,
        blank=True,
        help_text=_("The end of the period a disciplinary sanction lasts; empty when none."),
    )
    dues_standard = models.DecimalField(
        _("monthly dues (yuan)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    dues_paid_to = models.DateField(
        _("dues paid up to (month)"),
        null=True,
        blank=True,
        help_text=_("The first day of the last month paid."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["branch__path", "name"]
        permissions = [
            ("reveal_personal_data", _("Can reveal full ID numbers and phones")),
            ("export_member", _("Can export the roster")),
            ("import_member", _("Can import rosters")),
        ]
        indexes = [
            models.Index(fields=["branch", "status"], name="members_member_branch_status"),
            models.Index(fields=["category"], name="members_member_category_idx"),
            models.Index(fields=["status"], name="members_member_status_idx"),
            models.Index(fields=["occupation"], name="members_member_occupation_idx"),
            models.Index(fields=["admission_date"], name="members_member_admission_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_membership_date__isnull=True)
                | Q(full_membership_date__gte=models.F("admission_date")),
                name="members_member_full_after_admission",
                violation_error_message=_(
                    "The full-membership date cannot be earlier than the admission date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(category="probationary", full_membership_date__isnull=True)
                | Q(category="full", full_membership_date__isnull=False),
                name="members_member_category_matches_dates",
                violation_error_message=_(
                    "A full member needs a full-membership date; a probationary member has none."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def mobile(self) -> str:
        return crypto.decrypt(self.mobile_cipher)

    @mobile.setter
    def mobile(self, raw: str) -> None:
        number = normalize_mobile(raw) if raw else ""
        self.mobile_cipher = crypto.encrypt(number)
        self.mobile_masked = mask_mobile(number)

    def clean(self) -> None:
        errors = self.rule_errors()
        if self.id_number_hash:
            duplicate = Member.objects.filter(id_number_hash=self.id_number_hash)
            if duplicate.exclude(pk=self.pk).exists():
                errors["id_number"] = _("A member with this ID number is already on the roster.")
        if errors:
            raise ValidationError(errors)

    def rule_errors(
        self, *, number: str | None = None, today: datetime.date | None = None
    ) -> dict[str, Any]:
        """The roster rules that need no database query, by field.

        The import validates thousands of rows before writing any, so it calls this instead of
        ``full_clean`` (whose uniqueness and constraint checks cost a query per row) and checks
        uniqueness and the two date constraints itself, for the whole file at once; it passes
        the decrypted ``number`` and ``today`` it already has.
        """
        errors: dict[str, Any] = {}
        if number is None:
            number = self.id_number
        if number:
            born = id_number_birth_date(number)
            if self.birth_date and self.birth_date != born:
                errors["birth_date"] = _(
                    "The birth date does not match the ID number (which says %(date)s)."
                ) % {"date": born.isoformat()}
            if self.gender and self.gender != id_number_gender(number):
                errors["gender"] = _("The gender does not match the ID number.")
        today = today or timezone.localdate()
        if self.admission_date and self.admission_date > today:
            errors["admission_date"] = _("The admission date cannot be in the future.")
        if self.full_membership_date and self.full_membership_date > today:
            errors["full_membership_date"] = _("The full-membership date cannot be in the future.")
        adult_on = add_years(self.birth_date, 18) if self.birth_date else None
        if adult_on and self.admission_date and self.admission_date < adult_on:
            errors["admission_date"] = _("A member must be at least 18 when admitted.")
        return errors


# --- roster operations: status history, transfers, mobile members, import jobs ----------------


class MemberStatusChange(AuditedModel):
    """One change of a member's status (党籍状态), kept as the member's timeline.

    Written only by ``members.services.member_change_status`` (and by the import, for the rows
    whose status it changes), so that the timeline and the roster never disagree.
    """

    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=Member.Status)
    to_status = models.CharField(_("to status"), max_length=20, choices=Member.Status)
    on = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["member", "on"], name="members_statuschange_member")]

    def __str__(self) -> str:
        change = f"{self.get_from_status_display()} → {self.get_to_status_display()}"
        return f"{self.member} {self.on}: {change}"


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


class ImportJob(AuditedModel):
    """One roster file being imported: its progress, counts and row-numbered report.

    Small files are validated and written inside the request; large ones by a Celery task that
    takes the job's id. Either way nothing is written unless every row is valid.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        VALIDATING = "validating", _("validating")
        VALIDATED = "validated", _("validated, awaiting confirmation")
        INVALID = "invalid", _("refused (errors)")
        IMPORTING = "importing", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    default_branch = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("default branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Used for rows that name no party organization."),
    )
    confirmed = models.BooleanField(_("write after validation"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.INVALID, self.Status.DONE, self.Status.FAILED}


# --- membership development (DESIGN.md §4 "Membership development") ---------------------------


class RuleSet(AuditedModel):
    """One version of the rules of membership development (《发展党员工作细则》 2014, revised
    2026-05), with the parameters the step rules read. Kept as data so that a revision adds a
    row instead of changing code, and every application records the version it follows."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("rule set", "name"), max_length=100)
    effective_from = models.DateField(_("effective from"))
    version_note = models.TextField(_("version note"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age at application"), default=18)
    talk_within_months = models.PositiveSmallIntegerField(
        _("talk with the applicant within (months)"), default=1
    )
    assessment_interval_months = models.PositiveSmallIntegerField(
        _("activist assessed every (months)"), default=6
    )
    activist_min_years = models.PositiveSmallIntegerField(
        _("minimum time as activist before candidate (years)"), default=1
    )
    notice_working_days = models.PositiveSmallIntegerField(
        _("public notice at least (working days)"), default=5
    )
    training_min_days = models.PositiveSmallIntegerField(_("training at least (days)"), default=3)
    training_min_hours = models.PositiveSmallIntegerField(
        _("or training at least (class hours)"), default=24
    )
    approval_within_months = models.PositiveSmallIntegerField(
        _("committee approval within (months)"), default=3
    )
    probation_years = models.PositiveSmallIntegerField(_("probation (years)"), default=1)
    extension_min_months = models.PositiveSmallIntegerField(
        _("probation extension at least (months)"), default=6
    )
    extension_max_months = models.PositiveSmallIntegerField(
        _("probation extension at most (months)"), default=12
    )
    political_review_valid_years = models.PositiveSmallIntegerField(
        _("political review valid for (years)"), default=1
    )
    admission_within_months = models.PositiveSmallIntegerField(
        _("admission meeting within (months) of the pre-review"), default=1
    )
    notice_before_admission = models.BooleanField(
        _("public notice before the admission meeting"), default=False
    )

    class Meta:
        verbose_name = _("development rule set")
        verbose_name_plural = _("development rule sets")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Application(HoldsIdNumber, AuditedModel):
    """One person's path through the 25 development steps in one branch.

    The applicant is not on the roster yet, so their identity is kept here the way the roster
    keeps it (ID number encrypted, blind index, masked form); committee approval (step 17)
    creates the roster row and links it. ``stage``, ``last_step``, ``next_step``, ``due_step``,
    ``due_on`` and ``outcome`` are derived from the recorded steps by
    :func:`members.development.application_record_step` and never typed in; they are stored so
    that lists filter and sort on them in the database.
    """

    class Stage(models.IntegerChoices):
        APPLICANT = 1, _("applicant")
        ACTIVIST = 2, _("activist")
        CANDIDATE = 3, _("candidate")
        ADMISSION = 4, _("admission as probationary member")
        CONVERSION = 5, _("conversion to full member")

    class Outcome(models.TextChoices):
        OPEN = "open", _("in progress")
        FULL = "full", _("converted to full member")
        CANCELLED = "cancelled", _("probationary membership cancelled")

    class Review(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender)
    birth_date = models.DateField(_("birth date"))
    id_number_cipher = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(
        _("ID number index"), max_length=64, db_index=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    branch = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="applications"
    )
    workplace = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("workplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    member = models.OneToOneField(
        Member,
        verbose_name=_("party member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        editable=False,
    )
    contact_1 = models.ForeignKey(
        Member,
        verbose_name=_("cultivation contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    contact_2 = models.ForeignKey(
        Member,
        verbose_name=_("second cultivation contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    introducer_1 = models.ForeignKey(
        Member,
        verbose_name=_("introducer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    introducer_2 = models.ForeignKey(
        Member,
        verbose_name=_("second introducer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    training_days = models.PositiveSmallIntegerField(
        _("training days"), null=True, blank=True, editable=False
    )
    training_hours = models.PositiveSmallIntegerField(
        _("training class hours"), null=True, blank=True, editable=False
    )
    political_review_result = models.CharField(
        _("political review result"), max_length=10, choices=Review, blank=True, editable=False
    )
    political_review_date = models.DateField(
        _("political review date"), null=True, blank=True, editable=False
    )
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=Stage, default=Stage.APPLICANT, editable=False
    )
    last_step = models.PositiveSmallIntegerField(
        _("last step"), null=True, blank=True, editable=False
    )
    next_step = models.PositiveSmallIntegerField(
        _("next step"), null=True, blank=True, editable=False
    )
    due_step = models.PositiveSmallIntegerField(
        _("step due"), null=True, blank=True, editable=False
    )
    due_on = models.DateField(_("due date"), null=True, blank=True, editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.OPEN, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["branch__path", "name", "id"]
        indexes = [
            models.Index(fields=["branch", "stage"], name="members_application_stage"),
            models.Index(fields=["due_on"], name="members_application_due_on"),
            models.Index(fields=["outcome"], name="members_application_outcome"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        number = self.id_number
        if number:
            if self.birth_date and self.birth_date != id_number_birth_date(number):
                errors["birth_date"] = _(
                    "The birth date does not match the ID number (which says %(date)s)."
                ) % {"date": id_number_birth_date(number).isoformat()}
            if self.gender and self.gender != id_number_gender(number):
                errors["gender"] = _("The gender does not match the ID number.")
            open_elsewhere = Application.objects.filter(
                id_number_hash=self.id_number_hash, outcome=Application.Outcome.OPEN
            ).exclude(pk=self.pk)
            if open_elsewhere.exists():
                errors["id_number"] = _("This person already has an application in progress.")
        if errors:
            raise ValidationError(errors)


class DocumentKind(models.TextChoices):
    """The forms of the national handbook that a development file holds."""

    APPLICATION_LETTER = "application_letter", _("application letter")
    TALK_RECORD = "talk_record", _("talk record")
    ACTIVIST_FILING = "activist_filing", _("activist filing form")
    CANDIDATE_FILING = "candidate_filing", _("candidate filing form")
    THOUGHT_REPORT = "thought_report", _("thought report")
    POLITICAL_REVIEW = "political_review", _("political review conclusion")
    TRAINING_CERTIFICATE = "training_certificate", _("training certificate")
    APPLICATION_FORM = "application_form", _("application form for party membership (志愿书)")
    NOTICE = "notice", _("public notice")
    MINUTES = "minutes", _("meeting minutes")
    APPROVAL = "approval", _("approval")
    CONVERSION_APPLICATION = "conversion_application", _("application for conversion")
    OTHER = "other", _("other document")


class StepRecord(AuditedModel):
    """One recorded development step of an application (steps 6 and 21 may repeat; 23 and 24
    repeat once after an extension). Written only by
    :func:`members.development.application_record_step`, after the rules allowed it."""

    class ConversionOutcome(models.TextChoices):
        CONVERT = "convert", _("convert to full member")
        EXTEND = "extend", _("extend probation")
        CANCEL = "cancel", _("cancel probationary membership")

    application = models.ForeignKey(
        Application,
        verbose_name=_("membership application"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    step = models.PositiveSmallIntegerField(_("step"))
    on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    notice_start = models.DateField(_("public notice from"), null=True, blank=True)
    notice_end = models.DateField(_("public notice until"), null=True, blank=True)
    vote_entitled = models.PositiveSmallIntegerField(
        _("members entitled to vote"), null=True, blank=True
    )
    vote_present = models.PositiveSmallIntegerField(
        _("entitled members present"), null=True, blank=True
    )
    vote_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    vote_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    vote_abstain = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    conversion_outcome = models.CharField(
        _("decision on conversion"), max_length=10, choices=ConversionOutcome, blank=True
    )
    extension_months = models.PositiveSmallIntegerField(
        _("extension (months)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["application", "on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__gte=1, step__lte=25),
                name="members_steprecord_step_range",
                violation_error_message=_("A development step is numbered 1 to 25."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.step}"


def _document_path(instance: "StepDocument", filename: str) -> str:
    return f"development/{instance.record.application_id}/{filename}"


def validate_document(upload: Any) -> None:
    """Allow the formats a development file is scanned into, up to the configured size."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationError(
            _("Upload a PDF, JPG, PNG or DOCX file (this one is “%(name)s”)."),
            code="document_type",
            params={"name": upload.name},
        )
    limit = settings.DANGJIAN_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."),
            code="document_size",
            params={"mb": limit // (1024 * 1024)},
        )


ALLOWED_DOCUMENT_TYPES = ("pdf", "jpg", "jpeg", "png", "docx")


class StepDocument(AuditedModel):
    """A scanned or signed document attached to a recorded step."""

    record = models.ForeignKey(
        StepRecord,
        verbose_name=_("development step"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind)
    file = models.FileField(_("file"), upload_to=_document_path, validators=[validate_document])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step document")
        verbose_name_plural = _("step documents")
        ordering = ["record", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file.name}"


class DevelopmentDigest(AuditedModel):
    """The daily development digest sent to one secretary; remembering it makes the daily task
    idempotent (a second run on the same day sends nothing)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("development digest")
        verbose_name_plural = _("development digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "day"],
                name="members_developmentdigest_once_a_day",
                violation_error_message=_("The digest of this day has already been sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.day}"
