"""The members demo's dues: a year of standards and payments for the roster, through
:mod:`members.dues_services`.

Each member declares an income (streamers the previous quarter's net income, a few the flat
amounts or a pension) and pays month by month up to the month the roster plan says; as of the
demo's date a few are 3, 5 and 6 months behind and a few have paid ahead. The yearly
recalculation gives every member a standard from January 2026; streamers declare a new quarter
in July. Rows already present are left alone, so a second run writes nothing.
"""

import datetime
from decimal import Decimal
from typing import Any

from members.demo.roster import MemberPlan
from members.dues import IncomeBasis, month_of
from members.dues_services import (
    PaymentEntry,
    dues_payments_record,
    dues_standard_declare,
    dues_standards_recalculate,
)
from members.models import DuesPayment, DuesStandard, Member
from orgs.dates import add_months
from orgs.demo.kit import AS_OF

# The demo's year of dues: the twelve months before the as-of month.
FIRST_MONTH = add_months(month_of(AS_OF), -12)
LAST_MONTH = add_months(month_of(AS_OF), -1)
STANDARDS_FROM = datetime.date(2025, 1, 1)
RECALCULATION_YEAR = 2026
QUARTER_DECLARED = datetime.date(2026, 7, 1)
SIX_BEHIND = add_months(month_of(AS_OF), -7)  # paid to April 2026: 6 months in arrears
AHEAD = add_months(month_of(AS_OF), 1)  # paid to December 2026
METHODS = (DuesPayment.Method.WECHAT, DuesPayment.Method.CASH, DuesPayment.Method.ALIPAY)


def _basis(index: int, plan: MemberPlan) -> tuple[str, Decimal | None]:
    if plan.occupation == "streamer":
        return IncomeBasis.SELF_EMPLOYED, Decimal(plan.dues_income * 3)
    if index % 29 == 11:
        return IncomeBasis.LOW_INCOME, None
    if index % 31 == 17:
        return IncomeBasis.RETIREE, Decimal(plan.dues_income)
    return IncomeBasis.WAGE, Decimal(plan.dues_income)


def paid_to(index: int, plan: MemberPlan) -> datetime.date:
    """The month a demo member has paid up to: the roster plan's, with a few six months
    behind and a few paid ahead."""
    admitted = month_of(plan.admission_date)
    if index % 40 == 13:
        return max(SIX_BEHIND, admitted)
    if index % 25 == 3:
        return AHEAD
    assert plan.dues_paid_to is not None
    return max(plan.dues_paid_to, admitted)


def build_dues(plans: list[MemberPlan], members: list[Member], actor: Any) -> None:
    """Standards and payments of the demo year for every member of the roster."""
    standards = set(DuesStandard.objects.values_list("member_id", "effective_from"))
    for index, (plan, member) in enumerate(zip(plans, members, strict=True)):
        basis, income = _basis(index, plan)
        start = max(STANDARDS_FROM, month_of(plan.admission_date))
        if (member.pk, start) not in standards:
            dues_standard_declare(
                member=member,
                basis=basis,
                declared_income=income,
                effective_from=start,
                declared_on=max(start, plan.admission_date),
                reason=(
                    DuesStandard.Reason.ADMISSION
                    if plan.admission_date >= STANDARDS_FROM
                    else DuesStandard.Reason.YEARLY
                ),
                actor=actor,
            )
    dues_standards_recalculate(
        year=RECALCULATION_YEAR,
        members=Member.objects.filter(pk__in=[m.pk for m in members]),
        actor=actor,
    )
    for plan, member in zip(plans, members, strict=True):
        declares = (
            plan.occupation == "streamer"
            and (member.pk, QUARTER_DECLARED) not in standards
            and month_of(plan.admission_date) < QUARTER_DECLARED
        )
        if declares:
            dues_standard_declare(
                member=member,
                basis=IncomeBasis.SELF_EMPLOYED,
                declared_income=Decimal(plan.dues_income * 3) * Decimal("1.2"),
                effective_from=QUARTER_DECLARED,
                declared_on=QUARTER_DECLARED,
                actor=actor,
            )
    _pay(plans, members, actor)


ADMITTED_QUARTER_INCOME = Decimal(24000)


def build_admitted_dues(members: list[Member], actor: Any) -> None:
    """Members the demo's development admitted (streamers): a standard on the previous
    quarter's net income from their admission, paid month by month to the demo year's end."""
    standards = set(DuesStandard.objects.values_list("member_id", "effective_from"))
    paid = set(DuesPayment.objects.values_list("member_id", "month"))
    entries = []
    for index, member in enumerate(sorted(members, key=lambda m: (m.admission_date, m.name))):
        start = month_of(member.admission_date)
        if (member.pk, start) not in standards:
            standard = dues_standard_declare(
                member=member,
                basis=IncomeBasis.SELF_EMPLOYED,
                declared_income=ADMITTED_QUARTER_INCOME + 3000 * index,
                effective_from=start,
                declared_on=member.admission_date,
                reason=DuesStandard.Reason.ADMISSION,
                actor=actor,
            )
        else:
            standard = DuesStandard.objects.get(member=member, effective_from=start)
        month = start
        while month <= LAST_MONTH:
            if (member.pk, month) not in paid:
                entries.append(
                    PaymentEntry(
                        member=member,
                        month=month,
                        amount=standard.amount,
                        paid_on=max(month.replace(day=15), member.admission_date),
                        method=DuesPayment.Method.WECHAT,
                        receipt_number=f"DF{month:%Y%m}-Y{index + 1:02d}",
                    )
                )
            month = add_months(month, 1)
    if entries:
        dues_payments_record(entries=entries, actor=actor)


def _pay(plans: list[MemberPlan], members: list[Member], actor: Any) -> None:
    paid = set(DuesPayment.objects.values_list("member_id", "month"))
    by_member: dict[int, list[DuesStandard]] = {}
    for standard in DuesStandard.objects.filter(member__in=members):
        by_member.setdefault(standard.member_id, []).append(standard)
    secretaries = {plan.branch: plan.name for plan in plans if plan.party_posts == "支部书记"}
    entries = []
    for index, (plan, member) in enumerate(zip(plans, members, strict=True)):
        month = max(FIRST_MONTH, month_of(plan.admission_date))
        last = paid_to(index, plan)
        while month <= last:
            if (member.pk, month) not in paid:
                applying = [s for s in by_member[member.pk] if s.effective_from <= month]
                standard = max(applying, key=lambda s: s.effective_from)
                # Months after the demo year are paid ahead with the last one.
                day = min(month, LAST_MONTH).replace(day=15)
                entries.append(
                    PaymentEntry(
                        member=member,
                        month=month,
                        amount=standard.amount,
                        paid_on=max(day, plan.admission_date),
                        method=METHODS[index % len(METHODS)],
                        receipt_number=f"DF{month:%Y%m}-{index + 1:03d}",
                        collector=secretaries[plan.branch],
                    )
                )
            month = add_months(month, 1)
    if entries:
        dues_payments_record(entries=entries, actor=actor)
