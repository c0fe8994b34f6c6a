"""Development through the admin and the API, as secretaries use it: scope (another branch's
applications are a 404 and never listed), the record-step form and endpoint calling the same
rules, the add form, the pipeline page, the daily digest and the changelist's query count."""

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from members.development_digest import development_digest_send
from members.models import Application, DevelopmentDigest, StepRecord
from tests.conftest import World
from tests.factories import make_id_number
from tests.members.development_support import BIRTH, TODAY, D, pdf, submit, today

__all__ = ["today"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def apps(world: World, today: Any) -> tuple[Application, Application]:
    staff = world.users["staff"]
    a = submit(world.branch_a, staff, on=D(2026, 11, 1), name="甲申请人")
    b = submit(
        world.branch_b,
        staff,
        on=D(2026, 11, 1),
        name="乙申请人",
        id_number=make_id_number(BIRTH, 33),
    )
    return a, b


def api(world: World, role: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[role])
    return client


def test_secretary_sees_only_their_branch_in_the_admin(world: World, apps: Any) -> None:
    a, b = apps
    client = world.client("secretary_a")
    page = client.get(reverse("admin:members_application_changelist")).content.decode()
    assert "甲申请人" in page and "乙申请人" not in page
    assert client.get(reverse("admin:members_application_change", args=[a.pk])).status_code == 200
    for name in ("change", "record_step", "history"):
        url = reverse(f"admin:members_application_{name}", args=[b.pk])
        assert client.get(url).status_code == 404
    pipeline = client.get(reverse("admin:members_application_pipeline")).content.decode()
    assert world.branch_a.name in pipeline and world.branch_b.name not in pipeline


def test_secretary_sees_only_their_branch_in_the_api(world: World, apps: Any) -> None:
    a, b = apps
    client = api(world, "secretary_a")
    listed = client.get("/api/v1/applications/").json()["results"]
    assert [row["id"] for row in listed] == [a.pk]
    assert listed[0]["next_step"] == 2 and listed[0]["stage"]["code"] == 1
    assert client.get(f"/api/v1/applications/{b.pk}/").status_code == 404
    response = client.post(f"/api/v1/applications/{b.pk}/steps/", {"step": 2, "on": "2026-11-05"})
    assert response.status_code == 404
    assert StepRecord.objects.filter(application=b).count() == 1


def test_api_records_a_step_or_answers_400_with_the_rule(world: World, apps: Any) -> None:
    a, _b = apps
    client = api(world, "secretary_a")
    url = f"/api/v1/applications/{a.pk}/steps/"
    response = client.post(url, {"step": 3, "on": "2026-11-05"}, format="json")
    assert response.status_code == 400
    assert "步骤顺序" in str(response.json())
    assert StepRecord.objects.filter(application=a).count() == 1
    response = client.post(url, {"step": 2, "on": "2026-11-05", "note": "谈话"}, format="json")
    assert response.status_code == 201 and response.json()["step"] == 2
    assert client.get(f"/api/v1/applications/{a.pk}/").json()["next_step"] == 3


def test_admin_record_step_form_calls_the_rules(world: World, apps: Any) -> None:
    a, _b = apps
    client = world.client("secretary_a")
    url = reverse("admin:members_application_record_step", args=[a.pk])
    response = client.post(url, {"step": 2, "on": "2026-10-01"})
    assert response.status_code == 200
    assert "2026-11-01" in response.content.decode()  # the rule's earliest date
    assert a.steps.count() == 1
    response = client.post(url, {"step": 2, "on": "2026-11-05", "note": "谈话记录"})
    assert response.status_code == 302
    assert a.steps.filter(step=2, note="谈话记录").exists()
    change = client.get(reverse("admin:members_application_change", args=[a.pk])).content.decode()
    assert "谈话记录" in change and "推荐和确定入党积极分子" in change  # timeline and next step


def test_branch_cannot_record_a_committee_step(world: World, apps: Any) -> None:
    a, _b = apps
    staff = world.users["staff"]
    from members.development import application_record_step

    application_record_step(application=a, step=2, on=D(2026, 11, 2), actor=staff)
    application_record_step(application=a, step=3, on=D(2026, 11, 3), actor=staff)
    url = reverse("admin:members_application_record_step", args=[a.pk])
    response = world.client("secretary_a").post(url, {"step": 4, "on": "2026-11-04"})
    assert "上级党委步骤" in response.content.decode()
    assert world.client("staff").post(url, {"step": 4, "on": "2026-11-04"}).status_code == 302


def test_admin_add_form_opens_an_application_with_its_letter(world: World, today: Any) -> None:
    client = world.client("secretary_a")
    data = {
        "name": "新申请人",
        "gender": "M",
        "birth_date": "1995-06-01",
        "id_number": make_id_number(BIRTH, 35),
        "branch": world.branch_a.pk,
        "applied_on": "2026-11-02",
    }
    response = client.post(reverse("admin:members_application_add"), data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    young = {**data, "birth_date": "2010-01-01", "id_number": make_id_number(D(2010, 1, 1), 35)}
    response = client.post(reverse("admin:members_application_add"), {**young, "letter": pdf()})
    assert "年龄要求" in response.content.decode() and "2028-01-01" in response.content.decode()
    assert Application.objects.count() == 0
    response = client.post(reverse("admin:members_application_add"), {**data, "letter": pdf()})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.rule_set.code == "2026-05"
    assert application.steps.get().documents.get().kind == "application_letter"


def test_digest_is_sent_once_a_day_after_commit(
    world: World, apps: Any, django_capture_on_commit_callbacks: Any
) -> None:
    secretary = world.users["secretary_a"]
    secretary.email = "a@example.com"
    secretary.save()
    world.users["secretary_b"].email = "b@example.com"
    world.users["secretary_b"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert development_digest_send(today=TODAY) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert development_digest_send(today=TODAY) == 0
    assert len(mail.outbox) == 2
    mine = next(m for m in mail.outbox if m.to == ["a@example.com"])
    assert "甲申请人" in mine.body and "乙申请人" not in mine.body
    assert DevelopmentDigest.objects.count() == 2


def test_digest_task_runs_the_service(world: World, apps: Any) -> None:
    from members.tasks import development_digest

    assert development_digest() == 0  # nobody has an e-mail address


def _changelist_queries(world: World, client: Client, rows: int) -> int:
    for n in range(rows - Application.objects.filter(branch=world.branch_a).count()):
        submit(
            world.branch_a,
            world.users["staff"],
            on=D(2026, 11, 1),
            id_number=make_id_number(BIRTH, 101 + 2 * n + 2 * rows),
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:members_application_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_is_constant(world: World, apps: Any) -> None:
    client = world.client("secretary_a")
    client.get(reverse("admin:members_application_changelist"))  # warm the content types
    ten = _changelist_queries(world, client, 10)
    thirty = _changelist_queries(world, client, 30)
    # session, user, password age, user and group permissions, roles, organization scopes,
    # liaison assignments; the scope's organization ids, the bounded count, the rows; the
    # session's savepoint, update and release.
    assert ten == thirty == 14


def test_documents_are_served_only_inside_the_scope(world: World, apps: Any) -> None:
    from members.models import StepDocument

    a, b = apps
    own = StepDocument.objects.filter(record__application=a).first()
    other = StepDocument.objects.filter(record__application=b).first()
    assert own is not None and other is not None
    client = world.client("secretary_a")
    response = client.get(reverse("admin:members_application_document", args=[own.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    url = reverse("admin:members_application_document", args=[other.pk])
    assert client.get(url).status_code == 404
    change = client.get(reverse("admin:members_application_change", args=[a.pk])).content
    assert reverse("admin:members_application_document", args=[own.pk]).encode() in change
