"""Import jobs: an uploaded roster stored as an :class:`~members.models.ImportJob`, validated
inline when small or by the Celery task here when large, and written once confirmed.

A job runs at least once and writes at most once. Celery acknowledges the task only when it has
finished and hands it out again when its worker dies (``config/settings.py``), so a job may be
delivered again, even while a first run is still going; the job's row decides what a delivery
does:

* a job that is finished, or validated and awaiting confirmation, is left alone;
* a job whose run is alive (a recent heartbeat, its process still there) is left to that run;
* otherwise the delivery claims the job — a compare-and-set that replaces the ``claim`` token
  it read with a new one and counts the attempt — and runs it from the start. Validation writes
  nothing, and the write is one transaction that also marks the job done, so a run killed
  mid-write leaves nothing and the next simply writes. A run saves and commits only while the
  token is still its own (the job's row is locked for the write on PostgreSQL; SQLite has one
  writer at a time), so a run taken for dead never writes beside the run that replaced it.

The watchdog (:func:`import_jobs_watch`, from beat) queues again a job that has shown no sign
of life for ``DANGJIAN_IMPORT_JOB_TIMEOUT`` seconds, and marks it failed once
``DANGJIAN_IMPORT_JOB_ATTEMPTS`` runs have started; a failed job can be retried
(:func:`import_job_retry`).
"""

import datetime
import logging
import os
import socket
import uuid
from pathlib import Path
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from members.imports.plan import Plan
from members.imports.preview import plan_preview
from members.imports.reading import ImportFileError, check_size, count_rows
from members.imports.writing import roster_import
from members.models import ImportJob
from orgs import audit
from orgs.models import Organization

logger = logging.getLogger(__name__)

Status = ImportJob.Status
# A job in these states is owed a run; the watchdog looks after it.
UNFINISHED = (Status.PENDING, Status.VALIDATING, Status.IMPORTING)


class Superseded(Exception):
    """The run lost its claim on the job: another run (or the watchdog) has taken it over."""


def import_job_create(
    *, upload: Any, actor: Any, default_branch: Organization | None = None
) -> ImportJob:
    """Store an uploaded roster and start validating it: inline for a small file, in Celery for
    a large one (enqueued after the job's row is committed). Raises :class:`ImportFileError` for
    a file too large to accept; any later failure marks the job failed with a message."""
    check_size(upload.size)
    data = upload.read()
    job = ImportJob(
        original_name=str(upload.name)[:200],
        created_by=actor,
        default_branch=default_branch,
        total_rows=count_rows(data),
        heartbeat_at=timezone.now(),
    )
    job.file.save(job.original_name, ContentFile(data), save=False)
    job.save()
    _dispatch(job)
    job.refresh_from_db()  # a small file was validated inline on its own copy of the row
    return job


def import_job_confirm(*, job: ImportJob, actor: Any) -> ImportJob:
    """Write a validated job's rows (the file is read and checked again: the roster may have
    changed since the preview). Confirming twice starts one write. The write counts its own
    attempts."""
    confirmed = _swap(
        job.pk,
        {"status": Status.VALIDATED},
        confirmed=True,
        status=Status.PENDING,
        claim="",
        attempts=0,
        heartbeat_at=timezone.now(),
    )
    if not confirmed:
        raise ValidationError(_("Only a validated import can be confirmed."))
    job.refresh_from_db()
    _dispatch(job)
    job.refresh_from_db()
    return job


def import_job_retry(*, job: ImportJob, actor: Any) -> ImportJob:
    """Run a failed job again from the start, with a fresh count of attempts (the audit log
    keeps the earlier ones): a validation again, or validation and write if it was confirmed."""
    with audit.acting_as(actor):
        retried = _swap(
            job.pk,
            {"status": Status.FAILED},
            status=Status.PENDING,
            attempts=0,
            claim="",
            message="",
            processed_rows=0,
            finished_at=None,
            heartbeat_at=timezone.now(),
        )
    if not retried:
        raise ValidationError(_("Only a failed import can be retried."))
    job.refresh_from_db()
    _dispatch(job)
    job.refresh_from_db()
    return job


def _swap(job_id: int, expected: dict[str, Any], **changes: Any) -> bool:
    """Compare-and-set on a job's row: make the (audited) changes only if the row still holds
    the ``expected`` values. The row is locked first (PostgreSQL; SQLite writes one at a time),
    so that a racing writer waits, then finds the row changed and records nothing."""
    with transaction.atomic():
        same = ImportJob.objects.filter(pk=job_id, **expected)
        if not list(same.select_for_update().values_list("pk", flat=True)):
            return False
        return bool(same.update(**changes))


