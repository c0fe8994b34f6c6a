"""An admin change page carries the version of the row it shows; saving it after someone else
changed the row is refused with who changed it, when and what — and writes nothing."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from liaison.models import Case
from liaison.services import case_update
from members.models import Member
from members.services import member_save
from orgs.audit import acting_as
from orgs.models import AuditEntry, Organization
from tests.factories import CaseFactory, MemberFactory, UserFactory
from tests.orgs.hidden_relations_support import unchanged_post_data

pytestmark = pytest.mark.django_db

STALE = re.compile(r"^已被 王五 于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 修改，请刷新后再保存$")


@pytest.fixture
def colleague(db: None) -> Any:
    return UserFactory(first_name="王五")


def page_data(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """What the browser posts back from the change page as it is now, with ``changes``."""
    response = client.get(url)
    assert response.status_code == 200
    return {**unchanged_post_data(response.context), **changes}


def test_saving_a_member_page_someone_changed_meanwhile_is_refused(
    admin_client: Client, colleague: Any, branch: Organization
) -> None:
    member = MemberFactory(branch=branch, name="原名", address="旧地址")
    url = reverse("admin:members_member_change", args=[member.pk])
    data = page_data(admin_client, url, name="新名", id_number="")
    assert data["row_version"]

    with acting_as(colleague):
        stored = Member.objects.get(pk=member.pk)
        stored.address = "兰山区新地址"
        member_save(member=stored, actor=colleague)
    entries = AuditEntry.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = list(response.context["adminform"].form.non_field_errors())
    assert STALE.match(errors[0]), errors
    assert errors[1:] == ["家庭住址：旧地址 → 兰山区新地址"]
    assert "请刷新后再保存" in response.content.decode()
    member.refresh_from_db()
    assert (member.name, member.address) == ("原名", "兰山区新地址")
    assert AuditEntry.objects.count() == entries


def test_a_reloaded_member_page_saves(
    admin_client: Client, colleague: Any, branch: Organization
) -> None:
    member = MemberFactory(branch=branch, name="原名")
    url = reverse("admin:members_member_change", args=[member.pk])
    with acting_as(colleague):
        stored = Member.objects.get(pk=member.pk)
        stored.address = "兰山区新地址"
        member_save(member=stored, actor=colleague)

    response = admin_client.post(url, page_data(admin_client, url, name="新名", id_number=""))

    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert (member.name, member.address) == ("新名", "兰山区新地址")


def test_a_case_page_is_refused_after_a_colleague_edited_the_case(
    admin_client: Client, colleague: Any
) -> None:
    case = CaseFactory(title="快递单价偏高")
    url = reverse("admin:liaison_case_change", args=[case.pk])
    data = page_data(admin_client, url, title="快递费用偏高")
    with acting_as(colleague):
        stored = Case.objects.get(pk=case.pk)
        stored.description = "补充：单价已上涨两次。"
        case_update(case=stored, actor=colleague)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    errors = list(response.context["adminform"].form.non_field_errors())
    assert STALE.match(errors[0]), errors
    assert errors[1].startswith("情况描述：")
    case.refresh_from_db()
    assert (case.title, case.description) == ("快递单价偏高", "补充：单价已上涨两次。")


def test_a_page_posted_without_its_version_is_refused(
    admin_client: Client, branch: Organization
) -> None:
    member = MemberFactory(branch=branch, name="原名")
    url = reverse("admin:members_member_change", args=[member.pk])
    data = page_data(admin_client, url, name="新名", id_number="")
    del data["row_version"]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.name == "原名"
