"""Dues writes and reads: declaring a standard, the yearly recalculation, recording payments
(one month, several months ahead, a branch's whole month), and what the payments say — each
member's paid-up-to month and arrears, a branch's collection rate. The rules are
:mod:`members.dues`; admin, API, import and demo call these functions."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import dues
from members.models import DuesPayment, DuesStandard, Member
from orgs.dates import add_months
from orgs.models import Organization

Actor = Any

# Members who owe dues: on the roster, here or away as mobile members.
PAYING_STATUSES = (Member.Status.ACTIVE, Member.Status.MOBILE)


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


@transaction.atomic
def dues_standard_declare(
    *,
    member: Member,
    basis: str,
    declared_income: Decimal | None,
    effective_from: datetime.date,
    reason: str = DuesStandard.Reason.DECLARED_CHANGE,
    declared_on: datetime.date | None = None,
    actor: Actor,
) -> DuesStandard:
    """Record an income declaration and the standard it gives from ``effective_from``'s month.

    The amount comes from the rules, never from the caller; a flat basis keeps no income.
    """
    if basis in dues.FLAT_BASES:
        declared_income = None
    elif declared_income is None:
        raise ValidationError({"declared_income": _("This income basis needs the income.")})
    elif declared_income < 0:
        raise ValidationError({"declared_income": _("An income cannot be negative.")})
    standard = DuesStandard(
        member=member,
        basis=basis,
        declared_income=declared_income,
        effective_from=dues.month_of(effective_from),
        declared_on=declared_on or timezone.localdate(),
        amount=dues.standard_amount(basis, declared_income),
        reason=reason,
        created_by=_user(actor),
    )
    standard.full_clean()
    standard.save()
    return standard


@transaction.atomic
def dues_standards_recalculate(
    *, year: int, members: QuerySet[Member], actor: Actor
) -> list[DuesStandard]:
    """The yearly recalculation: from January of ``year``, each paying member's latest
    declaration gives a standard by the rules in force. A member who already has a standard
    from a month of ``year`` keeps it, so a second run writes nothing."""
    january = datetime.date(year, 1, 1)
    latest: dict[int, DuesStandard] = {}
    current_year: set[int] = set()
    standards = DuesStandard.objects.filter(
        member__in=members.filter(status__in=PAYING_STATUSES),
        effective_from__lt=datetime.date(year + 1, 1, 1),
    ).order_by("member_id", "effective_from")
    for standard in standards:
        if standard.effective_from >= january:
            current_year.add(standard.member_id)
        latest[standard.member_id] = standard
    created = []
    for member_id, previous in latest.items():
        if member_id in current_year:
            continue
        standard = DuesStandard(
            member_id=member_id,
            basis=previous.basis,
            declared_income=previous.declared_income,
            effective_from=january,
            declared_on=january,
            amount=dues.standard_amount(previous.basis, previous.declared_income),
            reason=DuesStandard.Reason.YEARLY,
            created_by=_user(actor),
        )
        created.append(standard)
    return DuesStandard.objects.bulk_create(created)


def standard_on(standards: Sequence[DuesStandard], month: datetime.date) -> DuesStandard | None:
    """The standard in force in ``month`` among one member's standards (any order)."""
    applying = [s for s in standards if s.effective_from <= month]
    return max(applying, key=lambda s: s.effective_from) if applying else None


@dataclass(frozen=True)
class PaymentEntry:
    """One payment to record: a member's dues for one month."""

    member: Member
    month: datetime.date
    amount: Decimal
    paid_on: datetime.date
    method: str = DuesPayment.Method.CASH
    receipt_number: str = ""
    collector: str = ""


