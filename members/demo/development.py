"""The members demo's development files: the 16 streamers who applied for membership (DESIGN.md
§2), each walked through the 25 steps (:mod:`members.development`) as far as their path in
``members.demo.data.DEVELOPMENT_PATHS`` goes, as early as the rules allow plus a plausible
delay. Committee approval puts six of them on the roster."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from members.demo.data import DEVELOPMENT_PATHS
from members.development import application_record_step, application_submit
from members.development_roster import branch_full_members_on
from members.models import Application, Member, RuleSet
from members.rules import may_sponsor_on, notice_runs_until
from orgs.dates import add_months, add_years
from orgs.demo.kit import AS_OF
from orgs.identifiers import make_id_number
from orgs.models import Enterprise, Organization


@dataclass(frozen=True)
class Applicant:
    """A person who applied for membership; ``workplace`` names an enterprise."""

    name: str
    gender: str
    workplace: str


def development_schedule(
    start: datetime.date, contacts: list[Member], introducers: list[Member], until: int
) -> list[tuple[int, datetime.date, dict[str, Any]]]:
    """Steps 2–``until`` from an application on ``start``, each as early as the rules allow
    plus a plausible delay, with the notices run over Chinese working days (only the notices
    needed are computed: the calendar knows past and current years only)."""
    rule_set = RuleSet.objects.get(code="2014")
    day = datetime.timedelta
    d: dict[int, datetime.date] = {2: start + day(20)}
    d[3] = d[2] + day(25)
    d[4], d[5] = d[3] + day(10), d[3] + day(20)
    d[6] = add_months(d[3], 5)
    d[7] = add_years(d[3], 1) + day(5)
    notice_7 = (d[7] + day(1), d[7] + day(7))
    if until >= 8:
        notice_7 = (notice_7[0], notice_runs_until(rule_set, notice_7[0]))
    d[8] = notice_7[1] + day(1)
    d[9], d[10], d[11] = d[8] + day(5), d[8] + day(15), d[8] + day(25)
    d[12] = d[11] + day(20)
    d[13], d[14], d[15] = d[12] + day(9), d[12] + day(14), d[12] + day(29)
    d[16], d[17] = d[15] + day(14), d[15] + day(31)
    d[18], d[19], d[20] = d[17] + day(9), d[17] + day(14), d[17] + day(19)
    d[21] = add_months(d[15], 6)
    d[22] = add_years(d[15], 1) - day(30)
    notice_22 = (d[22] + day(3), d[22] + day(9))
    if until >= 23:
        notice_22 = (notice_22[0], notice_runs_until(rule_set, notice_22[0]))
    d[23] = max(add_years(d[15], 1), notice_22[1] + day(1))
    d[24], d[25] = d[23] + day(30), d[23] + day(39)
    details: dict[int, dict[str, Any]] = {
        5: {"contacts": contacts},
        8: {"notice_start": notice_7[0], "notice_end": notice_7[1]},
        9: {"introducers": introducers},
        10: {"political_review_result": "passed"},
        11: {"training_days": 3, "training_hours": 24},
        23: {
            "conversion_outcome": "convert",
            "notice_start": notice_22[0],
            "notice_end": notice_22[1],
        },
    }
    return [(n, d[n], details.get(n, {})) for n in range(2, until + 1)]


def roster_vote(branch: Organization, on: datetime.date, against: int = 0) -> dict[str, int]:
    """A branch meeting's vote on ``on``: every member entitled (the branch's full members that
    day, from the roster) present, ``against`` of them against. The number entitled is left to
    the rule, which takes it from the roster."""
    present = len(branch_full_members_on(branch, on))
    return {
        "vote_present": present,
        "vote_for": present - against,
        "vote_against": against,
        "vote_abstain": 0,
    }


def build_development(
    applicants: list[Applicant],
    branches: list[Organization],
    enterprises: dict[str, Enterprise],
    actor: Any,
) -> None:
    """Open an application for each applicant (one per path of DEVELOPMENT_PATHS, in the first
    six branches in turn) and record its steps, all by ``actor`` (committee staff). An
    applicant already on file is left as it is, so a second run records nothing."""
    for index, (person, (path, days_back)) in enumerate(
        zip(applicants, DEVELOPMENT_PATHS, strict=True)
    ):
        birth = datetime.date(1992 + index % 9, 1 + index % 12, 3 + index)
        id_number = make_id_number(birth, 2 * index + 401 - (0 if person.gender == "M" else 1))
        if Application.objects.filter(id_number_hash=Member.hash_id_number(id_number)).exists():
            continue
        branch = branches[index % 6]
        full = list(branch.members.filter(category=Member.Category.FULL).order_by("pk")[:3])
        until = 22 if path == "extend" else int(path)
        last_on = AS_OF - datetime.timedelta(days=days_back)
        probe = development_schedule(datetime.date(2020, 1, 1), full[:1], full[1:3], until)
        offset = {n: on for n, on, _details in probe}.get(until, datetime.date(2020, 1, 1))
        start = last_on - (offset - datetime.date(2020, 1, 1))
        candidates = branch.members.filter(category=Member.Category.FULL).order_by("pk")
        full = [member for member in candidates if may_sponsor_on(member, start)][:3]
        application = Application(
            name=person.name,
            gender=person.gender,
            birth_date=birth,
            branch=branch,
            workplace=enterprises[person.workplace],
        )
        application.id_number = id_number
        letter = ContentFile(b"%PDF-1.4 demo", name="application.pdf")
        application_submit(application=application, on=start, actor=actor, documents=[letter])
        for number, on, details in development_schedule(start, full[:1], full[1:3], until):
            documents = []
            if number in (14, 22):
                documents = [ContentFile(b"%PDF-1.4 demo", name=f"step{number}.pdf")]
            if number in (15, 23):
                details = {**details, **roster_vote(branch, on)}
            application_record_step(
                application=application,
                step=number,
                on=on,
                actor=actor,
                documents=documents,
                **details,
            )
        if path == "extend":
            admitted = application.steps.get(step=15).on
            on = add_years(admitted, 1)
            extended: dict[str, Any] = {
                "conversion_outcome": "extend",
                "extension_months": 6,
                **roster_vote(branch, on, against=1),
            }
            application_record_step(
                application=application, step=23, on=on, actor=actor, **extended
            )
            application_record_step(
                application=application, step=24, on=on + datetime.timedelta(days=30), actor=actor
            )
