"""The rule set an application follows is shown wherever the application is (changelist column,
change page, API), and the May-2026 revision says plainly, in Chinese, which of its articles
still repeat the 2014 text because the revised wording has not been confirmed."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from members.models import RuleSet
from tests.conftest import World
from tests.members.development_support import D, submit, today

__all__ = ["today"]
pytestmark = pytest.mark.django_db


def test_revised_rule_set_lists_its_unconfirmed_articles_in_chinese() -> None:
    revised = RuleSet.objects.get(code="2026-05")
    assert revised.text_confirmed is False
    note = revised.version_note
    assert "copy" not in note and "尚未核实" in note
    for article in (
        "第五条",
        "第十三条",
        "第十七条",
        "第十九条",
        "第二十条",
        "第三十二条",
        "第三十三条",
    ):
        assert article in note
    assert "公示" in note and "5个工作日" in note
    assert RuleSet.objects.get(code="2014").text_confirmed is True
    assert "2014" in RuleSet.objects.get(code="2014").version_note


def test_changelist_and_change_page_show_the_rule_set(world: World, today: Any) -> None:
    application = submit(world.branch_a, world.users["staff"], on=D(2026, 6, 1), rule_set=None)
    client = world.client("secretary_a")
    changelist = client.get(reverse("admin:members_application_changelist")).content.decode()
    assert "column-rule_set_label" in changelist and "2026-05" in changelist
    assert "条文待核实" in changelist
    change = client.get(reverse("admin:members_application_change", args=[application.pk]))
    page = change.content.decode()
    assert "中国共产党发展党员工作细则（2026年5月修订）" in page and "尚未核实" in page


def test_api_gives_the_rule_set_of_each_application(world: World, today: Any) -> None:
    application = submit(world.branch_a, world.users["staff"], on=D(2026, 6, 1), rule_set=None)
    client = APIClient()
    client.force_authenticate(world.users["secretary_a"])
    row = client.get(f"/api/v1/applications/{application.pk}/").json()
    assert row["rule_set"] == "2026-05"
    assert row["rule_set_name"] == "中国共产党发展党员工作细则（2026年5月修订）"
    assert row["rule_set_confirmed"] is False
