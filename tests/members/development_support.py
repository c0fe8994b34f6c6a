"""Shared helpers of the development tests: a fixed "today", an applicant, and a plan of dates
and details that walks an application through all 25 steps within the rules."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.development import application_record_step, application_submit
from members.models import Application, Member, RuleSet, StepRecord
from orgs.models import Organization
from tests.factories import MemberFactory, make_id_number

TODAY = datetime.date(2026, 11, 20)
BIRTH = datetime.date(1995, 6, 1)
D = datetime.date


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any) -> datetime.date:
    """Freeze the local date, and keep uploads in a temporary directory."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    settings.MEDIA_ROOT = str(tmp_path)
    return TODAY


def pdf(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 signed", content_type="application/pdf")


APPLIED = datetime.date(2022, 3, 1)


def submit(branch: Organization, actor: Any, on: datetime.date = APPLIED, **kw: Any) -> Any:
    birth = kw.pop("birth_date", BIRTH)
    application = Application(
        name=kw.pop("name", "申请人"),
        gender="M",
        birth_date=birth,
        branch=branch,
        rule_set=kw.pop("rule_set", RuleSet.objects.get(code="2014")),
    )
    application.id_number = kw.pop("id_number", make_id_number(birth, 31))
    documents = kw.pop("documents", [pdf()])
    return application_submit(
        application=application, on=on, actor=actor, documents=documents, **kw
    )


ROSTER = 10


def roster(branch: Organization) -> list[Member]:
    """The branch's ten full members (full since 2016, created on first use): the contacts,
    the introducers and the members entitled to vote of :func:`plan`."""
    members = list(
        Member.objects.filter(branch=branch, category=Member.Category.FULL).order_by("pk")[:ROSTER]
    )
    return members + [MemberFactory(branch=branch) for _ in range(ROSTER - len(members))]


def vote(entitled: int = ROSTER, present: int = 8, yes: int = 7) -> dict[str, int]:
    return {
        "vote_entitled": entitled,
        "vote_present": present,
        "vote_for": yes,
        "vote_against": present - yes,
        "vote_abstain": 0,
    }


def plan(branch: Organization) -> dict[int, tuple[datetime.date, dict[str, Any]]]:
    """A path through steps 2–25 that every rule allows, in a branch of ten full members."""
    members = roster(branch)
    contacts, introducers = members[:1], members[1:3]
    return {
        2: (D(2022, 3, 20), {}),
        3: (D(2022, 4, 15), {}),
        4: (D(2022, 4, 25), {}),
        5: (D(2022, 5, 5), {"contacts": contacts}),
        6: (D(2022, 10, 10), {}),
        7: (D(2023, 4, 20), {}),
        8: (D(2023, 5, 15), {"notice_start": D(2023, 5, 8), "notice_end": D(2023, 5, 12)}),
        9: (D(2023, 5, 20), {"introducers": introducers}),
        10: (D(2023, 6, 1), {"political_review_result": "passed"}),
        11: (D(2023, 6, 10), {"training_days": 3, "training_hours": 24}),
        12: (D(2023, 7, 1), {}),
        13: (D(2023, 7, 10), {}),
        14: (D(2023, 7, 15), {"documents": [pdf("form.pdf")]}),
        15: (D(2023, 8, 1), vote()),
        16: (D(2023, 8, 15), {}),
        17: (D(2023, 9, 1), {}),
        18: (D(2023, 9, 10), {}),
        19: (D(2023, 9, 15), {}),
        20: (D(2023, 9, 20), {}),
        21: (D(2024, 2, 1), {}),
        22: (D(2024, 7, 1), {"documents": [pdf("conversion.pdf")]}),
        23: (
            D(2024, 8, 1),
            {
                "conversion_outcome": "convert",
                "notice_start": D(2024, 7, 8),
                "notice_end": D(2024, 7, 12),
                **vote(),
            },
        ),
        24: (D(2024, 9, 1), {}),
        25: (D(2024, 9, 10), {}),
    }


def walk(
    application: Application, actor: Any, until: int, steps: dict[int, Any] | None = None
) -> None:
    """Record the planned steps after the last recorded one, up to ``until``."""
    steps = steps or plan(application.branch)
    start = (application.last_step or 0) + 1
    for number in range(start, until + 1):
        on, details = steps[number]
        application_record_step(application=application, step=number, on=on, actor=actor, **details)
        application.refresh_from_db()


def state(application: Application) -> tuple[int, int, int]:
    """Rows that a refused step must leave unchanged."""
    return (StepRecord.objects.count(), Member.objects.count(), Application.objects.count())


__all__ = [
    "ROSTER",
    "TODAY",
    "D",
    "Organization",
    "pdf",
    "plan",
    "roster",
    "state",
    "submit",
    "today",
    "vote",
    "walk",
]
