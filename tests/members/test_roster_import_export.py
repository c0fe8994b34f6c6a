"""Roster import and export: all or nothing, row-numbered reasons, scope, masking, formula
neutralising, audit, and large files as Celery jobs."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from members import imports
from members.models import ImportJob, Member
from members.resources import HEADERS, neutralise
from orgs.models import AuditEntry, Organization
from tests.conftest import World
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db

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


def row(n: int, code: str, **overrides: Any) -> list[Any]:
    birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=n % 7000)
    values = {
        "姓名": f"导入党员{n}",
        "性别": "男",
        "出生日期": birth.isoformat(),
        "公民身份号码": make_id_number(birth, 101 + 2 * (n // 7000)),
        "人员类别": "正式党员",
        "入党日期": "2015-07-01",
        "转正日期": "2016-07-01",
        "党组织编码": code,
    }
    values.update(overrides)
    return [values[h] for h in HEAD]


def csv_bytes(rows: list[list[Any]], header: list[str] = HEAD, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def run(data: bytes, user: Any = None, commit: bool = True) -> imports.Result:
    with translation.override("zh-hans"):
        return imports.roster_import(
            data=data, file_name="t.csv", actor=user, scope_user=user, commit=commit
        )


def test_import_creates_members_with_one_audit_row_each(branch: Organization) -> None:
    result = run(csv_bytes([row(n, branch.code) for n in range(20)]))
    assert result.written and Member.objects.count() == 20
    assert AuditEntry.objects.filter(action="create", bulk=True).count() == 20
    assert AuditEntry.objects.get(action="import").changes["created"] == 20


def test_one_bad_row_among_1000_writes_nothing_and_names_the_row(branch: Organization) -> None:
    rows = [row(n, branch.code) for n in range(1000)]
    bad = rows[536][3]
    rows[536][3] = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    result = run(csv_bytes(rows))
    assert not result.written and Member.objects.count() == 0
    assert len(result.plan.errors) == 1
    error = result.plan.errors[0]
    assert error["row"] == 538 and error["column"] == "公民身份号码"
    assert "校验" in error["message"]


@pytest.mark.parametrize(
    ("overrides", "column", "fragment"),
    [
        ({"公民身份号码": "37130219900517001"}, "公民身份号码", "18"),
        ({"出生日期": "1975-01-02"}, "出生日期", "出生日期"),
        ({"性别": "女"}, "性别", "性别"),
        (
            {"入党日期": "2099-01-01", "转正日期": "", "人员类别": "预备党员"},
            "入党日期",
            "入党日期",
        ),
        ({"转正日期": "2014-01-01"}, "转正日期", "转正"),
        ({"人员类别": "预备党员"}, "人员类别", ""),
        ({"入党日期": "昨天"}, "入党日期", "YYYY-MM-DD"),
        ({"党组织编码": "NOPE"}, "党组织编码", "NOPE"),
        ({"性别": "未知"}, "性别", "未知"),
        ({"姓名": ""}, "姓名", ""),
        ({"公民身份号码": "371302********0011"}, "公民身份号码", ""),
    ],
)
def test_every_bad_value_is_reported_with_its_column(
    branch: Organization, overrides: dict[str, str], column: str, fragment: str
) -> None:
    result = run(csv_bytes([row(0, branch.code, **overrides)]))
    assert Member.objects.count() == 0
    assert [e["column"] for e in result.plan.errors] == [column]
    assert fragment in result.plan.errors[0]["message"]
    assert result.plan.errors[0]["row"] == 2


def test_duplicate_id_number_within_the_file_is_reported(branch: Organization) -> None:
    first = row(0, branch.code)
    result = run(csv_bytes([first, row(1, branch.code), first]))
    assert Member.objects.count() == 0
    assert result.plan.errors == [
        {
            "row": 4,
            "column": "公民身份号码",
            "message": result.plan.errors[0]["message"],
            "name": "导入党员0",
        }
    ]
    assert "2" in result.plan.errors[0]["message"]


def test_gbk_csv_with_english_headers_imports(branch: Organization) -> None:
    header = ["name", "gender", "birth_date", "id_number", "category", "admission_date",
              "full_membership_date", "branch"]  # fmt: skip
    rows = [row(n, branch.name) for n in range(3)]
    result = run(csv_bytes(rows, header=header, encoding="gbk"))
    assert result.written
    assert set(Member.objects.values_list("name", flat=True)) == {f"导入党员{n}" for n in range(3)}


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "空"),
        (b"\x00\x01\x02binary", "电子表格"),
        (b"\xd0\xcf\x11\xe0old-xls", ".xls"),
        ("公民身份号码,姓名\n".encode(), "没有数据行"),
        (b"a,b\n1,2\n", "表头"),
    ],
)
def test_malformed_files_get_a_clear_message(data: bytes, fragment: str) -> None:
    with pytest.raises(imports.ImportFileError) as error:
        imports.read_table(data)
    assert fragment in str(error.value)


def test_merged_header_cells_are_refused() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "公民身份号码", ""])
    sheet.append(["张三", "x", ""])
    sheet.merge_cells("B1:C1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(imports.ImportFileError) as error:
        imports.read_table(buffer.getvalue())
    assert "B1:C1" in str(error.value)


def test_file_over_the_size_limit_is_refused(settings: Any) -> None:
    settings.DANGJIAN_IMPORT_MAX_BYTES = 100
    with pytest.raises(imports.ImportFileError):
        imports.read_table(b"x" * 101)


def test_outsider_import_is_refused_and_changes_nothing(world: World) -> None:
    before = list(Member.objects.values_list("pk", "name", "branch_id").order_by("pk"))
    secretary = world.users["secretary_a"]
    other = world.member_b
    into_b = row(0, world.branch_b.code)
    existing_b = row(1, world.branch_a.code)
    existing_b[3] = other.id_number
    existing_b[2] = other.birth_date.isoformat()
    result = run(csv_bytes([into_b, existing_b]), user=secretary)
    assert not result.written
    assert [e["row"] for e in result.plan.errors] == [2, 3]
    assert list(Member.objects.values_list("pk", "name", "branch_id").order_by("pk")) == before


def export(client: Client, fmt: int, **params: str) -> bytes:
    url = reverse("admin:members_member_export")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    response = client.post(url, {"format": fmt, "resource": 0})
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_export_is_masked_without_reveal_permission_and_audited(world: World) -> None:
    content = export(world.client("staff"), 1).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content)))
    assert lines[0] == HEADERS
    assert world.member_a.id_number not in content
    assert world.member_a.id_number_masked in content
    entry = AuditEntry.objects.get(action="export")
    assert entry.changes["rows"] == 2 and entry.changes["revealed"] is False


def test_secretary_exports_only_their_branch(world: World) -> None:
    content = export(world.client("secretary_a"), 1).decode("utf-8-sig")
    assert world.member_a.name in content and world.member_b.name not in content
    assert AuditEntry.objects.get(action="export").changes["rows"] == 1


def test_export_needs_the_export_permission(world: World) -> None:
    response = world.client("commissioner_1").get(reverse("admin:members_member_export"))
    assert response.status_code == 403


def test_formula_cells_are_neutralised(branch: Organization, admin_client: Client) -> None:
    MemberFactory(branch=branch, name="=HYPERLINK(1)", party_posts="+1", address="@SUM(A1)")
    workbook = load_workbook(io.BytesIO(export(admin_client, 0)))
    values = [cell.value for cell in next(workbook.active.iter_rows(min_row=2))]
    assert "'=HYPERLINK(1)" in values and "'+1" in values and "'@SUM(A1)" in values
    assert neutralise("-2") == "'-2" and neutralise("\tx") == "'\tx" and neutralise(3) == 3


def test_round_trip_export_then_import_changes_nothing(
    branch: Organization, admin_client: Client
) -> None:
    for _ in range(5):
        MemberFactory(branch=branch, mobile="13912345678", party_posts="支部委员")
    before = list(Member.objects.order_by("pk").values())
    data = export(admin_client, 0)
    result = run(data)
    assert result.written and result.plan.unchanged == 5
    assert not result.plan.created and not result.plan.updated
    assert list(Member.objects.order_by("pk").values()) == before


def test_admin_upload_previews_then_confirms(world: World) -> None:
    client = world.client("staff")
    upload = SimpleUploadedFile("r.csv", csv_bytes([row(n, world.branch_a.code) for n in range(3)]))
    response = client.post(reverse("admin:members_member_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.VALIDATED
    assert Member.objects.count() == 2  # the world's two members: nothing written yet
    page = client.get(reverse("admin:members_member_import_job", args=[job.pk]))
    assert "confirm" in page.content.decode()
    client.post(reverse("admin:members_member_import_job", args=[job.pk]), {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 3
    assert Member.objects.count() == 5


def test_admin_upload_of_a_bad_file_shows_the_reason(world: World) -> None:
    client = world.client("staff")
    upload = SimpleUploadedFile("r.csv", b"\x00\x00garbage")
    client.post(reverse("admin:members_member_import"), {"file": upload})
    job = ImportJob.objects.get()
    page = client.get(reverse("admin:members_member_import_job", args=[job.pk]))
    assert page.status_code == 200 and job.status == ImportJob.Status.FAILED


def test_import_template_downloads(world: World) -> None:
    response = world.client("staff").get(reverse("admin:members_member_import_template"))
    assert response.status_code == 200
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(header) == HEADERS


@pytest.mark.slow
def test_large_import_runs_as_a_celery_job(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    data = csv_bytes([row(n, world.branch_a.code) for n in range(20_000)])
    client = world.client("staff")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:members_member_import"), {"file": SimpleUploadedFile("big.csv", data)}
        )
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED, job.report[:3]
    assert job.total_rows == 20_000
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:members_member_import_job", args=[job.pk]), {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.error_count) == (20_000, 0, 0)
    assert Member.objects.count() == 20_002


def test_import_command_exits_non_zero_with_the_report(branch: Organization, tmp_path: Any) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([row(0, branch.code), row(1, "NOPE")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), stderr=err)
    assert "3" in err.getvalue() and "NOPE" in err.getvalue()
    assert Member.objects.count() == 0
    path.write_bytes(csv_bytes([row(0, branch.code)]))
    call_command("import_members", str(path), "--dry-run", stdout=io.StringIO())
    assert Member.objects.count() == 0
    call_command("import_members", str(path), stdout=io.StringIO())
    assert Member.objects.count() == 1


def test_export_command_writes_masked_csv(world: World, tmp_path: Any) -> None:
    path = tmp_path / "out.csv"
    call_command("export_members", "--output", str(path), stderr=io.StringIO())
    content = path.read_text(encoding="utf-8-sig")
    assert world.member_a.id_number_masked in content
    assert world.member_a.id_number not in content


def test_reveal_permission_exports_full_numbers(world: World) -> None:
    staff = world.users["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    content = export(world.client("staff"), 1).decode("utf-8-sig")
    assert world.member_a.id_number in content
    assert AuditEntry.objects.get(action="export").changes["revealed"] is True


def test_a_large_import_is_audited_per_row_and_keeps_the_chain(branch: Organization) -> None:
    """Above a couple of hundred rows PostgreSQL receives the audit entries through COPY; on
    every database the entries must read back as written and chain."""
    from orgs import audit
    from orgs.audit.recording import COPY_FROM

    count = COPY_FROM + 50
    result = run(csv_bytes([row(n, branch.code) for n in range(count)]))
    assert result.written
    entries = AuditEntry.objects.filter(action="create", bulk=True).order_by("id")
    assert entries.count() == count
    member = Member.objects.get(name="导入党员7")
    entry = entries.get(object_id=str(member.pk))
    assert entry.changes["name"] == [None, "导入党员7"]
    assert entry.changes["birth_date"] == [None, member.birth_date.isoformat()]
    assert entry.changes["category"] == [None, "full"]
    assert not any(key.endswith(("_cipher", "_hash")) for key in entry.changes)
    assert audit.verify() is None
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


def test_a_merged_title_row_above_the_header_is_read() -> None:
    """Rosters carry their title merged across the sheet; only merges in the header row
    itself make columns ambiguous."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["一支部党员花名册"])
    sheet.merge_cells("A1:C1")
    sheet.append(["姓名", "公民身份号码", "入党日期"])
    sheet.append(["张三", "x", "2015-07-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = imports.read_table(buffer.getvalue())
    assert table.header == ["姓名", "公民身份号码", "入党日期"]
    assert list(table.rows) == [(3, ["张三", "x", "2015-07-01"])]
