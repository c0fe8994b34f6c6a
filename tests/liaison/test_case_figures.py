"""Case figures on a fixed data set, against values computed by hand (see the selector's
docstring for the formulas)."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from liaison import selectors
from liaison.models import Case, Officer
from tests.factories import CaseFactory, EnterpriseFactory, OfficerFactory, ParkFactory
from tests.liaison.conftest import SHANGHAI

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=SHANGHAI)


def t(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def data_set(db: None) -> dict[str, Officer]:
    a, b = OfficerFactory(name="甲"), OfficerFactory(name="乙")
    e1 = EnterpriseFactory(park=ParkFactory(name="园区一"))
    e2 = EnterpriseFactory(park=ParkFactory(name="园区二"))
    S, C = Case.Status, Case.Category
    rows = [
        # c1: answered in time, closed after 120 h, satisfied
        (a, e1, C.LOGISTICS, t(5, 1), t(5, 8), t(5, 5), t(5, 6), S.CLOSED, "satisfied"),
        # c2: answered late, revisited, dissatisfied
        (a, e1, C.FINANCING, t(5, 10), t(5, 15), t(5, 20), None, S.REVISITED, "dissatisfied"),
        # c3: answered in time, closed after 48 h, basically satisfied
        (b, e2, C.LOGISTICS, t(6, 1), t(6, 2), t(6, 1, 21), t(6, 3), S.CLOSED, "basically"),
        # c4: past its deadline, unanswered: due and overdue
        (b, e2, C.TALENT, t(6, 10), t(6, 20), None, None, S.IN_PROGRESS, ""),
        # c5: deadline still ahead: neither due nor overdue
        (a, e2, C.LOGISTICS, t(6, 25), t(7, 5), None, None, S.ACCEPTED, ""),
        # c6: not graded yet
        (b, e1, C.LOGISTICS, t(6, 26), None, None, None, S.REGISTERED, ""),
        # c7: answered in time, closed after 48 h, satisfied
        (a, e1, C.POLICY, t(5, 2), t(5, 3), t(5, 3, 8), t(5, 4), S.CLOSED, "satisfied"),
    ]
    for officer, ent, cat, reg, due, answered, closed, status, satisfaction in rows:
        CaseFactory(
            officer=officer,
            enterprise=ent,
            category=cat,
            registered_at=reg,
            due_at=due,
            answered_at=answered,
            closed_at=closed,
            status=status,
            satisfaction=satisfaction,
        )
    return {"a": a, "b": b}


def _row(rows: list[selectors.FigureRow], key: str) -> selectors.FigureRow:
    return next(r for r in rows if r.key == key)


def test_overall_figures(data_set: dict[str, Officer]) -> None:
    total = selectors.case_figures(Case.objects.all(), now=NOW)["total"][0]
    assert total.total == 7
    assert (total.answered_in_time, total.due) == (3, 5)
    assert total.response_rate == pytest.approx(0.6)
    assert total.resolution_rate == pytest.approx(3 / 7)
    assert total.satisfaction_rate == pytest.approx(0.75)
    assert total.average_hours_to_close == pytest.approx(72.0)  # (120 + 48 + 48) / 3
    assert total.p90_hours_to_close == pytest.approx(120.0)  # ⌈0.9·3⌉ = 3rd of 48, 48, 120
    assert total.overdue == 1


def test_figures_by_commissioner(data_set: dict[str, Officer]) -> None:
    rows = selectors.case_figures(Case.objects.all(), now=NOW)["commissioner"]
    a, b = _row(rows, "甲"), _row(rows, "乙")
    assert (a.total, a.due, a.answered_in_time, a.closed, a.revisited, a.satisfied) == (
        4,
        3,
        2,
        2,
        3,
        2,
    )
    assert a.average_hours_to_close == pytest.approx(84.0)
    assert a.p90_hours_to_close == pytest.approx(120.0)
    assert a.overdue == 0
    assert (b.total, b.due, b.answered_in_time, b.closed, b.satisfaction_rate, b.overdue) == (
        3,
        2,
        1,
        1,
        1.0,
        1,
    )


def test_figures_by_park_category_and_month(data_set: dict[str, Officer]) -> None:
    figures = selectors.case_figures(Case.objects.all(), now=NOW)
    assert [(r.key, r.total, r.closed) for r in figures["park"]] == [
        ("园区一", 4, 2),
        ("园区二", 3, 1),
    ]
    logistics = _row(figures["category"], str(Case.Category.LOGISTICS.label))
    assert (logistics.total, logistics.closed, logistics.due) == (4, 2, 2)
    assert [(r.key, r.total) for r in figures["month"]] == [("2026-05", 3), ("2026-06", 4)]


def test_rates_without_a_denominator_are_empty(db: None) -> None:
    total = selectors.case_figures(Case.objects.none(), now=NOW)["total"][0]
    assert total.response_rate is None
    assert total.p90_hours_to_close is None


def test_figures_page_counts_only_the_users_cases(
    data_set: dict[str, Officer], admin_client: Client
) -> None:
    page = admin_client.get(reverse("admin:liaison_case_figures"))
    assert page.status_code == 200
    assert "(3/7)" in page.content.decode()  # resolution rate of all cases


def test_figures_page_for_an_outsider_shows_nothing_of_others(
    data_set: dict[str, Officer], outsider: Officer, client_for: Callable[[Officer], Client]
) -> None:
    page = client_for(outsider).get(reverse("admin:liaison_case_figures")).content.decode()
    assert "甲" not in page
    assert "(0/0)" in page
