"""The everyday names of the roster's choices (本科 for 大学本科, 汉 for 汉族, 男性 or M for 男):
one synonym table per choice list, used alike by the import, the API and the admin search."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from members import imports, vocab
from members.models import Member
from orgs.models import Organization
from tests.conftest import World
from tests.factories import MemberFactory, make_id_number
from tests.members.test_roster_import_export import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("education", "本科", "bachelor"),
        ("education", "大学本科", "bachelor"),
        ("education", "大专", "junior_college"),
        ("education", "专科", "junior_college"),
        ("education", "研究生", "masters"),
        ("education", "硕士", "masters"),
        ("education", "硕士研究生", "masters"),
        ("education", "博士", "doctorate"),
        ("education", "中专", "secondary_vocational"),
        ("education", "技校", "secondary_vocational"),
        ("education", "初中", "middle_school"),
        ("education", "小学", "middle_school"),
        ("education", "bachelor", "bachelor"),
        ("degree", "硕士", "master"),
        ("degree", "学士学位", "bachelor"),
        ("degree", "无", ""),
        ("ethnicity", "汉", "01"),
        ("ethnicity", "汉族", "01"),
        ("ethnicity", "01", "01"),
        ("ethnicity", "1", "01"),
        ("ethnicity", "维吾尔", "05"),
        ("ethnicity", "Han", "01"),
        ("gender", "男", "M"),
        ("gender", "男性", "M"),
        ("gender", "M", "M"),
        ("gender", "m", "M"),
        ("gender", "女", "F"),
        ("gender", "female", "F"),
        ("category", "正式", "full"),
        ("category", "预备", "probationary"),
        ("category", "预备党员", "probationary"),
        ("status", "正常", "active"),
        ("status", "流动", "mobile"),
        ("status", "转出", "transferred_out"),
        ("status", "死亡", "deceased"),
        ("source", "转入", "transferred_in"),
        ("source", "发展", "developed"),
        ("occupation", "网络主播", "streamer"),
        ("occupation", "快递员", "logistics"),
    ],
)
def test_everyday_names_resolve_to_their_choice(field: str, text: str, code: str) -> None:
    assert vocab.VOCABULARIES[field].code(text) == code


@pytest.mark.parametrize("text", [" 本科 ", "本 科", "本\u3000科", "ＢＡＣＨＥＬＯＲ", "Bachelor"])
def test_lookup_ignores_case_width_and_spaces(text: str) -> None:
    assert vocab.VOCABULARIES["education"].code(text) == "bachelor"


def test_unknown_names_resolve_to_nothing() -> None:
    assert vocab.VOCABULARIES["education"].code("幼儿园") is None
    assert vocab.VOCABULARIES["gender"].code("") is None


def test_no_everyday_name_means_two_choices_of_one_list() -> None:
    """Building each table refuses a name given to two choices; every label is reachable."""
    for field, table in vocab.VOCABULARIES.items():
        terms = table.terms
        for code, label in table.choices.choices:
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    assert terms[vocab.fold(str(label))] == code, (field, label)


def test_import_accepts_everyday_names_and_refuses_unknown_ones(branch: Organization) -> None:
    head = ["姓名", "性别", "民族", "出生日期", "公民身份号码", "学历", "人员类别", "入党日期",
            "转正日期", "党组织编码", "人员状态"]  # fmt: skip
    birth = datetime.date(1990, 5, 17)
    good = ["张红", "男性", "汉", birth.isoformat(), make_id_number(birth, 11), " 大专 ", "正式",
            "2015-07-01", "2016-07-01", branch.code, "正常"]  # fmt: skip
    bad = [*good[:4], make_id_number(birth, 13), "幼儿园", *good[6:]]
    bad[0] = "李明"
    with translation.override("zh-hans"):
        result = imports.roster_import(
            data=csv_bytes([good, bad], header=head), file_name="r.csv", actor=None, scope_user=None
        )
    assert not result.written
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(3, "学历")]
    assert "幼儿园" in result.plan.errors[0]["message"]
    with translation.override("zh-hans"):
        result = imports.roster_import(
            data=csv_bytes([good], header=head), file_name="r.csv", actor=None, scope_user=None
        )
    member = Member.objects.get()
    assert (member.gender, member.ethnicity, member.education) == ("M", "01", "junior_college")
    assert (member.category, member.status) == ("full", "active")


def api(world: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users["secretary_a"])
    return client


def test_api_accepts_everyday_choice_names(world: World) -> None:
    birth = datetime.date(1990, 5, 17)
    payload = {
        "name": "张三",
        "gender": "男",
        "ethnicity": "汉",
        "education": "本科",
        "birth_date": birth.isoformat(),
        "id_number": make_id_number(birth, seq=11),
        "branch": world.branch_a.pk,
        "category": "正式",
        "status": "正常",
        "admission_date": "2015-07-01",
        "full_membership_date": "2016-07-01",
    }
    response = api(world).post("/api/v1/members/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["education"]["code"] == "bachelor" and body["gender"]["code"] == "M"
    member = Member.objects.get(pk=body["id"])
    assert (member.ethnicity, member.category, member.status) == ("01", "full", "active")
    patched = api(world).patch(
        f"/api/v1/members/{member.pk}/", {"education": "研究生"}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    member.refresh_from_db()
    assert member.education == "masters"


def test_api_refuses_an_unknown_choice_name(world: World) -> None:
    member = world.member_a
    response = api(world).patch(
        f"/api/v1/members/{member.pk}/", {"education": "幼儿园"}, format="json"
    )
    assert response.status_code == 400 and "education" in response.json()
    member.refresh_from_db()
    assert member.education == ""


def test_admin_search_finds_members_by_everyday_choice_name(world: World) -> None:
    bachelor = MemberFactory(branch=world.branch_a, name="本科党员", education="bachelor")
    college = MemberFactory(branch=world.branch_a, name="专科党员", education="junior_college")
    outsider = MemberFactory(branch=world.branch_b, name="外支部本科", education="bachelor")
    client = world.client("secretary_a")

    def found(term: str) -> set[str]:
        response = client.get(reverse("admin:members_member_changelist"), {"q": term})
        assert response.status_code == 200
        return {m.name for m in response.context["cl"].result_list}

    assert found("大学本科") == {bachelor.name}
    assert found("本科") == {bachelor.name}  # the everyday name, and the name itself
    assert found("大专") == {college.name}
    assert found("ＤＡＺＨＵＡＮ") == set()
    assert found("大专 男") == {college.name}  # every term must match
    assert outsider.name not in found("本科")


def test_changelist_search_by_choice_name_costs_the_same_for_5_and_30_rows(world: World) -> None:
    client = world.client("staff")
    url = reverse("admin:members_member_changelist")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": "本科 党员"})
        assert response.status_code == 200
        return len(queries)

    for n in range(5):
        MemberFactory(branch=world.branch_a, name=f"党员{n}号", education="bachelor")
    small = count()
    for n in range(5, 30):
        MemberFactory(branch=world.branch_a, name=f"党员{n}号", education="bachelor")
    assert count() == small
