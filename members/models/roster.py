"""The party roster: one row per member, with the fields the national party-member information
system asks for (DESIGN.md §4 "Roster fields"), the choice lists of those fields (whose everyday
names are in :mod:`members.vocab`), the encrypted ID number the roster shares with applications,
the member number that identifies a member in exported files, and each member's status history."""

import datetime
import re
import secrets
import unicodedata
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
from orgs.dates import add_years
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


# The characters of a member number: digits and capitals without 0, 1, I, O, S, V and Z, which
# are misread for one another (as GB 32100 leaves them out of credit codes).
MEMBER_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRTUWXY"
MEMBER_NUMBER_PREFIX = "D"
MEMBER_NUMBER_LENGTH = 12
MEMBER_NUMBER_RE = re.compile(
    rf"^{MEMBER_NUMBER_PREFIX}[{MEMBER_NUMBER_ALPHABET}]{{{MEMBER_NUMBER_LENGTH - 1}}}$"
)
_MEMBER_NUMBER_SEPARATORS = re.compile(r"[\s\-]+")


def new_member_number() -> str:
    """A fresh member number (党员编号): ``D`` and 11 characters drawn at random.

    Drawn, not counted: the number tells nothing about when or where a member joined, and a
    neighbour's number does not give away another's. The letter in front keeps spreadsheets from
    reading it as a number (and dropping digits). 29¹¹ numbers make a collision unlikely even at
    province scale; the import still draws again for any number already taken
    (:func:`members.imports.writing.roster_import`), and the unique index has the last word.
    """
    body = "".join(secrets.choice(MEMBER_NUMBER_ALPHABET) for _ in range(MEMBER_NUMBER_LENGTH - 1))
    return MEMBER_NUMBER_PREFIX + body


def normalize_member_number(raw: str) -> str:
    """A member number as written in a spreadsheet — full-width, lower-case, with spaces — in
    its stored form."""
    return _MEMBER_NUMBER_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw)).upper()


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
    date and gender are derived from it and must agree with what was entered. The mobile is kept
    the same way (``mobile_hash`` finds a member by a full number, not unique: family members
    share phones).

    The member number (``member_number``) is given on creation and never changes: exports write
    it beside the masked ID number, so that an exported file, edited and imported again, finds
    each of its members without the full ID number. The workplace (工作单位) is free text, as in
    the national system (``workplace_name``); ``workplace`` links the enterprise it names when the
    register holds it, and the text is then the enterprise's registered name.
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

    member_number = models.CharField(
        _("member number"),
        max_length=MEMBER_NUMBER_LENGTH,
        unique=True,
        editable=False,
        default=new_member_number,
        help_text=_("Given when the member is added and never changed; exports carry it."),
    )
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
    mobile_hash = models.CharField(_("mobile index"), max_length=64, blank=True, editable=False)
    native_place = models.CharField(_("native place"), max_length=50, blank=True)
    education = models.CharField(
        _("education"), max_length=30, choices=Education, blank=True, db_index=True
    )
    degree = models.CharField(_("degree"), max_length=10, choices=Degree, blank=True)
    occupation = models.CharField(
        _("occupation"), max_length=20, choices=Occupation, default=Occupation.EMPLOYEE
    )
    address = models.CharField(_("home address"), max_length=200, blank=True)
    workplace_name = models.CharField(
        _("workplace"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_(
            "Free text, as in the national system; when an enterprise is linked, its registered "
            "name."
        ),
    )
    workplace = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("linked enterprise"),
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
            models.Index(fields=["mobile_hash"], name="members_member_mobile_hash_idx"),
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
        self.mobile_hash = crypto.blind_index(number) if number else ""

    def clean(self) -> None:
        if self.workplace_id is not None:
            self.workplace_name = self.workplace.name  # type: ignore[union-attr]
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
