"""The record-step page as a secretary uses it: it shows only the inputs of the step, defaults
to the application's next step (never the periodic step that may repeat), preselects the
step's document kind, searches contacts and introducers, and tells the rules and the earliest
date before anything is saved."""

from typing import Any

import pytest
from django.urls import reverse

from members.development import application_record_step
from tests.conftest import World
from tests.members.development_support import D, submit, today, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db


def page(world: World, application: Any, query: str = "") -> str:
    url = reverse("admin:members_application_record_step", args=[application.pk])
    response = world.client("staff").get(url + query)
    assert response.status_code == 200
    return str(response.content.decode())


def test_talk_step_asks_only_for_date_note_and_talk_record(world: World, today: Any) -> None:
    application = submit(world.branch_a, world.users["staff"], on=D(2026, 11, 1))
    html = page(world, application)
    assert 'name="step" value="2"' in html and 'type="hidden"' in html
    for absent in ("vote_for", "conversion_outcome", "introducers", "training_days"):
        assert f'name="{absent}"' not in html
    assert '<option value="talk_record" selected>' in html
    assert "vDateField" in html  # the admin's date picker
    assert "2026-12-01" in html  # the talk is due within a month of the application
    assert "最早可办理日期" in html


def test_introducer_step_searches_members_and_vote_step_asks_the_votes(
    world: World, today: Any
) -> None:
    staff = world.users["staff"]
    application = submit(world.branch_a, staff)
    walk(application, staff, 8)
    html = page(world, application)
    assert 'name="introducers"' in html and "admin-autocomplete" in html
    assert 'name="vote_for"' not in html and 'name="contacts"' not in html
    walk(application, staff, 14)
    html = page(world, application)
    assert 'name="vote_for"' in html and 'name="introducers"' not in html


def test_default_is_the_next_step_not_the_repeatable_one(world: World, today: Any) -> None:
    staff = world.users["staff"]
    application = submit(world.branch_a, staff)
    walk(application, staff, 21)
    application.refresh_from_db()
    assert application.next_step == 22
    html = page(world, application)
    assert 'name="step" value="22"' in html
    assert "?step=21" in html  # the repeatable step stays one click away
    assert 'name="step" value="21"' in page(world, application, "?step=21")
    assert 'name="step" value="22"' in page(world, application, "?step=5")  # not allowed now


def test_a_future_date_is_refused_without_an_earliest_date(world: World, today: Any) -> None:
    application = submit(world.branch_a, world.users["staff"], on=D(2026, 11, 1))
    url = reverse("admin:members_application_record_step", args=[application.pk])
    response = world.client("staff").post(url, {"step": 2, "on": "2027-01-10"})
    html = response.content.decode()
    assert "步骤日期不能晚于今天。" in html
    assert "起可办理该步骤" not in html
    assert application.steps.count() == 1
    application_record_step(application=application, step=2, on=today, actor=world.users["staff"])
