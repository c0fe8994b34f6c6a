"""Celery tasks of the members app: each takes an id (or nothing) and calls one service."""

from celery import shared_task

from members import development, imports
from orgs import audit


@shared_task
def run_import_job(job_id: int) -> str:
    """Validate (and, once confirmed, write) a large roster import."""
    return imports.import_job_run(job_id=job_id).status


@shared_task
def development_digest() -> int:
    """Mail each branch secretary the day's due and overdue development steps (daily, from
    beat; a second run on the same day sends nothing)."""
    with audit.acting_as(name="system:development-digest"):
        return development.development_digest_send()
