"""The import preview, like django-import-export's diff view: before anything is written the
job page lists the rows to be created, those to be updated with each changed field (old →
new) and how many stay as they are, bounded to the first rows of each kind; the error report
is Chinese and names the person: "第 9 行（张三）[公民身份号码]：…"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from members import imports
from members.imports.preview import plan_preview
from members.models import ImportJob, Member
from orgs.models import Organization
from tests.conftest import World
from tests.factories import MemberFactory
from tests.members.test_roster_import_export import HEAD, csv_bytes, row, run

pytestmark = pytest.mark.django_db


def test_preview_lists_creates_updates_with_old_and_new_and_unchanged(world: World) -> None:
    code = world.branch_a.code
    rows = [row(n, code) for n in range(3)]
    run(csv_bytes(rows))  # three members on the roster
    changed = row(1, code, **{"姓名": "导入党员一改"})
    data = csv_bytes([rows[0], changed, rows[2], row(7, code), row(8, code)])
    client = world.client("staff")
    upload = SimpleUploadedFile("r.csv", data)
    client.post(reverse("admin:members_member_import"), {"file": upload})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.VALIDATED
    page = client.get(reverse("admin:members_member_import_job", args=[job.pk])).content.decode()
    assert page.count('class="import-create"') == 2 and "导入党员7" in page
    assert page.count('class="import-update"') == 1
    assert "<del>导入党员1</del> → <ins>导入党员一改</ins>" in page
    assert "保持不变的行 (2)" in page
    assert Member.objects.filter(name="导入党员一改").count() == 0  # nothing written yet


def test_preview_is_bounded_with_the_counts(branch: Organization) -> None:
    result = run(csv_bytes([row(n, branch.code) for n in range(30)]), commit=False)
    preview = plan_preview(result.plan, limit=10)
    assert len(preview["creates"]) == 10 and len(result.plan.creates) == 30
    assert preview["creates"][0]["branch"] == branch.name


def test_report_is_chinese_and_names_the_person(branch: Organization) -> None:
    MemberFactory(branch=branch)
    rows = [row(n, branch.code) for n in range(8)]
    bad = rows[7][HEAD.index("公民身份号码")]
    rows[7][HEAD.index("公民身份号码")] = bad[:-1] + ("0" if bad[-1] != "0" else "1")
    rows[7][0] = "张三"
    result = run(csv_bytes(rows))
    with translation.override("zh-hans"):
        lines = imports.format_report(result.plan.errors)
    assert lines[0].startswith("第 9 行（张三）[公民身份号码]：")
    assert "Row" not in lines[0]
