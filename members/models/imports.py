"""Roster import jobs: one uploaded file, its progress and its row-numbered report (the
import itself is :mod:`members.imports`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.audit import AuditedModel


class ImportJob(AuditedModel):
    """One roster file being imported: its progress, counts and row-numbered report.

    Small files are validated and written inside the request; large ones by a Celery task that
    takes the job's id. Either way nothing is written unless every row is valid. A run claims
    the job by replacing the ``claim`` token it read with its own, and saves or writes only
    while the token is still its own, so that two deliveries of the task never both write;
    ``heartbeat_at`` tells the watchdog whether a run is still alive. The report
    lists the errors that refuse the file; the notices, what the import accepts but the user
    should know (a workplace kept as text because the enterprise register does not hold it).
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
    notice_count = models.PositiveIntegerField(_("notices"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    notices = models.JSONField(
        _("notices"),
        default=list,
        blank=True,
        help_text=_("What the import noticed but accepts, such as workplaces not in the register."),
    )
    preview = models.JSONField(
        _("preview"),
        default=dict,
        blank=True,
        help_text=_("The first rows to be created and updated, with the changed fields."),
    )
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
    attempts = models.PositiveSmallIntegerField(
        _("attempts"),
        default=0,
        help_text=_("How many times a run of this job has started (the write counts anew)."),
    )
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("When the job was last queued, started or reported progress."),
    )
    worker = models.CharField(
        _("worker"),
        max_length=100,
        blank=True,
        help_text=_("The host and process of the job's latest run."),
    )
    claim = models.CharField(
        _("claim"),
        max_length=32,
        blank=True,
        editable=False,
        help_text=_("The token of the run that holds the job; a new run draws a new one."),
    )

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="members_importjob_watch")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.INVALID, self.Status.DONE, self.Status.FAILED}

    @property
    def running(self) -> bool:
        return self.status in {self.Status.VALIDATING, self.Status.IMPORTING}
