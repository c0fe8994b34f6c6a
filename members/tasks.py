"""Periodic jobs of the members app."""

from celery import shared_task

from members import development
from orgs import audit


@shared_task
def development_digest() -> int:
    """Mail each branch secretary the day's due and overdue development steps (daily, from
    beat; a second run on the same day sends nothing)."""
    with audit.acting_as(name="system:development-digest"):
        return development.development_digest_send()
