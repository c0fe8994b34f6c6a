"""Roster import of hostile and broken files: zip bombs, sheets that lie about their size, too
many rows, columns or characters, damaged workbooks, NUL bytes and formulas — each refused with
a Chinese message naming the problem, before it costs memory; and a file large by its content
(not by what it declares) validated as a job."""

import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from members import imports
from members.models import ImportJob, Member
from orgs import audit
from orgs.models import AuditEntry, Organization
from tests.conftest import World
from tests.members.test_roster_import_export import HEAD, csv_bytes, row, run

pytestmark = pytest.mark.django_db


def workbook_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for values in [HEAD, *rows]:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def refused(data: bytes, name: str = "r.xlsx") -> str:
    with translation.override("zh-hans"), pytest.raises(imports.ImportFileError) as error:
        table = imports.read_table(data, name)
        list(table.rows)
    return str(error.value)


def test_a_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    parts = parts_of(workbook_bytes([row(0, "X")]))
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b"</sheetData>" + b" " * 8_000_000)
    message = refused(zipped(parts))
    assert "压缩炸弹" in message and SHEET in message


def test_a_workbook_unpacking_beyond_the_limit_is_refused(settings: Any) -> None:
    settings.DANGJIAN_IMPORT_XLSX_MAX_UNPACKED = 10_000
    assert "解压后" in refused(workbook_bytes([row(n, "X") for n in range(200)]))


def test_a_workbook_of_too_many_parts_is_refused(settings: Any) -> None:
    settings.DANGJIAN_IMPORT_XLSX_MAX_PARTS = 5
    assert "组成部分" in refused(workbook_bytes([row(0, "X")]))


def test_a_sheet_declaring_the_whole_grid_is_read_by_its_content() -> None:
    """A 5 KB sheet declaring A1:XFD1048576 is read as the two rows it holds."""
    parts = parts_of(workbook_bytes([row(0, "X"), row(1, "X")]))
    parts[SHEET] = re.sub(
        rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', parts[SHEET]
    )
    assert b"XFD1048576" in parts[SHEET]
    table = imports.read_table(zipped(parts))
    assert [number for number, _cells in table.rows] == [2, 3]
    assert len(table.header) == len(HEAD)


def test_rows_are_counted_by_reading_whatever_the_sheet_declares(settings: Any) -> None:
    settings.DANGJIAN_IMPORT_MAX_ROWS = 5
    parts = parts_of(workbook_bytes([row(n, "X") for n in range(8)]))
    parts[SHEET] = re.sub(
        rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:H2"/>', parts[SHEET]
    )
    assert "超过 5 行" in refused(zipped(parts))
    assert "超过 5 行" in refused(csv_bytes([row(n, "X") for n in range(8)]), "r.csv")


def test_a_sheet_of_empty_row_elements_is_refused_before_parsing(settings: Any) -> None:
    settings.DANGJIAN_IMPORT_MAX_ROWS = 10
    parts = parts_of(workbook_bytes([row(0, "X")]))
    empty = b"".join(b'<row r="%d"/>' % n for n in range(10, 400))
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", empty + b"</sheetData>")
    assert "超过 10 行" in refused(zipped(parts))


def test_a_sheet_carrying_a_flood_of_merges_is_refused() -> None:
    parts = parts_of(workbook_bytes([row(0, "X")]))
    merges = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (n, n) for n in range(10, 210_000))
    parts[SHEET] = parts[SHEET].replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1">' + merges + b"</mergeCells>"
    )
    assert "除单元格外" in refused(zipped(parts))


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        ("no sheets", "没有工作表"),
        ("cut short", "截断"),
        ("no workbook part", "xl/workbook.xml"),
        ("garbled zip", "损坏"),
        ("not a zip", ".xlsx"),
    ],
)
def test_damaged_workbooks_get_a_message_naming_the_problem(damage: str, fragment: str) -> None:
    good = workbook_bytes([row(n, "X") for n in range(50)])
    parts = parts_of(good)
    if damage == "no sheets":
        parts["xl/workbook.xml"] = re.sub(
            rb"<sheets>.*</sheets>", b"<sheets/>", parts["xl/workbook.xml"]
        )
        data = zipped(parts)
    elif damage == "cut short":
        parts[SHEET] = parts[SHEET][: len(parts[SHEET]) // 2]
        data = zipped(parts)
    elif damage == "no workbook part":
        del parts["xl/workbook.xml"]
        data = zipped(parts)
    elif damage == "garbled zip":
        data = good[:30] + b"\x00" * 200 + good[230:]
    else:
        data = "姓名;其他\n张三;x\n".encode()
    message = refused(data)
    assert fragment in message
    assert re.search(r"[\u4e00-\u9fff]", message)


def test_csv_with_a_nul_byte_after_the_first_kilobytes_names_the_line() -> None:
    rows = [row(n, "X") for n in range(100)]
    rows[80][0] = "李\x00四"
    message = refused(csv_bytes(rows), "r.csv")
    assert "第 82 行" in message and "NUL" in message


@pytest.mark.parametrize("length", [1_500, 200_000])
def test_csv_cell_over_the_limit_is_refused(length: int) -> None:
    rows = [row(n, "X") for n in range(3)]
    rows[1][0] = "长" * length
    message = refused(csv_bytes(rows), "r.csv")
    assert "第 3 行" in message and "1000 个字符" in message


def test_csv_with_an_unclosed_quote_is_refused() -> None:
    data = csv_bytes([row(0, "X")]) + b'"never closed,' + b"x" * 5000
    assert "字符" in refused(data, "r.csv")


def test_a_row_with_too_many_columns_is_refused(settings: Any) -> None:
    settings.DANGJIAN_IMPORT_MAX_COLUMNS = 10
    rows = [[*row(0, "X"), "", "", "x"]]
    assert "最多 10 列" in refused(csv_bytes(rows), "r.csv")


def test_file_level_messages_are_in_chinese() -> None:
    assert refused(b"", "r.csv") == "文件是空的。"
    assert "表头" in refused("公民身份号码,姓名\n".encode(), "r.csv")


def test_a_formula_cell_is_refused_with_its_own_message(branch: Organization) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEAD)
    sheet.append(row(0, branch.code, 姓名='=HYPERLINK("http://x","点我")'))
    sheet.append(row(1, branch.code, 入党日期="=TODAY()"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue())
    assert not result.written and Member.objects.count() == 0
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(2, "姓名"), (3, "入党日期")]
    assert all("公式" in e["message"] for e in result.plan.errors)


