"""The training academy (直播电商培训学院): themed sessions and who attended them. Attendance
of an applicant counts towards development step 11 (training ≥ 3 days or ≥ 24 class hours),
which is why training lives with the members: the step's form reads it without reaching into
an app above."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.audit import AuditedModel


class TrainingSession(AuditedModel):
    """One training session: topic, date, class hours, venue (a party-building position),
    trainer, and the organization that runs it."""

    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("held on"))
    hours = models.PositiveSmallIntegerField(_("class hours"))
    venue = models.ForeignKey(
        "orgs.Position",
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
    )
    trainer = models.CharField(_("trainer"), max_length=100)
    organizer = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["held_on"], name="members_training_held_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class TrainingAttendance(AuditedModel):
    """One person at one session: an applicant (whose hours count towards step 11), a party
    member, or anyone else of the industry by name."""

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    application = models.ForeignKey(
        "members.Application",
        verbose_name=_("membership application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
    )
    hours = models.PositiveSmallIntegerField(_("class hours attended"))

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"],
                condition=Q(application__isnull=False),
                name="members_trainingattendance_once_per_applicant",
                violation_error_message=_("This applicant is already on the session's list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.session}"
