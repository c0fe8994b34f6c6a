"""The members demo's democratic appraisal of 2025: every branch grades its members at the
December organizational-life meeting — about one in six excellent, a few basically qualified,
one unqualified member whose follow-up is open. An appraisal on file is left alone."""

import datetime
from typing import Any

from members.appraisals import appraisal_record
from members.models import Appraisal, AppraisalGrade, Member
from orgs.models import Organization

YEAR = 2025
HELD_ON = datetime.date(2025, 12, 26)
Grade = AppraisalGrade.Grade


def _grade(index: int) -> str:
    if index == 17:
        return Grade.UNQUALIFIED
    if index % 23 == 9:
        return Grade.BASIC
    if index % 6 == 0:
        return Grade.EXCELLENT
    return Grade.QUALIFIED


def build_appraisals(members: list[Member], branches: list[Organization], actor: Any) -> None:
    done = set(Appraisal.objects.filter(year=YEAR).values_list("branch_id", flat=True))
    index_of = {member.pk: index for index, member in enumerate(members)}
    for branch in branches:
        if branch.pk in done:
            continue
        graded = [m for m in members if m.branch_id == branch.pk and m.admission_date <= HELD_ON]
        grades = {m.pk: _grade(index_of[m.pk]) for m in graded}
        excellent = sum(g == Grade.EXCELLENT for g in grades.values())
        appraisal_record(
            appraisal=Appraisal(
                branch=branch,
                year=YEAR,
                held_on=HELD_ON,
                summary=(
                    f"{branch.name}{YEAR}年度民主评议党员：参评{len(grades)}人，"
                    f"评为优秀{excellent}人。党员主播亮身份、守诚信，带头参与直播电商健康规范经营。"
                ),
            ),
            grades=grades,
            actor=actor,
        )
