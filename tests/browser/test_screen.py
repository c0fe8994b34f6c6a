"""In Chromium: committee staff open the exhibition-hall screen at 1920×1080; every chart draws
its canvas, the tiles and the snapshot time are filled, no console error; and the page is saved
at 1920×1080, 1366×768 and 3840×2160 (``var/screenshots/screen-*.png``)."""

import re
from typing import Any

import pytest

# One process runs every browser test, so that the demo server is started once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]

CHARTS = ("members_by_branch", "development", "cases_by_status", "cases_trend")


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768), (3840, 2160)])
def test_screen_draws_every_chart(sign_in: Any, width: int, height: int) -> None:
    session = sign_in("staff")
    page = session.page
    page.set_viewport_size({"width": width, "height": height})
    session.goto("/screen/")
    for key in CHARTS:
        page.wait_for_selector(f'[data-chart="{key}"] canvas')
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1200)  # ECharts' entry animation, for the screenshot only
    session.screenshot(f"screen-{width}")
    assert page.locator("#snapshot-at").inner_text() != "—"
    assert page.locator('[data-total="members_full"] .value').inner_text() == "111"
    assert page.locator('[data-total="plaques"] .value').inner_text().isdigit()
    assert page.locator("#ticker li").count() >= 6
    # Every small panel is summarised: dues, sales, this quarter's meetings, this year's training.
    assert page.locator(".pending .no-data").count() == 0
    meetings = page.locator('[data-panel="meetings_this_quarter"] .summary span')
    assert re.fullmatch(r"\d{4}Q[1-4]", meetings.first.inner_text())
    assert meetings.count() == 4
    assert page.locator('[data-panel="training_attendance"] .summary span').count() == 4
    # Nothing runs off the screen: the page is exactly one viewport tall.
    assert page.evaluate("document.documentElement.scrollHeight") <= height
    assert session.errors == []
