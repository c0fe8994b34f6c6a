"""Lists a person can read: deadlines as badges with words instead of boolean icons on
applications, cases and decisions; long titles on one line with the full text on hover; no
year drill-down above the roster and the case list."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.conftest import World
from tests.factories import CaseFactory, DecisionFactory, make_id_number
from tests.members.development_support import BIRTH, D, submit, today

__all__ = ["today"]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def chinese() -> None:
    translation.activate("zh-hans")


def listed(client: Client, name: str) -> str:
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_applications_show_the_deadline_in_words(world: World, today: Any) -> None:
    staff = world.users["staff"]
    submit(world.branch_a, staff, on=D(2026, 11, 1), name="按期申请人")  # talk due 12-01
    html = listed(world.client("staff"), "members_application")
    assert "icon-yes.svg" not in html and "icon-no.svg" not in html
    assert "2026-12-01" in html and 'class="deadline-badge deadline-due">即将到期' in html
    late = make_id_number(BIRTH, 77)
    submit(world.branch_a, staff, on=D(2026, 9, 1), name="超期申请人", id_number=late)
    assert "deadline-overdue" in listed(world.client("staff"), "members_application")


def test_cases_and_decisions_show_badges_and_whole_titles_on_hover(admin_client: Client) -> None:
    title = "园区快递单价高于周边县区，请求协调物流企业统一收费标准"
    CaseFactory(title=title, overdue=True)
    CaseFactory(title="正常诉求", due_at=timezone.now() + datetime.timedelta(days=5))
    html = listed(admin_client, "liaison_case")
    assert "icon-yes.svg" not in html and "icon-no.svg" not in html
    assert ">超期</span>" in html and ">正常</span>" in html
    assert f'title="{title}"' in html and 'class="cell-truncate"' in html
    assert "xfull" not in html  # no year drill-down
    DecisionFactory(deadline=timezone.localdate() + datetime.timedelta(days=3))
    DecisionFactory(overdue=True)
    html = listed(admin_client, "liaison_decision")
    assert ">即将到期</span>" in html and ">超期</span>" in html
    assert "icon-yes.svg" not in html and "icon-no.svg" not in html


def test_django_phrasing_reads_as_natural_chinese(admin_client: Client) -> None:
    html = listed(admin_client, "members_member")
    assert "选择 党员 来修改" not in html and "选择要修改的党员" in html
    assert translation.gettext("You may edit it again below.") == "可以在下面继续编辑。"
    from liaison.rules import TRANSITIONS

    assert str(TRANSITIONS["grade"].label) == "定级"
