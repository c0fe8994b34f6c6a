"""Scope is airtight: an outsider neither lists, opens, edits, deletes, picks nor sees the
history of another branch's or another commissioner's rows — they answer 404."""

import pytest
from django.urls import reverse

from members.models import Member
from tests.conftest import World

pytestmark = pytest.mark.django_db


def admin_urls(obj: object) -> list[str]:
    meta = obj._meta  # type: ignore[attr-defined]
    prefix = f"admin:{meta.app_label}_{meta.model_name}"
    pk = obj.pk  # type: ignore[attr-defined]
    return [
        reverse(f"{prefix}_change", args=[pk]),
        reverse(f"{prefix}_delete", args=[pk]),
        reverse(f"{prefix}_history", args=[pk]),
    ]


def test_secretary_sees_only_own_branch(world: World) -> None:
    client = world.client("secretary_a")
    page = client.get(reverse("admin:members_member_changelist")).content.decode()
    assert world.member_a.name in page and world.member_b.name not in page
    for url in admin_urls(world.member_b):
        assert client.get(url).status_code == 404, url
    assert client.get(admin_urls(world.member_a)[0]).status_code == 200


def test_secretary_cannot_delete_or_edit_other_branch(world: World) -> None:
    client = world.client("secretary_a")
    client.post(admin_urls(world.member_b)[1], {"post": "yes"})
    assert Member.objects.filter(pk=world.member_b.pk).exists()


def test_secretary_cannot_move_a_member_into_another_branch(world: World) -> None:
    client = world.client("secretary_a")
    form = client.get(admin_urls(world.member_a)[0]).context["adminform"].form
    assert list(form.fields["branch"].queryset) == [world.branch_a]


def test_autocomplete_offers_only_own_subtree(world: World) -> None:
    client = world.client("secretary_a")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "members", "model_name": "member", "field_name": "branch", "term": ""},
    )
    ids = {row["id"] for row in response.json()["results"]}
    assert ids == {str(world.branch_a.pk)}


def test_branch_list_filter_enumerates_only_own_subtree(world: World) -> None:
    client = world.client("secretary_a")
    page = client.get(reverse("admin:members_member_changelist")).content.decode()
    assert world.branch_b.name not in page


def test_commissioner_sees_only_own_cases(world: World) -> None:
    client = world.client("commissioner_1")
    page = client.get(reverse("admin:liaison_case_changelist")).content.decode()
    assert world.case_1.title in page and world.case_2.title not in page
    assert client.get(admin_urls(world.case_2)[0]).status_code == 404
    assert client.get(admin_urls(world.case_2)[2]).status_code == 404
    assert client.get(admin_urls(world.case_1)[0]).status_code == 200


def test_commissioner_cannot_file_a_case_for_another_enterprise(world: World) -> None:
    client = world.client("commissioner_1")
    form = client.get(reverse("admin:liaison_case_add")).context["adminform"].form
    assert world.enterprise_2 not in form.fields["enterprise"].queryset
    assert world.enterprise_1 in form.fields["enterprise"].queryset


def test_red_leader_sees_cases_of_their_park(world: World) -> None:
    client = world.client("red_leader")
    page = client.get(reverse("admin:liaison_case_changelist")).content.decode()
    assert world.case_1.title in page and world.case_2.title not in page


def test_committee_staff_see_everything(world: World) -> None:
    client = world.client("staff")
    page = client.get(reverse("admin:members_member_changelist")).content.decode()
    assert world.member_a.name in page and world.member_b.name in page


def test_auditor_reads_everything_and_changes_nothing(world: World) -> None:
    client = world.client("auditor")
    assert client.get(admin_urls(world.member_b)[0]).status_code == 200
    assert client.get(reverse("admin:orgs_auditentry_changelist")).status_code == 200
    response = client.post(admin_urls(world.member_b)[0], {"name": "改名"})
    assert response.status_code == 403
    assert client.post(admin_urls(world.member_b)[1], {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:members_member_add")).status_code == 403
    world.member_b.refresh_from_db()
    assert world.member_b.name == "乙支部党员"
