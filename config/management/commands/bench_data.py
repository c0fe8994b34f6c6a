"""``manage.py bench_data --members N [--orgs M] [--cases K] [--applications A]``: synthetic data
in the real shape for ``bench`` (:mod:`config.bench.data`), written into the database the
settings point at, which must be freshly migrated (it refuses one holding other data)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.bench.data import Builder, RefusedDatabase, Sizes


class Command(BaseCommand):
    help = "Build synthetic bench data (members, organizations, cases, applications)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--orgs", type=int, help="Default: one per 25 members.")
        parser.add_argument("--cases", type=int, help="Default: one per 5 members.")
        parser.add_argument("--applications", type=int, help="Default: one per 100 members.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["members"] < 100:
            raise CommandError("--members must be at least 100.")
        sizes = Sizes.for_members(
            options["members"], options["orgs"], options["cases"], options["applications"]
        )
        started = time.perf_counter()
        try:
            counts = Builder(sizes, seed=options["seed"], log=self.stdout.write).build()
        except RefusedDatabase as refusal:
            raise CommandError(str(refusal)) from None
        total = sum(counts.values())
        self.stdout.write(
            f"{total:,} rows in {time.perf_counter() - started:.0f} s "
            f"({sizes.members:,} members, {sizes.orgs:,} organizations, {sizes.cases:,} cases, "
            f"{sizes.applications:,} applications)"
        )
