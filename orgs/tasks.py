"""Periodic jobs of the organization app."""

from celery import shared_task

from orgs import audit


@shared_task
def purge_audit_log() -> int:
    """Apply the audit retention period (daily, from beat)."""
    with audit.acting_as(name="system:retention"):
        return audit.purge()
