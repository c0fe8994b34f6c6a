"""Import jobs: an uploaded roster stored as an :class:`~members.models.ImportJob`, validated
inline when small or by the Celery task here when large, and written once confirmed."""

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.imports.reading import ImportFileError, check_size, count_rows
from members.imports.writing import roster_import
from members.models import ImportJob
from orgs import audit
from orgs.models import Organization


def import_job_create(
    *, upload: Any, actor: Any, default_branch: Organization | None = None
) -> ImportJob:
    """Store an uploaded roster and start validating it: inline for a small file, in Celery for
    a large one (enqueued after the job's row is committed). Raises :class:`ImportFileError` for
    a file too large to accept."""
    check_size(upload.size)
    data = upload.read()
    job = ImportJob(
        original_name=str(upload.name)[:200],
        created_by=actor,
        default_branch=default_branch,
        total_rows=count_rows(data),
    )
    job.file.save(job.original_name, ContentFile(data), save=False)
    job.save()
    _dispatch(job)
    job.refresh_from_db()  # a small file was validated inline on its own copy of the row
    return job


def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """Write a validated job's rows (the file is read and checked again: the roster may have
    changed since the preview)."""
    if job.status != ImportJob.Status.VALIDATED:
        raise ValidationError(_("Only a validated import can be confirmed."))
    job.confirmed = True
    job.status = ImportJob.Status.PENDING
    job.save(update_fields=["confirmed", "status"])
    _dispatch(job)
    job.refresh_from_db()
    return job


def _dispatch(job: ImportJob) -> None:
    if job.total_rows > settings.DANGJIAN_IMPORT_ASYNC_ROWS:
        transaction.on_commit(lambda: run_import_job.delay(job.pk))
    else:
        import_job_run(job_id=job.pk)


def import_job_run(*, job_id: int) -> ImportJob:
    """Validate a job's file and, when the job is confirmed and every row is valid, write it.

    Progress ticks bypass the audited manager: they are bookkeeping, and one audit entry per
    thousand rows would bury the import's own entries; the job's outcome is saved (and audited)
    normally.
    """
    job = ImportJob.objects.select_related("created_by", "default_branch").get(pk=job_id)
    ticks = ImportJob._base_manager.filter(pk=job_id)
    job.status = ImportJob.Status.IMPORTING if job.confirmed else ImportJob.Status.VALIDATING
    job.save(update_fields=["status"])
    user = job.created_by
    with job.file.open("rb") as handle:
        data = handle.read()
    with audit.acting_as(user):
        try:
            result = roster_import(
                data=data,
                file_name=job.original_name,
                actor=user,
                scope_user=user,
                default_branch=job.default_branch,
                commit=job.confirmed,
                progress=lambda n: ticks.update(processed_rows=n),
            )
        except ImportFileError as error:
            job.status = ImportJob.Status.FAILED
            job.message = str(error)
            job.finished_at = timezone.now()
            job.save()
            return job
        plan = result.plan
        job.total_rows = plan.total
        job.processed_rows = plan.total
        job.created_count = plan.created
        job.updated_count = plan.updated
        job.unchanged_count = plan.unchanged
        job.error_count = plan.error_count
        job.report = plan.errors
        job.notice_count = len(plan.notices)
        job.notices = plan.notices
        if not plan.ok:
            job.status = ImportJob.Status.INVALID
        elif result.written:
            job.status = ImportJob.Status.DONE
        else:
            job.status = ImportJob.Status.VALIDATED
        job.finished_at = timezone.now() if job.status != ImportJob.Status.VALIDATED else None
        job.save()
    return job


# Registered under the name it had in ``members.tasks`` (which imports it, so that the worker
# finds it), so queued jobs and routing keep working.
@shared_task(name="members.tasks.run_import_job")
def run_import_job(job_id: int) -> str:
    """Validate (and, once confirmed, write) a large roster import."""
    return import_job_run(job_id=job_id).status
