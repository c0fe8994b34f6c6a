"""Celery tasks of the roster: each takes an id and calls one service."""

from celery import shared_task

from members import imports


@shared_task
def run_import_job(job_id: int) -> str:
    """Validate (and, once confirmed, write) a large roster import."""
    return imports.import_job_run(job_id=job_id).status
