"""``manage.py bench_import [--rows 10000 --rows 100000] [--format csv --format xlsx]``: the
roster import path against a plain ``bulk_create`` of the same rows, in the same run, as rows
per second, their ratio, and the peak memory of the import.

Each measurement runs in a child process (this command with ``--child``), so that its peak
resident memory (``VmHWM``) is its own: the file is written beforehand and the child reads
it as an upload would be read, imports it, and reports the peak before the baseline runs. The
baseline then inserts copies of the members the import wrote — read back in batches, so they
arrive already validated, encrypted and indexed (ciphertexts, blind indexes and masked forms
computed) — with the same ``batch_size`` and no audit: it measures the database's part alone.
The import's figure covers reading the file, validating every row, encrypting, inserting and
auditing each member.

Each child works in a transaction that is rolled back, so the database is left as found.
"""

import csv
import datetime
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, models, transaction
from django.test.utils import override_settings
from openpyxl import Workbook

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
BENCH_CODE = "BENCH-IMPORT"


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


def roster_file(count: int, fmt: str, code: str = BENCH_CODE) -> bytes:
    """A valid roster of ``count`` new members, as .csv or .xlsx."""
    rows = _rows(count, code)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEAD)
        writer.writerows(rows)
        return buffer.getvalue().encode()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    binary = io.BytesIO()
    workbook.save(binary)
    return _with_shared_strings(binary.getvalue())


_INLINE = re.compile(rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>(.*?)</t></is></c>')
_SHARED_STRINGS_TYPE = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
_SHARED_STRINGS_REL = (
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)


def _with_shared_strings(data: bytes) -> bytes:
    """The workbook as a spreadsheet program saves it, its text in the shared strings table:
    openpyxl writes every text cell as an inline string, which costs a reader several times
    more per cell than an index into the table."""
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match[2], len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match[1], index)

    parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = _INLINE.sub(shared, parts[sheet])
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'uniqueCount="%d">'
        % len(strings)
        + b"".join(b"<si><t>%s</t></si>" % text for text in strings)
        + b"</sst>"
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/></Types>'
        % _SHARED_STRINGS_TYPE,
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdStrings" Type="%s" Target="sharedStrings.xml"/>'
        b"</Relationships>" % _SHARED_STRINGS_REL,
    )
    binary = io.BytesIO()
    with zipfile.ZipFile(binary, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return binary.getvalue()


def peak_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at ``exec``, where
    ``ru_maxrss`` keeps the parent's peak from before the fork."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024  # type: ignore[index]


class Command(BaseCommand):
    help = "Measure the roster import path against a plain bulk_create of the same rows."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, action="append", help="May be repeated.")
        parser.add_argument(
            "--format", choices=["csv", "xlsx"], action="append", help="May be repeated."
        )
        parser.add_argument(
            "--child", type=Path, help="Internal: measure one file in this process, as JSON."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["child"]:
            with override_settings(DEBUG=False):  # no query log growing with the file
                result = self._measure(options["child"])
            self.stdout.write(json.dumps(result))
            return
        for count in options["rows"] or [10_000]:
            for fmt in options["format"] or ["csv", "xlsx"]:
                self._bench(count, fmt)

    def _bench(self, count: int, fmt: str) -> None:
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"bench.{fmt}"
            path.write_bytes(roster_file(count, fmt))
            size = path.stat().st_size
            child = subprocess.run(
                [sys.executable, manage, "bench_import", "--child", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
        if child.returncode:
            self.stderr.write(child.stderr)
            raise SystemExit(child.returncode)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        ours, theirs = count / result["import"], count / result["bulk_create"]
        self.stdout.write(
            f"{count} rows {fmt} ({size / 1e6:.1f} MB, {connection.vendor}): "
            f"import {ours:,.0f} rows/s, plain bulk_create {theirs:,.0f} rows/s, "
            f"ratio {ours / theirs:.2f}; import peak memory {result['peak_mb']:.0f} MB "
            f"(process at start {result['start_mb']:.0f} MB)"
        )

    def _measure(self, path: Path) -> dict[str, float]:
        start_mb = peak_mb()
        data = path.read_bytes()
        timings: dict[str, float] = {}
        try:
            with transaction.atomic():
                branch = Organization.objects.filter(code=BENCH_CODE).first()
                branch = branch or Organization.objects.create(
                    name="bench", code=BENCH_CODE, kind="branch"
                )
                started = time.perf_counter()
                result = imports.roster_import(
                    data=data,
                    file_name=path.name,
                    actor=None,
                    scope_user=None,
                    default_branch=branch,
                )
                timings["import"] = time.perf_counter() - started
                timings["peak_mb"] = peak_mb()
                assert result.written, result.plan.errors[:3]
                del data
                timings["bulk_create"] = self._baseline(branch)
                raise _Rollback
        except _Rollback:
            pass
        return {**timings, "start_mb": start_mb}

    def _baseline(self, branch: Organization) -> float:
        """Seconds to ``bulk_create`` copies of the imported members, a batch at a time."""
        spent = 0.0
        fields = [f.attname for f in Member._meta.concrete_fields if f.attname != "id"]
        pks = list(Member.objects.filter(branch=branch).values_list("pk", flat=True))
        plain = models.QuerySet[Member](Member)
        for start in range(0, len(pks), imports.BATCH):
            prepared = []
            for member in Member.objects.filter(pk__in=pks[start : start + imports.BATCH]):
                copy = Member(**{name: getattr(member, name) for name in fields})
                # The imported rows are still there (rolled back at the end): the copies need
                # their own unique index values.
                copy.id_number_hash = copy.id_number_hash[::-1]
                copy.member_number = new_member_number()
                prepared.append(copy)
            started = time.perf_counter()
            plain.bulk_create(prepared, batch_size=imports.BATCH)
            spent += time.perf_counter() - started
        return spent
