"""Talent-award services and figures: apply, approve (the amount by the measure's rule), reject,
pay; totals per measure and year. Decisions and payments are committee staff's."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from merchants.models import TalentAward, TalentPolicy
from merchants.services import Actor, workflow_roles

S = TalentAward.Status


def _committee(actor: Actor) -> None:
    if "committee_staff" not in workflow_roles(actor):
        raise ValidationError(
            _("Talent awards are decided and paid by committee staff."), code="not_allowed"
        )


def _status(award: TalentAward, *allowed: str) -> None:
    TalentAward.objects.select_for_update().filter(pk=award.pk).values_list("pk").first()
    award.refresh_from_db()
    if award.status not in allowed:
        raise ValidationError(
            _("The award is “%(status)s”; this step is not possible."),
            code="invalid_transition",
            params={"status": award.get_status_display()},
        )


@transaction.atomic
def policy_save(*, policy: TalentPolicy, actor: Actor) -> TalentPolicy:
    """Validate and store a measure and its amount rule (the permission to change the measures
    is committee staff's, in :mod:`orgs.roles`)."""
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def award_apply(*, award: TalentAward, actor: Actor) -> TalentAward:
    """Register an application; a streamer's enterprise is kept with it."""
    if award.enterprise_id is None and award.streamer is not None:
        award.enterprise_id = award.streamer.enterprise_id
    award.status = S.APPLIED
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_approve(
    *, award: TalentAward, actor: Actor, on: datetime.date, amount: Decimal | None = None
) -> TalentAward:
    """Approve with the amount the measure allows: its fixed sum, or up to its ceiling."""
    _committee(actor)
    _status(award, S.APPLIED)
    policy = award.policy
    amount = policy.amount if amount is None else amount
    if policy.amount_rule == TalentPolicy.AmountRule.FIXED and amount != policy.amount:
        raise ValidationError(
            _("Measure %(number)s pays a fixed %(amount)s yuan."),
            code="amount",
            params={"number": policy.number, "amount": policy.amount},
        )
    if amount <= 0 or amount > policy.amount:
        raise ValidationError(
            _("Measure %(number)s pays up to %(amount)s yuan."),
            code="amount",
            params={"number": policy.number, "amount": policy.amount},
        )
    if on < award.applied_on:
        raise ValidationError(_("The decision cannot precede the application."), code="date")
    award.status, award.amount, award.decided_on = S.APPROVED, amount, on
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_reject(*, award: TalentAward, actor: Actor, on: datetime.date) -> TalentAward:
    _committee(actor)
    _status(award, S.APPLIED)
    award.status, award.decided_on = S.REJECTED, on
    award.save()
    return award


@transaction.atomic
def award_pay(*, award: TalentAward, actor: Actor, on: datetime.date) -> TalentAward:
    """Record the payment of an approved award, on or after its approval."""
    _committee(actor)
    _status(award, S.APPROVED)
    if award.decided_on and on < award.decided_on:
        raise ValidationError(_("The payment cannot precede the approval."), code="date")
    award.status, award.paid_on = S.PAID, on
    award.save()
    return award


def award_totals(awards: QuerySet[TalentAward]) -> list[dict[str, Any]]:
    """Paid awards per measure and year of payment: count and sum — one grouped query."""
    rows = (
        awards.filter(status=S.PAID)
        .annotate(year=ExtractYear("paid_on"))
        .values("year", "policy__number", "policy__title")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("year", "policy__number")
    )
    return [
        {
            "year": row["year"],
            "policy": f"第{row['policy__number']}条 {row['policy__title']}",
            "count": row["count"],
            "total": (row["total"] or Decimal("0")).quantize(Decimal("0.01")),
        }
        for row in rows
    ]
