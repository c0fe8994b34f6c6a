"""The home page as each demo role sees it: the to-dos and figures of their own scope, counted
in a fixed number of queries, and the technical apps only for the administrator roles."""

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from liaison import selectors
from liaison.models import Case
from members import branch_life
from members.models import Member
from orgs.models import OrganizationScope

# Each test builds the demo (seed_demo) once and looks at it as several of its people.
pytestmark = pytest.mark.usefixtures("demo")

# Queries of the home page per role: the request's own (session, user, password age, the user's
# and the groups' permissions, saving the session with its transaction statements), the
# scope (roles, organization scopes, for officers their assignments), one aggregate query per
# to-do source and one grouped query per figure the role may see, and the recent-actions sidebar.
# A scoped role adds the two queries that resolve its scope into ids once per request.
# Branch life adds, for a role that sees it, ten: dues arrears three (members, standards,
# payments), meeting gaps two (branches, party groups), terms one, the six-month rule four
# (members, attendance, standards, payments); secadmin sees only the terms (plus its scope).
# The merchants add one per source the role sees: committee staff plaques (applications and
# yearly reviews) and complaints to verify; everyone who reads pledges the re-signings due
# (sysadmin adds its scope's two for it).
QUERIES = {
    "staff": 35,
    "secretary01": 32,
    "commissioner01": 19,
    "redleader": 20,
    "auditor": 31,
    "sysadmin": 12,
    "secadmin": 12,
}


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model()._default_manager.get(username=username))
    return client


def todos(page: str) -> dict[str, int]:
    found = re.findall(
        r'<span class="todo-count">(\d+)</span><span class="todo-label">(.*?)</span>', page
    )
    return {label: int(count) for count, label in found}


def test_home_page_query_count_is_fixed_per_role_and_data_size(
    django_assert_num_queries: Any,
) -> None:
    from tests.factories import CaseFactory, MemberFactory

    for username, queries in QUERIES.items():
        client = client_for(username)
        with django_assert_num_queries(queries):
            assert client.get(reverse("admin:index")).status_code == 200
    branch = OrganizationScope.objects.get(user__username="secretary01").organization
    MemberFactory.create_batch(30, branch=branch)
    CaseFactory.create_batch(10)
    for username in ("staff", "secretary01"):
        client = client_for(username)
        with django_assert_num_queries(QUERIES[username]):
            client.get(reverse("admin:index"))


def test_each_role_sees_its_own_scope() -> None:
    # A secretary counts only her branch, with one branch no chart by branch, and no liaison.
    user = get_user_model()._default_manager.get(username="secretary01")
    branch = OrganizationScope.objects.get(user=user).organization
    page = client_for("secretary01").get(reverse("admin:index")).content.decode()
    in_branch = Member.objects.filter(branch=branch, status__in=["active", "mobile"]).count()
    assert f"共 {in_branch} 人" in page
    assert f"共 {Member.objects.filter(status__in=['active', 'mobile']).count()} 人" not in page
    assert "各支部党员人数" not in page
    assert not [label for label in todos(page) if "诉求" in label]

    # Her branch-life to-dos count what the branch-life reads count for her.
    found = todos(page)
    behind = found.get("连续 6 个月以上未交党费的党员", 0) + found.get(
        "3 至 5 个月未交党费的党员", 0
    )
    assert behind == branch_life.arrears_count(user)
    assert found["触及“六个月”规定的党员"] == branch_life.six_month_count(user)
    assert found["上一周期未按要求召开的组织生活"] == branch_life.meeting_gap_count(user) > 0

    # A commissioner's to-do count is exactly the list it links to.
    client = client_for("commissioner01")
    page = client.get(reverse("admin:index")).content.decode()
    user = get_user_model()._default_manager.get(username="commissioner01")
    mine = selectors.cases_awaiting(Case.objects.all(), user)
    assert todos(page)["待您办理的诉求"] == mine.count() > 0
    listed = client.get(reverse("admin:liaison_case_changelist"), {"awaiting": "me"})
    for case in mine:
        assert case.title in listed.content.decode()

    # The technical apps are grouped under 系统 for the administrator roles only.
    for username in ("staff", "secretary01", "commissioner01", "redleader"):
        page = client_for(username).get(reverse("admin:index")).content.decode()
        assert "app-system" not in page and "登录尝试" not in page, username
    page = client_for("secadmin").get(reverse("admin:index")).content.decode()
    assert "app-system" in page and "登录尝试" in page
    page = client_for("auditor").get(reverse("admin:index")).content.decode()
    assert "审计日志" in page.split("app-system", 1)[1]  # the audit log sits under 系统
