"""``manage.py bench [--json FILE] [--repeat N] [--export-rows N …]``: the province-scale figures
(:mod:`config.bench.figures`) on a database ``bench_data`` built; ``bench --compare SMALL LARGE``
prints two runs side by side with the ratio large/small of each figure's time."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from config.bench.figures import Bench, Report, compare, is_bench_database

# Goals of the province-scale issue: list pages at most this much slower at 100× the data.
PAGE_GOAL = 1.5


class Command(BaseCommand):
    help = "Measure admin pages, API lists and the export on a bench_data database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", help="Write the figures to this file.")
        parser.add_argument("--repeat", type=int, default=5, help="Timed runs per page.")
        parser.add_argument(
            "--export-rows",
            type=int,
            action="append",
            help="Rows of each export run (repeatable; default 100,000 and all).",
        )
        parser.add_argument(
            "--compare", nargs=2, metavar=("SMALL", "LARGE"), help="Compare two --json files."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["compare"]:
            self._compare(*options["compare"])
            return
        if not is_bench_database():
            raise CommandError("This database holds no bench data: run bench_data first.")
        rows = options["export_rows"] or [100_000, 10**9]
        report = Bench(repeat=options["repeat"], export_rows=rows, log=self.stdout.write).run()
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(report.as_dict(), indent=1))

    def _compare(self, small_file: str, large_file: str) -> None:
        small = Report.from_dict(json.loads(Path(small_file).read_text()))
        large = Report.from_dict(json.loads(Path(large_file).read_text()))
        self.stdout.write(
            f"{small.members:,} vs {large.members:,} members ({small.vendor} / {large.vendor})"
        )
        self.stdout.write("| figure | small ms | large ms | ratio | queries | goal |")
        self.stdout.write("|---|---|---|---|---|---|")
        for row in compare(small, large):
            same = row["small_queries"] == row["large_queries"]
            queries = (
                str(row["large_queries"])
                if same
                else f"{row['small_queries']} → {row['large_queries']}"
            )
            if row["figure"].startswith("export"):
                goal = ""
            else:
                goal = "met" if row["ratio"] <= PAGE_GOAL and same else "MISSED"
            self.stdout.write(
                f"| {row['figure']} | {row['small_ms']:.0f} | {row['large_ms']:.0f} | "
                f"{row['ratio']:.2f} | {queries} | {goal} |"
            )
        exports = [f for f in large.figures if f.group == "export"]
        if exports:
            self.stdout.write("\n| export (large run) | rows/s | peak memory growth MB |")
            self.stdout.write("|---|---|---|")
            for figure in exports:
                self.stdout.write(
                    f"| {figure.name} | {figure.rows_per_s:,.0f} | {figure.peak_mb:.0f} |"
                )
