"""Transfers of organizational relationship (组织关系转接) and mobile members (流动党员).

DESIGN.md §4 "Transfers": a member away for 6 months or more at a fixed place moves their
relationship with a letter (valid 10 days in the city, 30 days out of it, never over 3 months;
the receipt comes back within 1 month); a shorter absence makes them a mobile member. The
sending branch stays responsible until the receipt is back.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.dues_services import dues_carry_over, dues_status
from members.models import Member, MobileMembership, Transfer
from members.services import Actor, member_change_status
from orgs.models import Organization


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _not_future(on: datetime.date, field: str) -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _open_transfer(member: Member) -> Transfer | None:
    return member.transfers.filter(state=Transfer.State.ISSUED).first()


@transaction.atomic
def member_transfer_internal(
    *, member: Member, to_branch: Organization | None, on: datetime.date, actor: Actor
) -> Transfer:
    """Move a member to another branch of the system. The member is on the receiving branch's
    roster at once; the transfer stays *issued* (and the sending branch keeps seeing the member)
    until the receiving branch confirms the receipt with :func:`transfer_receive`."""
    _not_future(on, "issued_on")
    if to_branch is None:
        raise ValidationError({"to_branch": _("This field is required.")})
    if to_branch.pk == member.branch_id:
        raise ValidationError({"to_branch": _("The member is already in this branch.")})
    if member.status != Member.Status.ACTIVE:
        raise ValidationError(_("Only an active member can be transferred."))
    if _open_transfer(member) is not None:
        raise ValidationError(_("This member already has a transfer in progress."))
    transfer = Transfer(
        member=member,
        kind=Transfer.Kind.INTERNAL,
        from_branch_id=member.branch_id,
        to_branch=to_branch,
        in_city=True,
        issued_on=on,
        valid_days=Transfer.IN_CITY_VALID_DAYS,
        dues_paid_to=dues_status(member).paid_up_to,
        created_by=_user(actor),
    )
    transfer.full_clean()
    transfer.save()
    member.branch = to_branch
    member.source = Member.Source.TRANSFERRED_IN
    member.full_clean()
    member.save(update_fields=["branch", "source", "updated_at"])
    return transfer


@transaction.atomic
def transfer_issue_letter(
    *,
    member: Member,
    destination: str,
    letter_number: str,
    on: datetime.date,
    in_city: bool,
    valid_days: int | None = None,
    reason: str = "",
    actor: Actor,
) -> Transfer:
    """Issue a letter moving a member out of the system. The member stays on the branch's
    roster until the receipt comes back (:func:`transfer_receive`)."""
    _not_future(on, "issued_on")
    if _open_transfer(member) is not None:
        raise ValidationError(_("This member already has a transfer in progress."))
    default_days = Transfer.IN_CITY_VALID_DAYS if in_city else Transfer.OUT_OF_CITY_VALID_DAYS
    transfer = Transfer(
        member=member,
        kind=Transfer.Kind.OUTGOING,
        from_branch_id=member.branch_id,
        external_organization=destination,
        letter_number=letter_number,
        in_city=in_city,
        issued_on=on,
        valid_days=valid_days or default_days,
        dues_paid_to=dues_status(member).paid_up_to,
        reason=reason,
        created_by=_user(actor),
    )
    _check_letter(transfer)
    transfer.full_clean()
    transfer.save()
    return transfer


@transaction.atomic
def transfer_register_incoming(
    *,
    member: Member,
    source: str,
    letter_number: str,
    issued_on: datetime.date,
    received_on: datetime.date,
    in_city: bool,
    dues_paid_to: datetime.date | None = None,
    actor: Actor,
) -> Transfer:
    """Record the letter of a member who came from outside the system; the receipt goes back
    the same day, so the transfer is *received*."""
    _not_future(received_on, "received_on")
    transfer = Transfer(
        member=member,
        kind=Transfer.Kind.INCOMING,
        to_branch_id=member.branch_id,
        external_organization=source,
        letter_number=letter_number,
        in_city=in_city,
        issued_on=issued_on,
        valid_days=Transfer.IN_CITY_VALID_DAYS if in_city else Transfer.OUT_OF_CITY_VALID_DAYS,
        dues_paid_to=dues_paid_to,
        received_on=received_on,
        state=Transfer.State.RECEIVED,
        created_by=_user(actor),
    )
    _check_letter(transfer)
    if received_on > transfer.expires_on:
        raise ValidationError(
            {
                "received_on": _("The letter had expired on %(date)s.")
                % {"date": transfer.expires_on}
            }
        )
    transfer.full_clean()
    transfer.save()
    if dues_paid_to is not None:
        # The letter's paid-up-to month starts the member's dues records here.
        dues_carry_over(member=member, month=dues_paid_to, actor=actor)
    if member.source != Member.Source.TRANSFERRED_IN:
        member.source = Member.Source.TRANSFERRED_IN
        member.save(update_fields=["source", "updated_at"])
    return transfer


def _check_letter(transfer: Transfer) -> None:
    errors: dict[str, Any] = {}
    if not transfer.letter_number:
        errors["letter_number"] = _("A transfer letter needs its number.")
    if not transfer.external_organization:
        errors["external_organization"] = _("Name the organization outside the system.")
    if transfer.valid_days > Transfer.MAX_VALID_DAYS:
        errors["valid_days"] = _("A transfer letter is valid for at most 3 months.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def transfer_receive(*, transfer: Transfer, on: datetime.date, actor: Actor) -> Transfer:
    """The receipt is back: the sending branch's responsibility ends. A member transferred out
    of the system leaves the roster (status *transferred out*)."""
    if transfer.state != Transfer.State.ISSUED:
        raise ValidationError(_("Only an issued transfer can be received."))
    _not_future(on, "received_on")
    if on < transfer.issued_on:
        raise ValidationError(
            {"received_on": _("The receipt cannot be dated before the issue date.")}
        )
    transfer.state = Transfer.State.RECEIVED
    transfer.received_on = on
    transfer.full_clean()
    transfer.save(update_fields=["state", "received_on"])
    if transfer.kind == Transfer.Kind.OUTGOING:
        member_change_status(
            member=transfer.member,
            to_status=Member.Status.TRANSFERRED_OUT,
            on=on,
            reason=str(_("Transfer letter %(number)s received by %(organization)s"))
            % {"number": transfer.letter_number, "organization": transfer.external_organization},
            actor=actor,
        )
    return transfer


@transaction.atomic
def transfer_close(*, transfer: Transfer, state: str, actor: Actor) -> Transfer:
    """End an issued transfer without a receipt: the letter *expired* unused or was *returned*.
    An internal transfer puts the member back on the sending branch's roster."""
    if transfer.state != Transfer.State.ISSUED:
        raise ValidationError(_("Only an issued transfer can be closed."))
    if state not in {Transfer.State.EXPIRED, Transfer.State.RETURNED}:
        raise ValidationError({"state": _("Close a transfer as expired or returned.")})
    transfer.state = state
    transfer.save(update_fields=["state"])
    if transfer.kind == Transfer.Kind.INTERNAL and transfer.from_branch_id:
        member = transfer.member
        member.branch_id = transfer.from_branch_id
        member.save(update_fields=["branch", "updated_at"])
    return transfer


