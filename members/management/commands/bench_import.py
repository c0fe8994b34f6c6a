"""``manage.py bench_import --rows 10000 --rows 100000``: the import path against a plain
``bulk_create`` of the same rows, in the same run, as rows per second and their ratio.

The baseline inserts copies of the members the import built, so it receives them already
validated, encrypted and indexed (ciphertexts, blind indexes and masked forms computed): it
measures the database's part alone, with the same ``batch_size`` as the import, and writes no
audit entries. The import's figure covers reading the file, validating every row, encrypting,
inserting and auditing each member.

Each measurement runs in a transaction that is rolled back, so the database is left as found.
"""

import csv
import datetime
import io
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, models, transaction

from members import imports
from members.models import Member
from members.models.roster import new_member_number
from orgs.identifiers import id_number_gender, make_id_number
from orgs.models import Organization

HEAD = [
    "姓名",
    "性别",
    "出生日期",
    "公民身份号码",
    "人员类别",
    "入党日期",
    "转正日期",
    "党组织编码",
]


class _Rollback(Exception):
    pass


def _rows(count: int, code: str) -> list[list[str]]:
    rows = []
    for n in range(count):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=n % 12000)
        number = make_id_number(birth, n // 12000)
        gender = "男" if id_number_gender(number) == "M" else "女"
        rows.append(
            [
                f"党员{n}",
                gender,
                birth.isoformat(),
                number,
                "正式党员",
                "2015-07-01",
                "2016-07-01",
                code,
            ]
        )
    return rows


class Command(BaseCommand):
    help = "Measure the roster import path against a plain bulk_create of the same rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, action="append", help="May be repeated.")

    def handle(self, *args: Any, **options: Any) -> None:
        for count in options["rows"] or [10_000]:
            self._bench(count)

    def _bench(self, count: int) -> None:
        branch = Organization.objects.filter(parent__isnull=False).first()
        code = branch.code if branch else ""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEAD)
        writer.writerows(_rows(count, code))
        data = buffer.getvalue().encode()

        started = time.perf_counter()
        try:
            with transaction.atomic():
                branch = branch or Organization.objects.create(
                    name="bench", code="BENCH", kind="branch"
                )
                result = imports.roster_import(
                    data=data,
                    file_name="bench.csv",
                    actor=None,
                    scope_user=None,
                    default_branch=branch,
                )
                assert result.written, result.plan.errors[:3]
                imported = time.perf_counter() - started
                prepared = [
                    Member(
                        **{
                            f.attname: getattr(m, f.attname)
                            for f in Member._meta.concrete_fields
                            if f.attname != "id"
                        }
                    )
                    for m in result.plan.creates
                ]
                # The imported rows are still there (rolled back at the end): the copies need
                # their own unique index values.
                for member in prepared:
                    member.id_number_hash = member.id_number_hash[::-1]
                    member.member_number = new_member_number()
                started = time.perf_counter()
                models.QuerySet[Member](Member).bulk_create(prepared, batch_size=imports.BATCH)
                raw = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass
        ours, theirs = count / imported, count / raw
        self.stdout.write(
            f"{count} rows ({connection.vendor}): import {ours:,.0f} rows/s, "
            f"plain bulk_create {theirs:,.0f} rows/s, ratio {ours / theirs:.2f} "
            "(baseline rows arrive already validated, encrypted and hashed; no audit)"
        )
