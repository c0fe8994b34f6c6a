"""Organizational life (组织生活, 三会一课): the branch's meetings of each kind with who attended
and their minutes and attachments. The required frequencies, the writes and
the compliance are :mod:`members.meetings`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models.development import validate_document
from members.models.roster import Member
from orgs.audit import AuditedModel


class BranchMeeting(AuditedModel):
    """One meeting of a branch (or of a party group under it): its kind, date, topic, place
    (a party-building position where it was held there), host and minutes.

    Attendance is a row per member expected (:class:`MeetingAttendance`): recorded as "all
    present" and then the exceptions (on leave with a reason, absent).
    """

    class Kind(models.TextChoices):
        GENERAL_MEETING = "general_meeting", _("branch general meeting")
        COMMITTEE = "committee", _("branch committee meeting")
        GROUP = "group", _("party group meeting")
        LECTURE = "lecture", _("party lecture")
        THEME_DAY = "theme_day", _("theme party day")
        ORG_LIFE = "org_life", _("organizational-life meeting")

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("party organization"),
        on_delete=models.PROTECT,
        related_name="branch_meetings",
        help_text=_("The branch, or the party group for a party group meeting."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    position = models.ForeignKey(
        "orgs.Position",
        verbose_name=_("party-building position"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branch_meetings",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    host = models.CharField(_("host"), max_length=50)
    minutes = models.TextField(_("minutes"), blank=True)
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
        verbose_name = _("branch meeting")
        verbose_name_plural = _("branch meetings")
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "kind", "held_on"], name="members_meeting_org"),
            models.Index(fields=["held_on"], name="members_meeting_held_on"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}：{self.topic}"


class MeetingAttendance(AuditedModel):
    """Whether one member attended one meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LEAVE = "leave", _("on leave")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        BranchMeeting,
        verbose_name=_("branch meeting"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("party member"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=Status, default=Status.PRESENT
    )
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"],
                name="members_meetingattendance_once",
                violation_error_message=_("This member is already on the attendance list."),
            ),
        ]
        indexes = [models.Index(fields=["member", "status"], name="members_attendance_member")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


def _attachment_path(instance: "MeetingAttachment", filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingAttachment(AuditedModel):
    """A file kept with a meeting (sign-in sheet, photos, the minutes as signed); served only
    through the scoped admin view."""

    meeting = models.ForeignKey(
        BranchMeeting,
        verbose_name=_("branch meeting"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, validators=[validate_document])
    description = models.CharField(_("description"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.description or (self.file.name or "").rsplit("/", 1)[-1]