def payment_entry_errors(
    entries: Sequence[PaymentEntry], today: datetime.date
) -> dict[int, list[str]]:
    """What forbids each entry (by its index): a month paid twice, a payment dated in the
    future, a month before the member's admission, a negative amount."""
    errors: dict[int, list[str]] = defaultdict(list)
    members = {entry.member.pk for entry in entries}
    taken = set(
        DuesPayment.objects.filter(
            member_id__in=members, month__in={dues.month_of(e.month) for e in entries}
        ).values_list("member_id", "month")
    )
    seen: set[tuple[int, datetime.date]] = set()
    for index, entry in enumerate(entries):
        key = (entry.member.pk, dues.month_of(entry.month))
        label = {"name": entry.member.name, "month": f"{entry.month:%Y-%m}"}
        if key in taken or key in seen:
            errors[index].append(str(_("%(name)s's dues for %(month)s are already paid.") % label))
        seen.add(key)
        if entry.paid_on > today:
            errors[index].append(str(_("The payment date cannot be in the future.")))
        if entry.month < dues.month_of(entry.member.admission_date):
            errors[index].append(str(_("%(month)s is before %(name)s's admission.") % label))
        if entry.amount < 0:
            errors[index].append(str(_("Dues cannot be negative.")))
    return errors


@transaction.atomic
def dues_payments_record(
    *, entries: Sequence[PaymentEntry], actor: Actor, today: datetime.date | None = None
) -> list[DuesPayment]:
    """Record payments, all or none (the bulk month screen, the payment-sheet import); one
    broken rule refuses the whole batch."""
    errors = payment_entry_errors(entries, _today(today))
    if errors:
        raise ValidationError([message for messages in errors.values() for message in messages])
    user = _user(actor)
    payments = [
        DuesPayment(
            member=entry.member,
            month=dues.month_of(entry.month),
            amount=Decimal(entry.amount).quantize(dues.FEN),
            paid_on=entry.paid_on,
            method=entry.method,
            receipt_number=entry.receipt_number,
            collector=entry.collector,
            created_by=user,
        )
        for entry in entries
    ]
    for payment in payments:
        payment.full_clean(validate_unique=False, validate_constraints=False)
    return DuesPayment.objects.bulk_create(payments)


def dues_pay(
    *,
    member: Member,
    first_month: datetime.date,
    months: int = 1,
    paid_on: datetime.date,
    method: str = DuesPayment.Method.CASH,
    receipt_number: str = "",
    collector: str = "",
    actor: Actor,
    today: datetime.date | None = None,
) -> list[DuesPayment]:
    """Pay ``months`` months from ``first_month`` at once (paying ahead), each month at the
    standard in force in it."""
    if not 1 <= months <= 24:
        raise ValidationError({"months": _("Between 1 and 24 months can be paid at once.")})
    standards = list(member.dues_standards.all())
    entries = []
    for month in dues.month_range(first_month, months):
        standard = standard_on(standards, month)
        if standard is None:
            raise ValidationError(
                _("%(name)s has no dues standard for %(month)s; declare the income first.")
                % {"name": member.name, "month": f"{month:%Y-%m}"}
            )
        entries.append(
            PaymentEntry(
                member=member,
                month=month,
                amount=standard.amount,
                paid_on=paid_on,
                method=method,
                receipt_number=receipt_number,
                collector=collector,
            )
        )
    return dues_payments_record(entries=entries, actor=actor, today=today)


def dues_carry_over(*, member: Member, month: datetime.date, actor: Actor) -> DuesPayment | None:
    """Note that the member had paid up to ``month`` before these records (an older roster, an
    incoming transfer letter): a zero carried-over row, unless that month is recorded."""
    month = dues.month_of(month)
    if DuesPayment.objects.filter(member=member, month=month).exists():
        return None
    payment = DuesPayment(
        member=member,
        month=month,
        amount=Decimal("0.00"),
        paid_on=month,
        method=DuesPayment.Method.CARRIED_OVER,
        created_by=_user(actor),
    )
    payment.full_clean(validate_unique=False, validate_constraints=False)
    payment.save()
    return payment


# --- reads -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuesStatus:
    """What a member's records say on a day."""

    standard: Decimal | None
    paid_up_to: datetime.date | None
    arrears_months: int

    @property
    def level(self) -> dues.ArrearsLevel:
        return dues.arrears_level(self.arrears_months)


