"""The admin holds its forms to the same input limits as the API: dates between 1900 and 2100
and free text of at most ``DANGJIAN_TEXT_MAX_LENGTH`` characters, refused with the field's
message and nothing saved."""

from typing import Any

import pytest
from django.urls import reverse

from liaison.models import Visit
from tests.conftest import World

pytestmark = pytest.mark.django_db


def visit_form(world: World, **overrides: str) -> dict[str, Any]:
    officer = world.users["commissioner_1"].officer
    return {
        "officer": officer.pk,
        "enterprise": world.enterprise_1.pk,
        "visited_on": "2026-11-03",
        "people_met": "总经理",
        "topics": "物流",
        "issues_raised": "快递单价偏高",
        **overrides,
    }


def test_commissioner_records_a_visit_in_the_admin(world: World) -> None:
    response = world.client("commissioner_1").post(
        reverse("admin:liaison_visit_add"), visit_form(world)
    )
    assert response.status_code == 302
    assert Visit.objects.filter(topics="物流").exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_a_date_outside_the_supported_range_is_a_form_error(world: World, day: str) -> None:
    response = world.client("commissioner_1").post(
        reverse("admin:liaison_visit_add"), visit_form(world, visited_on=day)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["visited_on"] == ["请输入 1900-01-01 至 2100-12-31 之间的日期。"]
    assert not Visit.objects.exists()


def test_free_text_is_bounded_and_the_textarea_says_so(world: World, settings: Any) -> None:
    settings.DANGJIAN_TEXT_MAX_LENGTH = 50
    client = world.client("commissioner_1")
    page = client.get(reverse("admin:liaison_visit_add")).content.decode()
    assert 'maxlength="50"' in page
    response = client.post(reverse("admin:liaison_visit_add"), visit_form(world, topics="长" * 51))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "50" in errors["topics"][0]
    assert not Visit.objects.exists()


def test_the_date_range_follows_the_settings(world: World, settings: Any) -> None:
    settings.DANGJIAN_DATE_MAX_YEAR = 2030
    response = world.client("commissioner_1").post(
        reverse("admin:liaison_visit_add"), visit_form(world, visited_on="2031-01-01")
    )
    errors = response.context["adminform"].form.errors
    assert errors["visited_on"] == ["请输入 1900-01-01 至 2030-12-31 之间的日期。"]
