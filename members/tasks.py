"""Celery tasks of the members app: each takes an id (or nothing) and calls one service.

The import-job task is defined beside the jobs that enqueue it (:mod:`members.imports.jobs`)
and imported here, where the worker looks for tasks.
"""

from celery import shared_task

from members.development_digest import development_digest_send
from members.imports.jobs import import_jobs_watch, run_import_job
from orgs import audit

__all__ = ["development_digest", "run_import_job", "watch_import_jobs"]


@shared_task
def development_digest() -> int:
    """Mail each branch secretary the day's due and overdue development steps and branch duties
    — dues arrears, meeting gaps, the six-month rule, terms (daily, from beat; a second run on
    the same day sends nothing)."""
    with audit.acting_as(name="system:development-digest"):
        return development_digest_send()


@shared_task
def watch_import_jobs() -> tuple[int, int]:
    """Queue again the import jobs whose run was lost, fail those out of attempts (from beat,
    every two minutes); returns (queued, failed)."""
    return import_jobs_watch()