def dues_statuses(
    members: Iterable[Member], today: datetime.date | None = None
) -> dict[int, DuesStatus]:
    """Standard, paid-up-to month and arrears of many members, in two queries."""
    today = _today(today)
    members = list(members)
    ids = [member.pk for member in members]
    standards: dict[int, list[DuesStandard]] = defaultdict(list)
    for standard in DuesStandard.objects.filter(member_id__in=ids).only(
        "member_id", "effective_from", "amount"
    ):
        standards[standard.member_id].append(standard)
    months: dict[int, list[datetime.date]] = defaultdict(list)
    for member_id, month in DuesPayment.objects.filter(member_id__in=ids).values_list(
        "member_id", "month"
    ):
        months[member_id].append(month)
    return {member.pk: _status(member, standards, months, today) for member in members}


def _status(
    member: Member,
    standards: dict[int, list[DuesStandard]],
    months: dict[int, list[datetime.date]],
    today: datetime.date,
) -> DuesStatus:
    current = standard_on(standards[member.pk], dues.month_of(today))
    up_to = dues.paid_up_to(months[member.pk], member.admission_date)
    owing = member.status in PAYING_STATUSES
    return DuesStatus(
        standard=current.amount if current else None,
        paid_up_to=up_to,
        arrears_months=dues.arrears_months(up_to, today) if owing else 0,
    )


def dues_status(member: Member, today: datetime.date | None = None) -> DuesStatus:
    return dues_statuses([member], today)[member.pk]


def paying_members(branch: Organization, month: datetime.date) -> QuerySet[Member]:
    """The members of a branch who owe dues for ``month``: paying status, admitted by then."""
    return Member.objects.filter(
        branch=branch,
        status__in=PAYING_STATUSES,
        admission_date__lt=add_months(dues.month_of(month), 1),
    ).order_by("name", "pk")


@dataclass(frozen=True)
class SheetRow:
    """A member's line on a branch's month: the standard due and what is recorded."""

    member: Member
    standard: Decimal | None
    payment: DuesPayment | None
    status: DuesStatus


def branch_month_sheet(
    branch: Organization, month: datetime.date, today: datetime.date | None = None
) -> list[SheetRow]:
    """Every paying member of a branch for a month, with the standard and the payment — the
    bulk entry screen's rows, in four queries."""
    month = dues.month_of(month)
    members = list(paying_members(branch, month))
    statuses = dues_statuses(members, today)
    payments = {p.member_id: p for p in DuesPayment.objects.filter(member__in=members, month=month)}
    standards: dict[int, list[DuesStandard]] = defaultdict(list)
    for standard in DuesStandard.objects.filter(member__in=members, effective_from__lte=month):
        standards[standard.member_id].append(standard)
    rows = []
    for member in members:
        current = standard_on(standards[member.pk], month)
        rows.append(
            SheetRow(
                member=member,
                standard=current.amount if current else None,
                payment=payments.get(member.pk),
                status=statuses[member.pk],
            )
        )
    return rows


@dataclass(frozen=True)
class Collection:
    """A branch's dues of one month: who owes, who paid, the amounts and the rate."""

    branch_id: int
    owing: int
    paid: int
    amount: Decimal

    @property
    def rate(self) -> Decimal:
        if not self.owing:
            return Decimal("0.00")
        return (Decimal(100) * self.paid / self.owing).quantize(dues.FEN)


def collection_rates(
    branches: Iterable[Organization], month: datetime.date
) -> dict[int, Collection]:
    """Collection rate per branch for a month: members who paid (carried-over rows aside) over
    members who owe, in two grouped queries."""
    month = dues.month_of(month)
    ids = [branch.pk for branch in branches]
    owing: dict[int, int] = defaultdict(int)
    for branch_id in Member.objects.filter(
        branch_id__in=ids,
        status__in=PAYING_STATUSES,
        admission_date__lt=add_months(month, 1),
    ).values_list("branch_id", flat=True):
        owing[branch_id] += 1
    paid: dict[int, int] = defaultdict(int)
    amount: dict[int, Decimal] = defaultdict(Decimal)
    for branch_id, value in (
        DuesPayment.objects.filter(
            month=month,
            member__branch_id__in=ids,
            member__status__in=PAYING_STATUSES,
        )
        .exclude(method=DuesPayment.Method.CARRIED_OVER)
        .values_list("member__branch_id", "amount")
    ):
        paid[branch_id] += 1
        amount[branch_id] += value
    return {
        pk: Collection(branch_id=pk, owing=owing[pk], paid=paid[pk], amount=amount[pk])
        for pk in ids
    }
