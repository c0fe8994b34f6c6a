"""``manage.py recalculate_dues [--year YEAR]``: the yearly recalculation of dues standards."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from members.dues_services import dues_standards_recalculate
from members.models import Member
from orgs import audit


class Command(BaseCommand):
    help = (
        "Give every paying member a standard from January of the year, computed from their "
        "latest income declaration by the rules in force; members who already have one keep it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="Default: this year.")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"] or timezone.localdate().year
        with audit.acting_as(name="command:recalculate_dues"):
            made = dues_standards_recalculate(year=year, members=Member.objects.all(), actor=None)
        self.stdout.write(f"{year}: {len(made)} standard(s) recalculated")
