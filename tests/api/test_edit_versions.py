"""No lost update through the API: a PATCH writes only the fields it names, over whatever else
the row holds by then; a PUT replaces the row only at the version the client read (``ETag`` /
``If-Match``), and a stale one is a 412 naming who changed the row, when and what."""

import re
from typing import Any

import pytest

from liaison.api import CaseViewSet
from liaison.models import Case
from members.api import MemberViewSet
from members.models import Member
from orgs.models import AuditEntry
from tests.api.conftest import MakeUser, World, client_for
from tests.factories import CaseFactory, MemberFactory

pytestmark = pytest.mark.django_db

STALE = re.compile(r"^已被 王五 于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 修改，请刷新后再保存$")


@pytest.fixture
def secretaries(world: World, make_user: MakeUser) -> tuple[Any, Any]:
    first = make_user("branch_secretary", organization=world.branch)
    second = make_user("branch_secretary", organization=world.branch)
    second.first_name = "王五"
    second.save()
    return first, second


def member_body(member: Member, **changes: Any) -> dict[str, Any]:
    """The member as a PUT sends it: the row's fields as read, with ``changes``."""
    return {
        "name": member.name,
        "gender": member.gender,
        "birth_date": member.birth_date.isoformat(),
        "branch": member.branch_id,
        "category": member.category,
        "admission_date": member.admission_date.isoformat(),
        "full_membership_date": member.full_membership_date.isoformat(),
        "native_place": member.native_place,
        "address": member.address,
        **changes,
    }


def test_a_patch_keeps_what_another_user_saved_after_the_row_was_read(
    world: World, secretaries: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PATCH reads the member, then another user's save lands, then the PATCH saves: both
    changes stay, and the PATCH's audit entry names only its own field."""
    member = MemberFactory(branch=world.branch)
    read = MemberViewSet.get_object

    def read_then_someone_saves(view: Any) -> Any:
        row = read(view)
        Member.objects.filter(pk=row.pk).update(address="兰山区新地址")
        return row

    monkeypatch.setattr(MemberViewSet, "get_object", read_then_someone_saves)
    url = f"/api/v1/members/{member.pk}/"
    response = client_for(secretaries[0]).patch(url, {"native_place": "山东临沂"}, format="json")
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert (member.native_place, member.address) == ("山东临沂", "兰山区新地址")
    entry = AuditEntry.objects.filter(object_id=str(member.pk)).order_by("-id").first()
    assert entry is not None
    assert set(entry.changes) == {"native_place", "updated_at"}


def test_a_case_patch_keeps_a_description_saved_in_between(
    world: World, make_user: MakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    commissioner = make_user("commissioner", enterprise=world.enterprise)
    case = CaseFactory(enterprise=world.enterprise, officer=commissioner.officer)
    read = CaseViewSet.get_object

    def read_then_someone_saves(view: Any) -> Any:
        row = read(view)
        Case.objects.filter(pk=row.pk).update(description="补充：快递单价已上涨两次。")
        return row

    monkeypatch.setattr(CaseViewSet, "get_object", read_then_someone_saves)
    url = f"/api/v1/cases/{case.pk}/"
    response = client_for(commissioner).patch(url, {"title": "快递单价偏高"}, format="json")
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert (case.title, case.description) == ("快递单价偏高", "补充：快递单价已上涨两次。")


def test_a_put_needs_the_version_it_replaces(world: World, secretaries: tuple[Any, Any]) -> None:
    member = MemberFactory(branch=world.branch)
    url = f"/api/v1/members/{member.pk}/"
    client = client_for(secretaries[0])
    response = client.put(url, member_body(member, native_place="山东临沂"), format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    member.refresh_from_db()
    assert member.native_place == ""


def test_a_put_at_the_current_version_saves_and_answers_the_new_one(
    world: World, secretaries: tuple[Any, Any]
) -> None:
    member = MemberFactory(branch=world.branch)
    url = f"/api/v1/members/{member.pk}/"
    client = client_for(secretaries[0])
    etag = client.get(url)["ETag"]
    body = member_body(member, native_place="山东临沂")
    response = client.put(url, body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert client.get(url)["ETag"] == response["ETag"]
    member.refresh_from_db()
    assert member.native_place == "山东临沂"


def test_a_stale_put_is_refused_naming_who_changed_what_and_writes_nothing(
    world: World, secretaries: tuple[Any, Any]
) -> None:
    first, second = secretaries
    member = MemberFactory(branch=world.branch, address="旧地址")
    url = f"/api/v1/members/{member.pk}/"
    etag = client_for(first).get(url)["ETag"]
    changed = client_for(second).patch(url, {"address": "兰山区新地址"}, format="json")
    assert changed.status_code == 200
    entries = AuditEntry.objects.count()

    body = member_body(member, name="张三丰")  # the row as the first secretary read it
    response = client_for(first).put(url, body, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert STALE.match(response.json()["detail"]), response.json()
    assert response.json()["changes"] == ["家庭住址：旧地址 → 兰山区新地址"]
    member.refresh_from_db()
    assert member.address == "兰山区新地址"
    assert member.name != "张三丰"
    assert AuditEntry.objects.count() == entries


def test_a_patch_with_a_stale_if_match_is_refused(
    world: World, secretaries: tuple[Any, Any]
) -> None:
    first, second = secretaries
    member = MemberFactory(branch=world.branch)
    url = f"/api/v1/members/{member.pk}/"
    etag = client_for(first).get(url)["ETag"]
    client_for(second).patch(url, {"party_posts": "组织委员"}, format="json")
    response = client_for(first).patch(
        url, {"party_posts": "宣传委员"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    assert response.json()["changes"] == ["党内职务：— → 组织委员"]
    member.refresh_from_db()
    assert member.party_posts == "组织委员"