def _dispatch(job: ImportJob) -> None:
    if job.total_rows > settings.DANGJIAN_IMPORT_ASYNC_ROWS:
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(job_id))
    else:
        import_job_run(job_id=job.pk)


def _enqueue(job_id: int) -> None:
    """Queue a job's run; when the broker cannot take it, the job fails with a message rather
    than waiting for a run that will never come (unless a run has taken it meanwhile)."""
    try:
        run_import_job.delay(job_id)
    except Exception:
        logger.exception("import job %s could not be queued", job_id)
        _swap(
            job_id,
            {"status": Status.PENDING},
            status=Status.FAILED,
            claim="",
            message=_t("The job queue is unavailable; nothing was written. Retry later."),
            finished_at=timezone.now(),
        )


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run one delivery of a job: validate its file and, when the job is confirmed and every
    row is valid, write it. A delivery that finds nothing to do (the job finished, or another
    run alive) changes nothing. Never raises: whatever goes wrong marks the job failed with a
    message, so that no job is left behind in a running state by an error."""
    job = None
    try:
        job = _claim(job_id)
        if job is not None:
            with audit.acting_as(job.created_by):
                _run(job)
    except Superseded:
        logger.warning("import job %s was taken over by another run", job_id)
    except MemoryError:
        logger.exception("import job %s ran out of memory", job_id)
        _fail(
            job,
            _t(
                "The file needs more memory than the server allows; nothing was written. Split "
                "it into smaller files."
            ),
        )
    except Exception:
        logger.exception("import job %s failed", job_id)
        _fail(
            job,
            _t(
                "The import stopped on an unexpected error; nothing was written. Retry, or "
                "tell the system administrator."
            ),
        )
    return ImportJob.objects.filter(pk=job_id).first()


def _claim(job_id: int) -> ImportJob | None:
    """The job, claimed by this run, or ``None`` when this delivery has nothing to do."""
    jobs = ImportJob.objects.select_related("created_by", "default_branch")
    job = jobs.filter(pk=job_id).first()
    now = timezone.now()
    if job is None:
        return None
    if job.status != Status.PENDING and not (job.running and _lost(job, now)):
        return None
    limit = settings.DANGJIAN_IMPORT_JOB_ATTEMPTS
    if job.attempts >= limit:
        _fail(job, _interrupted(job.attempts))
        return None
    status = Status.IMPORTING if job.confirmed else Status.VALIDATING
    worker = f"{socket.gethostname()}:{os.getpid()}"[:100]
    claim = uuid.uuid4().hex
    claimed = _swap(
        job.pk,
        {"status": job.status, "claim": job.claim},
        status=status,
        claim=claim,
        attempts=job.attempts + 1,
        heartbeat_at=now,
        worker=worker,
        processed_rows=0,
    )
    if not claimed:
        return None  # another delivery claimed it between our read and our write
    job.status, job.claim, job.attempts = status, claim, job.attempts + 1
    job.heartbeat_at, job.worker = now, worker
    return job


def _lost(job: ImportJob, now: datetime.datetime) -> bool:
    """Whether a running job's run is gone: no sign of life within the timeout, or its
    process, on this host, no longer there."""
    timeout = datetime.timedelta(seconds=settings.DANGJIAN_IMPORT_JOB_TIMEOUT)
    if job.heartbeat_at is None or now - job.heartbeat_at > timeout:
        return True
    host, _sep, pid = job.worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    return not _process_alive(int(pid))


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process whose parent died too may linger as a zombie
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _run(job: ImportJob) -> None:
    """Validate, and write when confirmed; the outcome is saved only while the claim holds.

    Progress ticks bypass the audited manager: they are bookkeeping, and one audit entry per
    thousand rows would bury the import's own entries; the job's outcome is audited.
    """
    mine = ImportJob._base_manager.filter(pk=job.pk, claim=job.claim)

    def tick(rows: int) -> None:
        if not mine.update(processed_rows=rows, heartbeat_at=timezone.now()):
            raise Superseded

    user = job.created_by
    with job.file.open("rb") as handle:
        data = handle.read()

    def read(*, commit: bool) -> Any:
        return roster_import(
            data=data,
            file_name=job.original_name,
            actor=user,
            scope_user=user,
            default_branch=job.default_branch,
            commit=commit,
            progress=tick,
        )

    try:
        if not job.confirmed:
            plan = read(commit=False).plan
            status = Status.VALIDATED if plan.ok else Status.INVALID
            _finish(
                job, status=status, **_outcome(plan), preview=plan_preview(plan) if plan.ok else {}
            )
            return
        tick(job.total_rows or 0)  # a sign of life before the write (its own ticks commit with it)
        with transaction.atomic():
            # Lock the job's row for the write (PostgreSQL): a takeover or the watchdog waits
            # for, or skips, a write in progress instead of racing it. The import writes its
            # batches inside this transaction, so the rows and "done" commit together.
            if not list(mine.select_for_update().values_list("pk", flat=True)):
                raise Superseded
            result = read(commit=True)
            status = Status.DONE if result.written else Status.INVALID
            _finish(job, status=status, **_outcome(result.plan))
    except ImportFileError as error:
        _finish(job, status=Status.FAILED, message=str(error))


def _outcome(plan: Plan) -> dict[str, Any]:
    return {
        "total_rows": plan.total,
        "processed_rows": plan.total,
        "created_count": plan.created,
        "updated_count": plan.updated,
        "unchanged_count": plan.unchanged,
        "error_count": plan.error_count,
        "report": plan.errors,
        "notice_count": len(plan.notices),
        "notices": plan.notices,
    }


def _finish(job: ImportJob, *, status: str, **fields: Any) -> None:
    """Save a run's outcome, or raise :class:`Superseded` (rolling back a write) when the run no
    longer holds the job."""
    finished_at = None if status == Status.VALIDATED else timezone.now()
    saved = _swap(
        job.pk,
        {"claim": job.claim},
        status=status,
        finished_at=finished_at,
        heartbeat_at=timezone.now(),
        **fields,
    )
    if not saved:
        raise Superseded


def _fail(job: ImportJob | None, message: str) -> None:
    """Mark a job failed unless another run holds it by now (or it has no row to mark); a
    run that still thinks it holds the job loses its claim."""
    if job is None:
        return
    _swap(
        job.pk,
        {"status": job.status, "claim": job.claim},
        status=Status.FAILED,
        claim="",
        message=message,
        finished_at=timezone.now(),
    )


def _interrupted(attempts: int) -> str:
    return _t(
        "The import was interrupted %(n)d times before it finished and is not tried again; "
        "nothing was written. Check the file, then retry."
    ) % {"n": attempts}


def import_jobs_watch(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Queue again every unfinished job that has shown no sign of life within
    ``DANGJIAN_IMPORT_JOB_TIMEOUT`` (its message lost, its worker gone), and mark failed those
    that have used up ``DANGJIAN_IMPORT_JOB_ATTEMPTS``; returns (queued, failed).

    A job whose write is in progress holds its row lock on PostgreSQL and is skipped, however
    long the write takes; a re-queued job whose old run was alive after all is safe too: that
    run lost its claim and writes nothing.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.DANGJIAN_IMPORT_JOB_TIMEOUT)
    limit = settings.DANGJIAN_IMPORT_JOB_ATTEMPTS
    quiet = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    queued: list[int] = []
    failed = 0
    with audit.acting_as(name="system:import-watchdog"), transaction.atomic():
        stuck = ImportJob._base_manager.select_for_update(skip_locked=True).filter(
            quiet, status__in=UNFINISHED
        )
        for job in list(stuck):
            same = {"status": job.status, "claim": job.claim}
            if job.attempts >= limit:
                failed += _swap(
                    job.pk,
                    same,
                    status=Status.FAILED,
                    claim="",
                    message=_interrupted(job.attempts),
                    finished_at=now,
                )
            elif _swap(job.pk, same, status=Status.PENDING, claim="", heartbeat_at=now):
                queued.append(job.pk)
    for job_id in queued:
        _enqueue(job_id)
    return len(queued), failed


# Registered under the name it had in ``members.tasks`` (which imports it, so that the worker
# finds it), so queued jobs and routing keep working.
@shared_task(name="members.tasks.run_import_job")
def run_import_job(job_id: int) -> str:
    """Validate (and, once confirmed, write) a large roster import; safe to deliver twice."""
    job = import_job_run(job_id=job_id)
    return job.status if job is not None else "missing"
