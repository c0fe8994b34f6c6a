"""工作单位 is free text, as in the national system: a roster naming workplaces the enterprise
register does not hold imports with the text kept and a notice per unknown name (not an error),
and a workplace that matches an enterprise by name or credit code links it."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from members import imports
from members.models import ImportJob, Member
from members.services import member_save
from orgs.models import AuditEntry, Enterprise, Organization
from tests.conftest import World
from tests.factories import EnterpriseFactory, MemberFactory
from tests.members.roster_support import (
    EDUCATION,
    UNKNOWN_WORKPLACES,
    csv_gbk,
    export,
    messy_rows,
    xlsx,
)

pytestmark = pytest.mark.django_db


def run(data: bytes, user: Any = None) -> imports.Result:
    with translation.override("zh-hans"):
        return imports.roster_import(
            data=data, file_name="花名册.xlsx", actor=user, scope_user=user
        )


@pytest.fixture
def known() -> Enterprise:
    return EnterpriseFactory(name="天源物流（临沂）有限公司")


@pytest.mark.parametrize("fmt", ["xlsx", "csv-gbk"])
def test_200_row_roster_with_unknown_workplaces_and_everyday_names_imports_with_notices(
    branch: Organization, known: Enterprise, fmt: str
) -> None:
    rows = messy_rows(200, branch.name, known_workplaces=[known.name], cells=fmt == "xlsx")
    data = xlsx(rows) if fmt == "xlsx" else csv_gbk(rows)
    result = run(data)
    assert result.plan.errors == []
    assert result.written and Member.objects.count() == 200
    # One notice per unknown name, naming it and how many rows carry it; none for the known one.
    notices = result.plan.notices
    assert [n["column"] for n in notices] == ["工作单位", "工作单位"]
    for name, notice in zip(UNKNOWN_WORKPLACES, notices, strict=True):
        assert name in notice["message"] and "67" in notice["message"]
    assert known.name not in " ".join(n["message"] for n in notices)
    unknown = Member.objects.filter(workplace_name=UNKNOWN_WORKPLACES[0])
    assert unknown.count() == 67 and not unknown.filter(workplace__isnull=False).exists()
    assert Member.objects.filter(workplace=known, workplace_name=known.name).count() == 66
    educations = dict(Member.objects.values_list("name", "education"))
    assert educations["党员000"] == EDUCATION["本科"] == "bachelor"
    assert educations["党员001"] == "junior_college" and educations["党员002"] == "masters"
    assert educations["党员003"] == "masters"  # 研究生
    assert set(Member.objects.values_list("ethnicity", flat=True)) == {"01", "03", "11"}
    assert Member.objects.filter(category="probationary").count() == 100
    entry = AuditEntry.objects.get(action="import")
    assert entry.changes["created"] == 200 and entry.changes["notices"] == 2


def test_workplace_matching_an_enterprise_name_or_credit_code_links_it(
    branch: Organization, known: Enterprise
) -> None:
    other = EnterpriseFactory(name="顺和直播小镇运营有限公司")
    rows = messy_rows(3, branch.name)
    rows[0][7] = f"  {known.name.replace('（', '(').replace('）', ')')} "  # half-width brackets
    rows[1][7] = other.uscc.lower()
    rows[2][7] = ""
    result = run(xlsx(rows))
    assert result.written and result.plan.notices == []
    linked = {m.name: (m.workplace_id, m.workplace_name) for m in Member.objects.all()}
    assert linked["党员000"] == (known.pk, known.name)
    assert linked["党员001"] == (other.pk, other.name)
    assert linked["党员002"] == (None, "")


def test_reimporting_a_member_with_a_new_unknown_workplace_unlinks_and_keeps_the_text(
    branch: Organization, known: Enterprise
) -> None:
    rows = messy_rows(1, branch.name, known_workplaces=[known.name])
    rows[0][7] = known.name
    assert run(xlsx(rows)).written
    rows[0][7] = "兰山区某服饰直播间"
    result = run(xlsx(rows))
    assert result.written and result.plan.updated == 1
    member = Member.objects.get()
    assert (member.workplace_id, member.workplace_name) == (None, "兰山区某服饰直播间")
    assert len(result.plan.notices) == 1


def test_notices_do_not_hide_errors_and_nothing_is_written(branch: Organization) -> None:
    rows = messy_rows(10, branch.name)
    rows[4][5] = "371302199001011234"  # wrong check digit
    result = run(xlsx(rows))
    assert not result.written and Member.objects.count() == 0
    assert [e["row"] for e in result.plan.errors] == [7]  # title row, header, then rows
    assert result.plan.notices  # still shown, beside the error


def test_admin_preview_lists_notices_apart_from_errors_and_confirms(world: World) -> None:
    client = world.client("staff")
    data = xlsx(messy_rows(200, world.branch_a.name))
    upload = SimpleUploadedFile("花名册.xlsx", data)
    response = client.post(reverse("admin:members_member_import"), {"file": upload})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.VALIDATED and job.error_count == 0
    assert job.notice_count == 2
    url = reverse("admin:members_member_import_job", args=[job.pk])
    with translation.override("zh-hans"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="import-notices"' in page and 'id="import-report"' not in page
    assert UNKNOWN_WORKPLACES[0] in page and 'name="confirm"' in page
    client.post(url, {"confirm": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 200
    assert job.notice_count == 2
    assert Member.objects.filter(workplace_name=UNKNOWN_WORKPLACES[1]).count() == 100
    assert UNKNOWN_WORKPLACES[0] in client.get(url).content.decode()


def test_api_import_job_reports_notices(world: World) -> None:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world.users["secretary_a"])
    data = csv_gbk(messy_rows(20, world.branch_a.name))
    created = client.post(
        "/api/v1/member-imports/",
        {"file": SimpleUploadedFile("花名册.csv", data, content_type="text/csv")},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    job = created.json()
    assert job["status"]["code"] == "validated" and job["error_count"] == 0
    assert job["notice_count"] == 2 and len(job["notices"]) == 2
    assert UNKNOWN_WORKPLACES[0] in job["notices"][0]["message"]
    confirmed = client.post(f"/api/v1/member-imports/{job['id']}/confirm/")
    assert confirmed.status_code == 200 and Member.objects.count() == 22


def test_export_writes_the_workplace_text_or_the_linked_enterprise(
    branch: Organization, admin_client: Any, known: Enterprise
) -> None:
    MemberFactory(branch=branch, name="自由文本", workplace_name="兰山区某服饰直播间")
    MemberFactory(branch=branch, name="关联企业", workplace=known)
    sheet = load_workbook(io.BytesIO(export(admin_client, "xlsx"))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = rows[0].index("工作单位")
    names = rows[0].index("姓名")
    by_name = {r[names]: r[column] for r in rows[1:]}
    assert by_name == {"自由文本": "兰山区某服饰直播间", "关联企业": known.name}


def test_linking_an_enterprise_on_the_member_sets_the_workplace_text(
    branch: Organization, known: Enterprise
) -> None:
    member = MemberFactory.build(branch=branch, workplace_name="旧的写法")
    member.workplace = known
    member_save(member=member, actor=None)
    member.refresh_from_db()
    assert member.workplace_name == known.name
    member.workplace = None
    member.workplace_name = "兰山区某服饰直播间"
    member_save(member=member, actor=None)
    member.refresh_from_db()
    assert (member.workplace_id, member.workplace_name) == (None, "兰山区某服饰直播间")


def test_admin_form_keeps_a_free_text_workplace(world: World) -> None:
    member = world.member_a
    url = reverse("admin:members_member_change", args=[member.pk])
    client = world.client("staff")
    form = client.get(url).context["adminform"].form
    data = {
        key: ("" if value is None else value)
        for key, value in {**form.initial, "mobile": member.mobile_masked}.items()
        if key in form.fields
    }
    data.update({"workplace_name": "兰山区某服饰直播间", "workplace": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.workplace_name == "兰山区某服饰直播间" and member.workplace_id is None


def test_api_search_finds_members_by_workplace_text(world: World) -> None:
    from rest_framework.test import APIClient

    wanted = MemberFactory(branch=world.branch_a, workplace_name="兰山区某服饰直播间")
    client = APIClient()
    client.force_authenticate(world.users["staff"])
    response = client.get("/api/v1/members/", {"q": "服饰直播"})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    assert response.json()["results"][0]["workplace_name"] == "兰山区某服饰直播间"
