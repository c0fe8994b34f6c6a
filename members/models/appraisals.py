"""Democratic appraisal of members (民主评议党员): once a year per branch, each member's grade,
the branch's summary, and the follow-up an unqualified grade opens. The writes and the shares
are :mod:`members.appraisals`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models.roster import Member
from orgs.audit import AuditedModel


class Appraisal(AuditedModel):
    """A branch's democratic appraisal of one year."""

    branch = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="appraisals",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("democratic appraisal")
        verbose_name_plural = _("democratic appraisals")
        ordering = ["-year", "branch__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "year"],
                name="members_appraisal_one_per_year",
                violation_error_message=_("This branch's appraisal of this year is on file."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year}"


class AppraisalGrade(AuditedModel):
    """One member's grade in an appraisal."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("excellent")
        QUALIFIED = "qualified", _("qualified")
        BASIC = "basic", _("basically qualified")
        UNQUALIFIED = "unqualified", _("unqualified")

    appraisal = models.ForeignKey(
        Appraisal,
        verbose_name=_("democratic appraisal"),
        on_delete=models.CASCADE,
        related_name="grades",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="appraisal_grades",
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade)

    class Meta:
        verbose_name = _("appraisal grade")
        verbose_name_plural = _("appraisal grades")
        ordering = ["appraisal", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["appraisal", "member"],
                name="members_appraisalgrade_once",
                violation_error_message=_("This member is already graded in this appraisal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_grade_display()}"


class AppraisalFollowUp(AuditedModel):
    """What the branch does about an unqualified member (限期改正, 劝其退党, 除名): opened by the
    grade, closed with its outcome."""

    grade = models.OneToOneField(
        AppraisalGrade,
        verbose_name=_("appraisal grade"),
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    measure = models.CharField(_("measure"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("appraisal follow-up")
        verbose_name_plural = _("appraisal follow-ups")
        ordering = ["closed_on", "-opened_at"]

    def __str__(self) -> str:
        return str(self.grade)
