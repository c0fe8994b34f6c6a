"""An admin object page never tells a user who may not see a row whether that row exists.

Django's stock admins answer 403 for an existing id and redirect for a missing one, so that
probing ``…/<id>/history/`` enumerates accounts, tokens and login attempts. Every admin of the
site, the stock ones included, answers 404 for both."""

from collections.abc import Callable
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from orgs.admin_base import NotFoundBeforeForbiddenMixin
from orgs.models import AuditEntry
from tests.conftest import World

pytestmark = pytest.mark.django_db

ACCESS = {"user_agent": "curl", "ip_address": "10.0.0.9", "http_accept": "*/*", "path_info": "/"}


def a_user(world: World) -> Any:
    return world.users["auditor"]


def a_group(world: World) -> Any:
    return Group.objects.get(name="审计管理员")


def an_access_attempt(world: World) -> Any:
    return AccessAttempt.objects.create(
        username="auditor", get_data="", post_data="", failures_since_start=1, **ACCESS
    )


def an_access_log(world: World) -> Any:
    return AccessLog.objects.create(username="auditor", **ACCESS)


def an_access_failure_log(world: World) -> Any:
    return AccessFailureLog.objects.create(username="auditor", **ACCESS)


def a_token(world: World) -> Any:
    return AuthToken.objects.create(user=a_user(world))[0]


def an_otp_device(world: World) -> Any:
    return TOTPDevice.objects.create(user=a_user(world), name="手机")


def an_audit_entry(world: World) -> Any:
    world.client("auditor")  # the login is audited
    return AuditEntry.objects.latest("pk")


STOCK: list[Callable[[World], Any]] = [
    a_user,
    a_group,
    an_access_attempt,
    an_access_log,
    an_access_failure_log,
    a_token,
    an_otp_device,
    an_audit_entry,
]
SCOPED: dict[str, Callable[[World], Any]] = {
    "member": lambda world: world.member_a,
    "case": lambda world: world.case_1,
    "organization": lambda world: world.branch_a,
}


def missing_id(obj: Any) -> str:
    if isinstance(obj.pk, int):
        return str(type(obj)._default_manager.order_by("-pk")[0].pk + 1000)
    return "f" * len(str(obj.pk))


def answers(client: Any, obj: Any, object_id: str) -> list[tuple[str, int]]:
    opts = obj._meta
    seen = []
    for view in ("change", "history", "delete"):
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[object_id])
        seen.append((f"GET {view}", client.get(url).status_code))
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[object_id])
    seen.append(("POST delete", client.post(delete, {"post": "yes"}).status_code))
    return seen


@pytest.mark.parametrize("role", ["secretary_a", "commissioner_1"])
@pytest.mark.parametrize("make", STOCK, ids=lambda make: make.__name__)
def test_stock_admin_answers_404_for_existing_and_missing_rows(
    world: World, role: str, make: Callable[[World], Any]
) -> None:
    obj = make(world)
    client = world.client(role)
    existing = answers(client, obj, str(obj.pk))
    missing = answers(client, obj, missing_id(obj))
    assert existing == missing
    assert {status for _view, status in existing} == {404}
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("role", "row"),
    [("commissioner_1", "member"), ("secretary_a", "case"), ("commissioner_1", "organization")],
)
def test_scoped_admin_answers_404_to_a_role_without_the_model(
    world: World, role: str, row: str
) -> None:
    obj = SCOPED[row](world)
    client = world.client(role)
    assert answers(client, obj, str(obj.pk)) == answers(client, obj, missing_id(obj))
    assert {status for _view, status in answers(client, obj, str(obj.pk))} == {404}


def test_the_user_password_page_answers_404_too(world: World) -> None:
    client = world.client("secretary_a")
    user = a_user(world)
    for object_id in (user.pk, user.pk + 1000):
        url = reverse("admin:auth_user_password_change", args=[object_id])
        assert client.get(url).status_code == 404


def test_a_user_who_may_view_still_sees_the_row_and_404_for_a_missing_one(world: World) -> None:
    client = world.client("security_admin")
    attempt = an_access_attempt(world)
    url = reverse("admin:axes_accessattempt_change", args=[attempt.pk])
    assert client.get(url).status_code == 200
    url = reverse("admin:axes_accessattempt_change", args=[attempt.pk + 1000])
    assert client.get(url).status_code == 404


def test_every_admin_of_the_site_hides_rows_the_same_way() -> None:
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, NotFoundBeforeForbiddenMixin)
    ]
    assert plain == []
