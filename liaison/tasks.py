"""Periodic jobs of the liaison app."""

from celery import shared_task

from liaison import services
from orgs import audit


@shared_task
def sweep_overdue() -> int:
    """Flag and mail late cases and decisions (every 15 minutes, from beat)."""
    with audit.acting_as(name="system:deadline-watch"):
        return services.deadlines_sweep()