def transfers_overdue(queryset: QuerySet[Transfer]) -> QuerySet[Transfer]:
    """Issued transfers without a receipt a month after issue."""
    return queryset.filter(Transfer.overdue_q())


@transaction.atomic
def mobile_membership_start(*, record: MobileMembership, actor: Actor) -> MobileMembership:
    """Record a member flowing out (or in); an outflowing member's status becomes *mobile*."""
    _not_future(record.started_on, "started_on")
    if record.member.mobile_records.filter(ended_on__isnull=True).exists():
        raise ValidationError(_("This member already has an open mobile-member record."))
    record.full_clean()
    record.save()
    member = record.member
    if record.direction == MobileMembership.Direction.OUTFLOW and (
        member.status == Member.Status.ACTIVE
    ):
        member_change_status(
            member=member,
            to_status=Member.Status.MOBILE,
            on=record.started_on,
            reason=str(_("Flowed out to %(place)s")) % {"place": record.place},
            actor=actor,
        )
    return record


@transaction.atomic
def mobile_membership_contact(
    *, record: MobileMembership, on: datetime.date, actor: Actor
) -> MobileMembership:
    """Note that the branch heard from the mobile member."""
    _not_future(on, "last_contact_on")
    record.last_contact_on = on
    record.full_clean()
    record.save(update_fields=["last_contact_on"])
    return record


@transaction.atomic
def mobile_membership_end(
    *, record: MobileMembership, on: datetime.date, actor: Actor
) -> MobileMembership:
    """The member is back: close the record and make the member active again."""
    _not_future(on, "ended_on")
    record.ended_on = on
    record.full_clean()
    record.save(update_fields=["ended_on"])
    member = record.member
    if member.status == Member.Status.MOBILE:
        member_change_status(
            member=member,
            to_status=Member.Status.ACTIVE,
            on=on,
            reason=str(_("Returned from %(place)s")) % {"place": record.place},
            actor=actor,
        )
    return record
