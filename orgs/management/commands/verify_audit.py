"""``manage.py verify_audit``: check the audit log's hash chain."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from orgs import audit
from orgs.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = audit.verify()
        total = AuditEntry.objects.count()
        if broken is not None:
            raise CommandError(
                f"audit chain broken at entry {broken} (of {total}): the entry or the one "
                "before it was altered or removed"
            )
        self.stdout.write(f"audit chain intact: {total} entries")
