"""Export → edit → import: every member carries a stable member number (党员编号), exports
write it, and a row with a masked ID number and a known member number updates that member and
leaves the stored ID number alone. A masked ID with an unknown member number, or an ID number
that is not the member's, is a row error; one bad row still writes nothing."""

import re
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from members import imports
from members.models import Member
from members.resources import HEADERS
from members.services import member_save
from orgs.models import AuditEntry
from tests.conftest import World
from tests.factories import EnterpriseFactory, MemberFactory, make_id_number
from tests.members.roster_support import edit_column, export

pytestmark = pytest.mark.django_db

NUMBER_RE = re.compile(r"^D[2-9A-HJ-NPQRTUWXY]{11}$")
FORMATS = ["xlsx", "csv"]


def run(data: bytes, user: Any) -> imports.Result:
    with translation.override("zh-hans"):
        return imports.roster_import(
            data=data, file_name="export.xlsx", actor=user, scope_user=user
        )


def roster(world: World, count: int = 30) -> list[Member]:
    """Members as a real branch has them: some linked to an enterprise, some with a free-text
    workplace, with posts, education and phones."""
    enterprise = EnterpriseFactory(name="天源物流")
    members = []
    for n in range(count):
        extra: dict[str, Any] = (
            {"workplace": enterprise} if n % 2 else {"workplace_name": "兰山区某服饰直播间"}
        )
        members.append(
            MemberFactory(
                branch=world.branch_a,
                mobile=f"1391234{n:04d}",
                party_posts="支部委员" if n % 5 == 0 else "",
                education=("bachelor", "junior_college", "masters")[n % 3],
                address=f"兰山区金雀山路{n}号",
                **extra,
            )
        )
    return members


def snapshot() -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in Member.objects.values()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_masked_export_edited_in_one_column_reimports_updating_only_that_column(
    world: World, fmt: str
) -> None:
    roster(world)
    staff = world.users["staff"]
    data = export(world.client("staff"), fmt)
    assert "********" in data.decode("utf-8-sig") if fmt == "csv" else True
    before = snapshot()
    edited = edit_column(data, fmt, "家庭住址", lambda i: f"兰山区沂蒙路{i}号")
    result = run(edited, staff)
    assert result.plan.errors == [], result.plan.errors[:3]
    assert result.written and result.plan.update_fields == {"address"}
    assert result.plan.updated == 32 and not result.plan.created  # with the world's two
    after = snapshot()
    assert set(after) == set(before)
    for pk, row in after.items():
        assert row["address"].startswith("兰山区沂蒙路")
        old = {k: v for k, v in before[pk].items() if k not in {"address", "updated_at"}}
        assert {k: v for k, v in row.items() if k not in {"address", "updated_at"}} == old
    updates = AuditEntry.objects.filter(action="update", bulk=True)
    assert updates.count() == 32
    assert {key for entry in updates for key in entry.changes} == {"address"}


def test_export_carries_the_member_number_column(world: World) -> None:
    members = roster(world, 3)
    content = export(world.client("staff"), "csv").decode("utf-8-sig")
    assert HEADERS[0] == "党员编号"
    for member in members:
        assert member.member_number in content


def test_every_member_gets_a_stable_unique_member_number(world: World) -> None:
    made = [MemberFactory(branch=world.branch_a) for _ in range(20)]
    numbers = [m.member_number for m in made]
    assert all(NUMBER_RE.match(n) for n in numbers), numbers
    assert len(set(numbers)) == 20
    assert sorted(numbers) != numbers  # not handed out in order
    member = made[0]
    member.party_posts = "组织委员"
    member_save(member=member, actor=None)
    member.refresh_from_db()
    assert member.member_number == numbers[0]
    data = edit_column(export(world.client("staff"), "xlsx"), "xlsx", "党内职务", lambda i: "委员")
    assert run(data, world.users["staff"]).written
    assert [m.member_number for m in Member.objects.filter(pk__in=[m.pk for m in made])] == [
        m.member_number for m in sorted(made, key=lambda m: m.pk)
    ]


def _rows(data: bytes) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(data.decode("gbk"))))


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("gbk")


def _edited(world: World, client_role: str = "staff") -> list[list[str]]:
    data = export(world.client(client_role), "csv")
    return _rows(edit_column(data, "csv", "家庭住址", lambda i: f"沂蒙路{i}号"))


def test_masked_id_with_an_unknown_member_number_is_a_row_error(world: World) -> None:
    roster(world, 3)
    before = snapshot()
    rows = _edited(world)
    number = rows[0].index("党员编号")
    rows[2][number] = "D23456789ABC"
    result = run(_csv(rows), world.users["staff"])
    assert not result.written and snapshot() == before
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(3, "党员编号")]
    assert "D23456789ABC" in result.plan.errors[0]["message"]


def test_masked_id_without_a_member_number_is_a_row_error(world: World) -> None:
    roster(world, 3)
    rows = _edited(world)
    rows[2][rows[0].index("党员编号")] = ""
    result = run(_csv(rows), world.users["staff"])
    assert not result.written
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(3, "公民身份号码")]
    assert "党员编号" in result.plan.errors[0]["message"]


def test_full_id_differing_from_the_member_numbers_member_is_a_row_error(
    world: World, admin_client: Any
) -> None:
    roster(world, 3)
    before = snapshot()
    rows = _rows(edit_column(export(admin_client, "csv"), "csv", "家庭住址", lambda i: "新址"))
    column = rows[0].index("公民身份号码")
    assert "*" not in rows[1][column]  # the superuser's export is in clear
    rows[2][column] = make_id_number(seq=999)
    result = run(_csv(rows), world.users["staff"])
    assert not result.written and snapshot() == before
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(3, "公民身份号码")]
    assert result.plan.errors[0]["message"] == "党员编号与公民身份号码不一致。"


