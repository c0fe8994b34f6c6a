"""Officers sent into enterprises, their assignments, enterprise cases and joint meetings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.audit import AuditedModel


class Officer(AuditedModel):
    """A service commissioner or red-leader secretary sent by the district into enterprises.

    Linked to a user account, so that the access scope follows the person: a commissioner sees
    the enterprises assigned to them, the red-leader secretary the parks.
    """

    class Role(models.TextChoices):
        COMMISSIONER = "commissioner", _("service commissioner")
        RED_LEADER = "red_leader", _("red-leader secretary")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="officer",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.COMMISSIONER)
    unit = models.CharField(_("dispatching unit"), max_length=100, blank=True)
    phone = models.CharField(_("office phone"), max_length=20, blank=True)
    enterprises = models.ManyToManyField(
        "orgs.Enterprise",
        verbose_name=_("assigned enterprises"),
        through="Assignment",
        through_fields=("officer", "enterprise"),
        related_name="officers",
        blank=True,
    )

    class Meta:
        verbose_name = _("liaison officer")
        verbose_name_plural = _("liaison officers")
        ordering = ["role", "name"]
        indexes = [models.Index(fields=["role"], name="liaison_officer_role_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class Assignment(AuditedModel):
    """An officer's assignment (包联) to an enterprise or a park, from one date to another.

    An open ``ends_on`` means current; reassignment closes the old row instead of editing it, so
    history is kept.
    """

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="assignments"
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    park = models.ForeignKey(
        "orgs.Park",
        verbose_name=_("park"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["ends_on"], name="liaison_assignment_ends_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, park__isnull=True)
                | Q(enterprise__isnull=True, park__isnull=False),
                name="liaison_assignment_one_target",
                violation_error_message=_("An assignment covers either an enterprise or a park."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="liaison_assignment_dates_order",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer.name} → {self.enterprise or self.park}"


class Case(AuditedModel):
    """An enterprise's problem (诉求), followed from registration to closure."""

    class Category(models.TextChoices):
        FINANCING = "financing", _("financing")
        TALENT = "talent", _("talent")
        LOGISTICS = "logistics", _("logistics")
        PREMISES = "premises", _("land and premises")
        POLICY = "policy", _("policy and subsidy")
        PLATFORM = "platform", _("platform rules")
        DISPUTE = "dispute", _("disputes")
        OTHER = "other", _("other")

    class Grade(models.TextChoices):
        URGENT = "urgent", _("urgent (2 hours)")
        UTILITIES = "utilities", _("utilities (24 hours)")
        GENERAL = "general", _("general (7 days)")
        COMPLEX = "complex", _("complex (15 days)")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        GRADED = "graded", _("graded")
        DISPATCHED = "dispatched", _("dispatched")
        ESCALATED = "escalated", _("escalated to joint meeting")
        ACCEPTED = "accepted", _("accepted")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        REVISITED = "revisited", _("return visit done")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("reporting commissioner"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=20, choices=Category)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REGISTERED)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    visit = models.ForeignKey(
        "Visit",
        verbose_name=_("raised during visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    due_at = models.DateTimeField(_("feedback due at"), null=True, blank=True)
    answered_at = models.DateTimeField(
        _("first answered at"),
        null=True,
        blank=True,
        help_text=_("The first answer counts for the response rate, even if the case reopens."),
    )
    answer = models.TextField(_("answer to the enterprise"), blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction, blank=True
    )
    extensions_approved = models.PositiveSmallIntegerField(_("extensions approved"), default=0)
    extensions_used = models.PositiveSmallIntegerField(_("extensions used"), default=0)
    overdue = models.BooleanField(
        _("overdue"), default=False, help_text=_("Set by the deadline watch.")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("enterprise case")
        verbose_name_plural = _("enterprise cases")
        ordering = ["-registered_at"]
        indexes = [
            models.Index(fields=["status"], name="liaison_case_status_idx"),
            models.Index(fields=["category"], name="liaison_case_category_idx"),
            models.Index(fields=["grade"], name="liaison_case_grade_idx"),
            models.Index(fields=["registered_at"], name="liaison_case_registered_idx"),
            models.Index(fields=["due_at"], name="liaison_case_due_idx"),
            models.Index(fields=["overdue"], name="liaison_case_overdue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("registered_at")),
                name="liaison_case_closed_after_registered",
                violation_error_message=_("A case cannot be closed before it was registered."),
            ),
            models.CheckConstraint(
                condition=Q(extensions_used__lte=models.F("extensions_approved")),
                name="liaison_case_extensions_approved",
                violation_error_message=_("Each deadline extension needs its own approval."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


def escalated_cases() -> Q:
    """Cases that have been escalated to the joint meeting at some point of their timeline (they
    stay the meeting's business after it accepts them)."""
    return Q(pk__in=CaseEvent.objects.filter(action="escalate").values("case_id"))


class JointMeeting(AuditedModel):
    """An industry joint meeting (联席会议) convened by the red-leader secretary with the
    sub-district big party committee and the enterprises, to settle escalated cases.

    ``created_by`` is kept so that whoever records a meeting keeps seeing it, even when another
    officer convenes it and they do not attend."""

    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("held at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    convener = models.ForeignKey(
        Officer,
        verbose_name=_("convener"),
        on_delete=models.PROTECT,
        related_name="convened_meetings",
    )
    attendees = models.ManyToManyField(
        Officer, verbose_name=_("attending officers"), related_name="meetings", blank=True
    )
    attending_units = models.TextField(
        _("attending units"),
        blank=True,
        help_text=_("One unit per line, e.g. the sub-district big party committee."),
    )
    cases = models.ManyToManyField(
        Case,
        verbose_name=_("cases on the agenda"),
        related_name="meetings",
        blank=True,
        limit_choices_to=escalated_cases,
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-held_at"]
        indexes = [models.Index(fields=["held_at"], name="liaison_meeting_held_idx")]

    def __str__(self) -> str:
        return self.title


class Decision(AuditedModel):
    """A decision (议定事项) of a joint meeting: who does what by when."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    meeting = models.ForeignKey(
        JointMeeting,
        verbose_name=_("joint meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    responsible_unit = models.CharField(_("responsible unit"), max_length=100)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    overdue = models.BooleanField(
        _("overdue"), default=False, help_text=_("Set by the deadline watch.")
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["deadline"]
        indexes = [
            models.Index(fields=["status"], name="liaison_decision_status_idx"),
            models.Index(fields=["deadline"], name="liaison_decision_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Visit(AuditedModel):
    """An officer's visit (走访) to an enterprise: whom they met, what was discussed, which
    problems the enterprise raised. Problems worth following become cases opened from the visit."""

    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="visits"
    )
    enterprise = models.ForeignKey(
        "orgs.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_on = models.DateField(_("visited on"), default=timezone.localdate)
    people_met = models.CharField(_("people met"), max_length=200, blank=True)
    topics = models.TextField(_("topics discussed"), blank=True)
    issues_raised = models.TextField(_("issues raised"), blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on"]
        indexes = [
            models.Index(fields=["enterprise", "visited_on"], name="liaison_visit_ent_day_idx"),
            models.Index(fields=["visited_on"], name="liaison_visit_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.enterprise}"


class CaseEvent(AuditedModel):
    """One step of a case's timeline, written by the case services and never edited.

    The timeline is what the enterprise, the commissioner and the red-leader secretary read to
    see who did what when; the audit log holds the field-level detail."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from status"), max_length=20, choices=Case.Status, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Case.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["case", "at"], name="liaison_caseevent_case_at_idx"),
            # Which cases were ever escalated: the joint meeting's scope and agenda.
            models.Index(fields=["action", "case"], name="liaison_caseevent_action_idx"),
        ]

    def __str__(self) -> str:
        # The status reached, not the action's code: the string is shown to people (the
        # timeline's rows, the audit log).
        return f"{self.case} · {self.get_to_status_display()}"


class SupervisionNote(AuditedModel):
    """A follow-up note (督办) on a joint-meeting decision, written until the decision is done."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="supervision_notes",
    )
    note = models.TextField(_("note"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supervision note")
        verbose_name_plural = _("supervision notes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.note[:40]


class DeadlineNotice(AuditedModel):
    """Remembers that the deadline watch has mailed about one item in one state, so that running
    the watch again sends nothing new. ``state`` names the state (e.g. the missed deadline), so a
    new deadline that is missed again is a new state and is mailed again."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadline_notices",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deadline_notices",
    )
    state = models.CharField(_("state"), max_length=100)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, decision__isnull=True)
                | Q(case__isnull=True, decision__isnull=False),
                name="liaison_deadlinenotice_one_item",
                violation_error_message=_("A notice concerns either a case or a decision."),
            ),
            models.UniqueConstraint(
                fields=["case", "state"],
                condition=Q(case__isnull=False),
                name="liaison_deadlinenotice_case_state_unique",
            ),
            models.UniqueConstraint(
                fields=["decision", "state"],
                condition=Q(decision__isnull=False),
                name="liaison_deadlinenotice_decision_state_unique",
            ),
        ]

    def __str__(self) -> str:
        # ``state`` is a code ("overdue:<deadline>"); people read when the notice went out.
        sent = timezone.localtime(self.sent_at)
        return f"{self.case or self.decision} · {_('deadline notice')} {sent:%Y-%m-%d %H:%M}"
