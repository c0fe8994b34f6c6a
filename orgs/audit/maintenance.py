"""Keeping the audit log: checking its hash chain (``manage.py verify_audit``) and purging
entries past the retention period (a daily task)."""

import datetime

from django.conf import settings
from django.utils import timezone

from orgs.audit.chain import entry_digest
from orgs.audit.models import AuditEntry


def verify(chunk: int = 2000) -> int | None:
    """The id of the first entry whose hash or link is wrong, or ``None`` when the chain holds.

    The oldest remaining entry's link is trusted: retention purges the start of the chain.
    """

    previous: str | None = None
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not batch:
            return None
        for entry in batch:
            if previous is not None and entry.previous_hash != previous:
                return entry.id
            if entry_digest(entry) != entry.entry_hash:
                return entry.id
            previous = entry.entry_hash
            last_id = entry.id


def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete entries older than the retention period (never younger than 180 days)."""

    days = max(int(settings.DANGJIAN_AUDIT_RETENTION_DAYS), 180)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return AuditEntry.objects.purge_older_than(cutoff)
