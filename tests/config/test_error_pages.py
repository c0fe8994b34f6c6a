"""Errors answer with friendly Chinese pages in the admin's look, with DEBUG on (the demo) and
off (production); the favicon is served."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(branch: Any) -> Client:
    from orgs.models import OrganizationScope
    from orgs.roles import role_group

    user = UserFactory(is_staff=True)
    user.groups.add(role_group("branch_secretary"))
    OrganizationScope.objects.create(user=user, organization=branch)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("debug", [True, False])
def test_out_of_scope_row_is_a_friendly_404(
    settings: Any, secretary: Client, committee: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    other = MemberFactory(branch=OrganizationFactory(parent=committee))
    page = secretary.get(reverse("admin:members_member_change", args=[other.pk]))
    body = page.content.decode()
    assert page.status_code == 404
    assert "页面不存在" in body and "返回首页" in body
    assert "URLconf" not in body and "urlpatterns" not in body  # not Django's debug page


@pytest.mark.parametrize("debug", [True, False])
def test_forbidden_page_is_friendly(settings: Any, secretary: Client, debug: bool) -> None:
    settings.DEBUG = debug
    page = secretary.get(reverse("admin:auth_user_changelist"))
    assert page.status_code == 403
    assert "没有权限" in page.content.decode()


def test_server_error_page_needs_no_database(rf: Any, django_assert_num_queries: Any) -> None:
    from config.errors import server_error

    with django_assert_num_queries(0):
        page = server_error(rf.get("/admin/"))
    assert page.status_code == 500
    assert "服务器错误" in page.content.decode()


def test_favicon_is_served(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("config/favicon.svg")
    assert 'rel="icon"' in client.get(reverse("admin:login")).content.decode()
