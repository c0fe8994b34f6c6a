"""``manage.py export_members [--output FILE] [--format csv|xlsx] [--branch CODE] [--reveal]``."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from members import resources
from members.models import Member
from orgs import audit
from orgs.models import Organization


class Command(BaseCommand):
    help = "Export the roster (masked unless --reveal), audited with its row count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="File to write (default: stdout, csv).")
        parser.add_argument("--format", choices=["csv", "xlsx"], default=None)
        parser.add_argument("--branch", help="Only this organization's subtree (by code).")
        parser.add_argument("--reveal", action="store_true", help="Full ID numbers and phones.")

    def handle(self, *args: Any, **options: Any) -> None:
        queryset = Member.objects.all()
        if options["branch"]:
            branch = Organization.objects.filter(code=options["branch"]).first()
            if branch is None:
                raise CommandError(f"no organization with code {options['branch']!r}")
            queryset = queryset.filter(branch__path__startswith=branch.path)
        output: Path | None = options["output"]
        file_format = options["format"] or (
            "xlsx" if output and output.suffix == ".xlsx" else "csv"
        )
        reveal = options["reveal"]
        with audit.acting_as(name="command:export_members"):
            count = resources.export_record(
                queryset=queryset, file_format=file_format, reveal=reveal
            )
        if file_format == "xlsx":
            if output is None:
                raise CommandError("--output is required for xlsx")
            output.write_bytes(resources.xlsx_bytes(queryset, reveal=reveal))
        else:
            stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
            try:
                for line in resources.csv_lines(queryset, reveal=reveal):
                    stream.write(line)
            finally:
                if output:
                    stream.close()
        self.stderr.write(f"{count} rows exported")
