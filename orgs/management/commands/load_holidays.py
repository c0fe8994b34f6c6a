"""``manage.py load_holidays [--year Y]``: load the holiday calendar from ``chinese-calendar``.

Without ``--year`` it adds every year the installed package knows and the table lacks — run it
after upgrading the package; years already in the table (perhaps entered by committee staff
from the notice) are left as they are. ``--year Y`` re-syncs that one year with the package:
days added, changed or removed until the table matches, each write audited.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from orgs import audit
from orgs.holidays import (
    CalendarYear,
    calendar_year_sync,
    package_days,
    package_source,
    package_years,
)


class Command(BaseCommand):
    help = "Load statutory holidays and make-up working days from the chinese-calendar package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="re-sync this year with the package")

    def handle(self, *args: Any, **options: Any) -> None:
        known = package_years()
        year = options["year"]
        if year is not None and year not in known:
            raise CommandError(
                f"{package_source()} knows {known[0]}–{known[-1]}, not {year}; enter {year} "
                "in the admin from the State Council's notice."
            )
        present = set(CalendarYear.objects.values_list("year", flat=True))
        years = [year] if year is not None else [y for y in known if y not in present]
        with audit.acting_as(name="command:load_holidays"):
            for each in years:
                try:
                    result = calendar_year_sync(
                        year=each, days=package_days(each), source=package_source(), actor=None
                    )
                except ValidationError as error:
                    raise CommandError(f"{each}: {' '.join(error.messages)}") from None
                state = "created" if result.created else "synced"
                state = "unchanged" if result.unchanged else state
                self.stdout.write(
                    f"{each}: {state} ({result.added} added, {result.changed} changed, "
                    f"{result.removed} removed)"
                )
        self.stdout.write(f"{len(years)} year(s) from {package_source()}")
