"""Democratic appraisal writes and figures: grading the members of a branch's yearly
appraisal (an unqualified grade opens a follow-up, limited-time correction by default within
6 months), and the share of each grade."""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members import dues
from members.dues_services import PAYING_STATUSES
from members.models import Appraisal, AppraisalFollowUp, AppraisalGrade, Member
from orgs.dates import add_months

FOLLOW_UP_MONTHS = 6
Grade = AppraisalGrade.Grade


@transaction.atomic
def appraisal_record(*, appraisal: Appraisal, grades: dict[int, str], actor: Any) -> Appraisal:
    """Save an appraisal and the grades given (member id → grade). Only members of the
    branch can be graded; an unqualified grade opens its follow-up."""
    if appraisal.held_on.year != appraisal.year and appraisal.held_on.year != appraisal.year + 1:
        raise ValidationError({"held_on": _("An appraisal is held in its year or early the next.")})
    appraisal.full_clean()
    appraisal.save()
    members = set(
        Member.objects.filter(
            branch__path__startswith=appraisal.branch.path, status__in=PAYING_STATUSES
        ).values_list("pk", flat=True)
    )
    if set(grades) - members:
        raise ValidationError({"grades": _("Only members of the branch can be graded.")})
    for member_id, grade in grades.items():
        appraisal_grade_set(appraisal=appraisal, member_id=member_id, grade=grade, actor=actor)
    return appraisal


def appraisal_grade_set(
    *, appraisal: Appraisal, member_id: int, grade: str, actor: Any
) -> AppraisalGrade:
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose one of the four grades.")})
    row, _created = AppraisalGrade.objects.get_or_create(
        appraisal=appraisal, member_id=member_id, defaults={"grade": grade}
    )
    if row.grade != grade:
        row.grade = grade
        row.save()
    grade_opened(row, appraisal.held_on)
    return row


def grade_opened(row: AppraisalGrade, on: datetime.date) -> AppraisalFollowUp | None:
    """The follow-up of an unqualified grade, opened once."""
    if row.grade != Grade.UNQUALIFIED:
        return None
    follow_up, _created = AppraisalFollowUp.objects.get_or_create(
        grade=row,
        defaults={"measure": "限期改正", "due_on": add_months(on, FOLLOW_UP_MONTHS)},
    )
    return follow_up


def shares(grades: Iterable[str]) -> dict[str, Decimal]:
    """Each grade's share of the graded members, in percent (2 decimals, half up)."""
    counts = dict.fromkeys(Grade.values, 0)
    for grade in grades:
        counts[grade] += 1
    total = sum(counts.values())
    if not total:
        return dict.fromkeys(Grade.values, Decimal("0.00"))
    return {
        grade: (Decimal(100) * n / total).quantize(dues.FEN, rounding=ROUND_HALF_UP)
        for grade, n in counts.items()
    }