@pytest.mark.parametrize(
    ("column", "value", "accepted"),
    [
        ("姓名", "=HYPERLINK(1)", False),
        ("姓名", "+张三", False),
        ("姓名", "@SUM(A1)", False),
        ("家庭住址", "-2+3", False),
        ("家庭住址", "-", True),
        ("联系电话", "+86 139 1234 5678", True),
        ("联系电话", "=1+1", False),
        ("公民身份号码", "=A1", False),
    ],
)
def test_formula_looking_text_in_text_columns(
    branch: Organization, column: str, value: str, accepted: bool
) -> None:
    head = [*HEAD, "家庭住址", "联系电话"]
    cells = [*row(0, branch.code), "", ""]
    cells[head.index(column)] = value
    result = run(csv_bytes([cells], header=head))
    assert result.written is accepted, result.plan.errors
    if not accepted:
        assert [e["column"] for e in result.plan.errors] == [column]
        assert "公式" in result.plan.errors[0]["message"]


def test_batches_keep_all_or_nothing_and_find_duplicates_across_them(branch: Organization) -> None:
    rows = [row(n, branch.code) for n in range(2_100)]
    rows[1_800] = list(rows[3])
    entries = AuditEntry.objects.count()
    result = run(csv_bytes(rows))
    assert not result.written and Member.objects.count() == 0
    assert AuditEntry.objects.count() == entries
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(1_802, "公民身份号码")]
    assert "5" in result.plan.errors[0]["message"]


def test_a_file_of_several_batches_is_written_and_audited_row_by_row(
    branch: Organization,
) -> None:
    result = run(csv_bytes([row(n, branch.code) for n in range(2_100)]))
    assert result.written and result.plan.created == Member.objects.count() == 2_100
    assert AuditEntry.objects.filter(action="create", bulk=True).count() == 2_100
    assert AuditEntry.objects.get(action="import").changes["created"] == 2_100
    assert audit.verify() is None


def test_a_file_damaged_after_the_first_batch_writes_nothing(branch: Organization) -> None:
    data = csv_bytes([row(n, branch.code) for n in range(1_500)])
    data += b'"' + b"x" * 200_000
    entries = AuditEntry.objects.count()
    with pytest.raises(imports.ImportFileError):
        run(data)
    assert Member.objects.count() == 0 and AuditEntry.objects.count() == entries


def test_a_workbook_large_by_content_is_validated_as_a_job(world: World, settings: Any) -> None:
    """Counted by reading: a sheet declaring one row but holding thirty goes to Celery."""
    settings.DANGJIAN_IMPORT_ASYNC_ROWS = 20
    parts = parts_of(workbook_bytes([row(n, world.branch_a.code) for n in range(30)]))
    parts[SHEET] = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', parts[SHEET])
    upload = SimpleUploadedFile("r.xlsx", zipped(parts))
    world.client("staff").post(reverse("admin:members_member_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.total_rows >= 30 and job.status == ImportJob.Status.PENDING


def test_a_bomb_uploaded_through_the_api_is_a_400_in_chinese_and_leaves_no_job(
    world: World,
) -> None:
    from rest_framework.test import APIClient

    parts = parts_of(workbook_bytes([row(0, world.branch_a.code)]))
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", b"</sheetData>" + b" " * 8_000_000)
    client = APIClient()
    client.force_authenticate(world.users["staff"])
    response = client.post(
        "/api/v1/member-imports/",
        {"file": SimpleUploadedFile("bomb.xlsx", zipped(parts))},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "压缩炸弹" in str(response.json())
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [{"出生日期": "9999-12-31"}, {"入党日期": "1-01-01"}, {"转正日期": "9999-12-31"}],
)
def test_dates_outside_the_supported_years_are_row_errors(
    branch: Organization, overrides: dict[str, str]
) -> None:
    result = run(csv_bytes([row(0, branch.code, **overrides)]))
    assert not result.written and Member.objects.count() == 0
    assert [e["column"] for e in result.plan.errors] == list(overrides)