def test_full_id_matching_the_member_number_updates_that_member(
    world: World, admin_client: Any
) -> None:
    roster(world, 3)
    data = edit_column(export(admin_client, "csv"), "csv", "家庭住址", lambda i: "新址")
    result = run(data, world.users["staff"])
    assert result.written and result.plan.updated == 5
    assert set(Member.objects.values_list("address", flat=True)) == {"新址"}


def test_masked_id_that_is_not_the_member_numbers_member_is_a_row_error(world: World) -> None:
    roster(world, 3)
    rows = _edited(world)
    column = rows[0].index("公民身份号码")
    first = 2
    second = next(i for i in range(3, len(rows)) if rows[i][column] != rows[first][column])
    rows[first][column], rows[second][column] = rows[second][column], rows[first][column]
    result = run(_csv(rows), world.users["staff"])
    assert not result.written
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [
        (first + 1, "公民身份号码"),
        (second + 1, "公民身份号码"),
    ]
    assert result.plan.errors[0]["message"] == "党员编号与公民身份号码不一致。"


def test_member_number_outside_the_importers_scope_is_refused_like_an_unknown_one(
    world: World,
) -> None:
    rows = _edited(world)  # the staff's export: both branches' members
    names = rows[0].index("姓名")
    other = next(r for r in rows[1:] if r[names] == world.member_b.name)
    before = snapshot()
    result = run(_csv([rows[0], other]), world.users["secretary_a"])
    assert not result.written and snapshot() == before
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(2, "党员编号")]
    other[rows[0].index("党员编号")] = "D23456789ABC"
    message = run(_csv([rows[0], other]), world.users["secretary_a"]).plan.errors[0]["message"]
    assert result.plan.errors[0]["message"] == message.replace(
        "D23456789ABC", world.member_b.member_number
    )


def test_the_same_member_twice_in_one_file_is_a_row_error(world: World) -> None:
    roster(world, 2)
    rows = _edited(world)
    result = run(_csv([*rows, rows[1]]), world.users["staff"])
    assert not result.written
    assert [(e["row"], e["column"]) for e in result.plan.errors] == [(len(rows) + 1, "党员编号")]
    assert "2" in result.plan.errors[0]["message"]


def test_one_bad_row_in_an_edited_export_writes_nothing(world: World) -> None:
    roster(world, 30)
    before = snapshot()
    rows = _edited(world)
    audited = AuditEntry.objects.count()  # the export's entry included
    rows[17][rows[0].index("入党日期")] = "去年七一"
    result = run(_csv(rows), world.users["staff"])
    assert not result.written and snapshot() == before
    assert [e["row"] for e in result.plan.errors] == [18]
    assert AuditEntry.objects.count() == audited


def test_lower_case_or_spaced_member_number_still_matches(world: World) -> None:
    roster(world, 2)
    rows = _edited(world)
    column = rows[0].index("党员编号")
    rows[1][column] = f" {rows[1][column].lower()} "
    result = run(_csv(rows), world.users["staff"])
    assert result.written and not result.plan.created


def test_admin_search_and_form_show_the_member_number(world: World) -> None:
    member = world.member_a
    client = world.client("secretary_a")
    page = client.get(reverse("admin:members_member_changelist"), {"q": member.member_number})
    assert [m.pk for m in page.context["cl"].result_list] == [member.pk]
    form = client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert member.member_number in form.content.decode()


def test_api_shows_the_member_number_and_ignores_writes_to_it(world: World) -> None:
    member = world.member_a
    client = APIClient()
    client.force_authenticate(world.users["secretary_a"])
    body = client.get(f"/api/v1/members/{member.pk}/").json()
    assert body["member_number"] == member.member_number
    client.patch(f"/api/v1/members/{member.pk}/", {"member_number": "D22222222222"}, format="json")
    member.refresh_from_db()
    assert member.member_number == body["member_number"]


@pytest.mark.django_db(transaction=True)
def test_existing_members_get_numbers_and_workplace_text_from_the_migrations() -> None:
    """Rows written before the member number and the workplace text existed are given both."""
    executor = MigrationExecutor(connection)
    before = [("members", "0006_rule_set_notes")]
    latest = executor.loader.graph.leaf_nodes("members")
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organization = old.get_model("orgs", "Organization").objects.create(
        name="旧支部", code="OLD-ZB", path="/", kind="branch"
    )
    enterprise = old.get_model("orgs", "Enterprise").objects.create(
        name="天源物流", uscc="91371302MA3C8QJN7B"
    )
    old_member = old.get_model("members", "Member")
    for n in range(3):
        old_member.objects.create(
            name=f"老党员{n}",
            gender="M",
            birth_date="1980-01-01",
            id_number_hash=f"hash{n}",
            branch=organization,
            workplace=enterprise if n else None,
            category="full",
            admission_date="2005-07-01",
            full_membership_date="2006-07-01",
        )
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    rows = list(Member.objects.order_by("name").values("member_number", "workplace_name"))
    assert all(NUMBER_RE.match(r["member_number"]) for r in rows)
    assert len({r["member_number"] for r in rows}) == 3
    assert [r["workplace_name"] for r in rows] == ["", "天源物流", "天源物流"]


def test_api_filters_members_by_member_number_as_written(world: World) -> None:
    member = world.member_a
    client = APIClient()
    client.force_authenticate(world.users["staff"])
    written = " ".join(member.member_number.lower())
    response = client.get("/api/v1/members/", {"member_number": written})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [member.pk]
    outsider = APIClient()
    outsider.force_authenticate(world.users["secretary_b"])
    response = outsider.get("/api/v1/members/", {"member_number": member.member_number})
    assert response.json()["results"] == []
