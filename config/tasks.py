"""Site-wide periodic tasks."""

from celery import shared_task

from config.screen.services import snapshot_take
from orgs.audit import acting_as


@shared_task
def take_screen_snapshot() -> int:
    """The big screen's figures, every few minutes (``CELERY_BEAT_SCHEDULE``)."""
    with acting_as(name="system:screen-snapshot"):
        return snapshot_take().pk
