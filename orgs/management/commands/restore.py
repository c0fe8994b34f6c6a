"""``manage.py restore DUMP``: load a dump made by ``manage.py backup`` into the configured,
empty database and check it (:mod:`orgs.backup`)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgs import backup


class Command(BaseCommand):
    help = (
        "Restore DUMP into the configured empty database; set DANGJIAN_FIELD_KEYS and "
        "DANGJIAN_BLIND_INDEX_KEY from the backup's .keys file first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup.restore(options["dump"])
        except backup.RestoreError as error:
            raise CommandError(f"restore failed: {error}") from error
        for line in report:
            self.stdout.write(line)
