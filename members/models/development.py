"""Membership development (DESIGN.md §4 "Membership development"): the versioned rule sets,
applications, their recorded steps and attached documents, and the daily digest (the rules
themselves are :mod:`members.rules`)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from members.models.roster import Gender, HoldsIdNumber, Member
from orgs.audit import AuditedModel, AuditedQuerySet
from orgs.identifiers import id_number_birth_date, id_number_gender


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
    text_confirmed = models.BooleanField(
        _("text confirmed"),
        default=True,
        help_text=_(
            "Off while the parameters repeat an earlier version pending the official text; the "
            "version note lists the articles not yet confirmed."
        ),
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
    that lists filter and sort on them in the database. So are the training totals (the sum of
    the step-11 parts) and the political review (the latest step 10).
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
        errors: dict[str, StrOrPromise] = {}
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


class StepRecordQuerySet(AuditedQuerySet["StepRecord"]):
    def in_force(self) -> "StepRecordQuerySet":
        """The records the rules count: not voided (a corrected record is voided too)."""
        return self.filter(voided_at__isnull=True)


class StepRecord(AuditedModel):
    """One recorded development step of an application (steps 6, 11 and 21 may repeat; 10 is
    renewed when a review failed or grew old; 23 and 24 repeat once after an extension).
    Written only by :func:`members.development.application_record_step`, after the rules
    allowed it.

    A record is never deleted: voiding it (:mod:`members.development_corrections`) keeps it in
    the timeline with who voided it, when and why; a correction voids it and records the
    corrected step, which points back to it (``corrects``).
    """

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
    training_days = models.PositiveSmallIntegerField(_("training days"), null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField(
        _("training class hours"), null=True, blank=True
    )
    political_review_result = models.CharField(
        _("political review result"), max_length=10, choices=Application.Review, blank=True
    )
    vote_roster = models.PositiveSmallIntegerField(
        _("full members on the roster on the meeting date"), null=True, blank=True
    )
    vote_entitled_reason = models.TextField(
        _("why fewer members were entitled to vote than the roster lists"), blank=True
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding or correcting"), blank=True)

    # The django plugin declares the inherited manager a ClassVar, but not this one.
    objects = StepRecordQuerySet.as_manager()  # type: ignore[misc]

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
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="members_steprecord_void_has_reason",
                violation_error_message=_("A voided step needs the reason."),
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
