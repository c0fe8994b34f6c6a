"""In Chromium, as the demo's people: each role's home page shows its to-dos and draws its
charts without a console error; a commissioner takes a case through the workflow from the
to-do list; the language switch turns the admin English and back; an out-of-scope row is the
friendly 404 even with DEBUG on. Each home page is saved to ``var/screenshots/``."""

from typing import Any

import pytest

# One process runs every browser test, so that the demo server is started once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

# user, whether the demo leaves them something to do, the charts their role shows
ROLES = [
    ("staff", True, 5),
    ("secretary01", True, 3),
    ("commissioner01", True, 1),  # no integrity shop among their enterprises: no empty chart
    ("redleader", True, 2),
]


@pytest.mark.parametrize(("username", "has_todos", "charts"), ROLES)
def test_home_page_shows_todos_and_charts(
    sign_in: Any, username: str, has_todos: bool, charts: int
) -> None:
    session = sign_in(username)
    page = session.page
    page.wait_for_selector("[data-figure] canvas")
    page.wait_for_load_state("networkidle")
    session.screenshot(f"home-{username}")
    assert page.locator("#todos h2").inner_text() == "待办事项"
    assert (page.locator(".todo").count() > 0) is has_todos
    assert page.locator("[data-figure] canvas").count() == charts
    assert page.locator("#system").count() == 0  # technical apps are not shown to business roles
    assert "AXES" not in page.inner_text("body").upper()
    assert session.errors == []


def test_commissioner_takes_a_case_through_the_workflow(sign_in: Any) -> None:
    session = sign_in("commissioner01")
    page = session.page
    page.click("text=待您办理的诉求")
    page.wait_for_url("**/liaison/case/?awaiting=me")
    page.locator("#result_list tbody th a").first.click()
    title = page.locator("h2").first.inner_text()
    steps = [button.inner_text() for button in page.locator(".readonly a.button").all()]
    assert steps, f"no next step offered on {title}"
    page.locator(".readonly a.button").first.click()
    page.wait_for_selector("form input[type=submit]")
    if page.locator("#id_note").count():
        page.fill("#id_note", "浏览器测试：已与企业沟通。")
    page.click("form input[type=submit]")
    page.wait_for_selector(".messagelist")
    session.screenshot("case-after-step")
    assert "errornote" not in page.content()
    timeline = page.locator(".inline-group").inner_text()
    assert steps[0] in timeline
    assert session.errors == []


def test_language_switch(sign_in: Any) -> None:
    session = sign_in("secretary01")
    page = session.page
    page.select_option("#language-switch select", "en")
    page.wait_for_selector("text=Party-building workbench")
    assert page.locator("#todos h2").inner_text() == "To do"
    page.select_option("#language-switch select", "zh-hans")
    page.wait_for_selector("text=党建工作台")
    assert session.errors == []


def test_out_of_scope_row_is_the_friendly_404(sign_in: Any) -> None:
    session = sign_in("secretary01")
    response = session.goto("/admin/liaison/case/1/change/")
    assert response.status == 404 or response.status == 403
    response = session.goto("/admin/members/member/999999/change/")
    assert response.status == 404
    assert "页面不存在" in session.page.inner_text("body")
    assert "URLconf" not in session.page.content()


def test_case_figures_page_draws_its_charts(sign_in: Any) -> None:
    session = sign_in("redleader")
    session.goto("/admin/liaison/case/figures/")
    session.page.wait_for_selector("[data-figure] canvas")
    session.page.wait_for_load_state("networkidle")
    session.screenshot("case-figures-redleader")
    assert session.page.locator("[data-figure] canvas").count() == 3
    assert "办结率" in session.page.inner_text("body")
    assert session.errors == []


def test_secretary_follows_a_todo_to_her_applications(sign_in: Any) -> None:
    session = sign_in("secretary01")
    page = session.page
    page.click("text=已超期的发展党员步骤")
    page.wait_for_url("**/members/application/?deadline=overdue")
    rows = page.locator("#result_list tbody tr").count()
    assert rows == session.todo_count("已超期的发展党员步骤")
    session.screenshot("applications-secretary01")
    assert session.errors == []
