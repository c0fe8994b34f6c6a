"""``manage.py backup DIR``: a dump of the database, its keys file and its manifest
(:mod:`orgs.backup`)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgs import backup


class Command(BaseCommand):
    help = "Dump the database into DIR, with the keys its personal data needs and a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            files = backup.backup(options["directory"])
        except (backup.RestoreError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"dump: {files.dump}")
        self.stdout.write(f"manifest: {files.manifest}")
        self.stdout.write(f"keys: {files.keys}")
        self.stderr.write(self.style.WARNING(backup.KEYS_WARNING))
