"""The audit log for people: no entry when nothing changed (a stamp-only save, the same text
with other line ends, the same moment written two ways); the member and case pages show their
history in words (field labels, related rows by name, choices by label, local time); auditors
export the filtered log as CSV or Excel, and the export is audited."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from orgs.audit.capture import diff
from orgs.audit.display import object_history
from orgs.models import AuditEntry, Organization
from tests.conftest import World
from tests.factories import CaseFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese() -> None:
    translation.activate("zh-hans")


def updates(obj: object) -> int:
    return AuditEntry.objects.filter(object_id=str(obj.pk), action="update").count()  # type: ignore[attr-defined]


def test_a_save_that_changes_nothing_leaves_no_entry(branch: Organization) -> None:
    member = MemberFactory(branch=branch, address="兰山区\n金雀山路")
    before = updates(member)
    member.save()  # only updated_at moves
    member.address = "兰山区\r\n金雀山路"
    member.save()
    assert updates(member) == before
    member.address = "兰山区 沂蒙路"
    member.save()
    assert updates(member) == before + 1


def test_the_same_moment_written_two_ways_is_no_change() -> None:
    same = diff({"at": "2026-11-01T10:00:00+08:00"}, {"at": "2026-11-01T02:00:00Z"})
    assert same == {}
    assert diff({"at": "2026-11-01T10:00:00+08:00"}, {"at": "2026-11-01T03:00:00Z"})


def test_member_history_reads_in_words(
    admin_client: Client, branch: Organization, other_branch: Organization
) -> None:
    member = MemberFactory(branch=branch, gender="M")
    member.branch = other_branch
    member.gender = "F"
    member.save()
    html = admin_client.get(reverse("admin:members_member_change", args=[member.pk])).content
    page = html.decode()
    assert "{&#x27;" not in page and "[None," not in page  # no Python dict
    assert f"<del>{branch}</del> → {other_branch}" in page  # related rows by name
    assert "所在党组织" in page  # the field's label
    assert "<del>男</del> → 女" in page  # choices by label
    assert "audit-timeline" in page


def test_case_page_shows_its_history_as_a_timeline(admin_client: Client) -> None:
    case = CaseFactory(title="快递单价偏高")
    case.title = "快递单价明显偏高"
    case.save()
    page = admin_client.get(reverse("admin:liaison_case_change", args=[case.pk])).content.decode()
    assert 'id="case-history"' in page and "<del>快递单价偏高</del> → 快递单价明显偏高" in page
    history = object_history(case, None)
    assert history[0].entry.action == "update"
    assert history[0].at.count(":") == 1  # local time to the minute, no zone suffix


def test_auditor_exports_the_filtered_log_and_the_export_is_audited(world: World) -> None:
    member = MemberFactory(branch=world.branch_a, name="导出党员")
    member.name = "导出党员甲"
    member.save()
    client = world.client("auditor")
    url = reverse("admin:orgs_auditentry_export", args=["csv"]) + "?action__exact=update"
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("时间,用户名")
    assert "姓名：导出党员 → 导出党员甲" in text
    assert ",新增," not in text  # only the filtered updates
    export = AuditEntry.objects.filter(action="export").latest("at")
    assert export.changes["filters"] == ["action__exact=update"] and export.changes["rows"] >= 1
    xlsx = client.get(reverse("admin:orgs_auditentry_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.cell(1, 1).value == "时间"
    assert world.client("secretary_a").get(url).status_code == 404
    assert client.get(reverse("admin:orgs_auditentry_export", args=["pdf"])).status_code == 404
