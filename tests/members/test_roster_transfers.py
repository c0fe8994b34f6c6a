"""Transfers and mobile members: states, the sending branch's responsibility, overdue flags."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.models import Member, MobileMembership, Transfer
from members.transfers import (
    member_transfer_internal,
    mobile_membership_start,
    transfer_issue_letter,
    transfer_receive,
)
from orgs.scope import visible
from tests.conftest import World
from tests.factories import MobileMembershipFactory, TransferFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_internal_transfer_keeps_member_visible_to_sender_until_receipt(world: World) -> None:
    member = world.member_a
    transfer = member_transfer_internal(
        member=member, to_branch=world.branch_b, on=TODAY, actor=world.users["staff"]
    )
    sender, receiver = world.users["secretary_a"], world.users["secretary_b"]
    assert visible(Member.objects.filter(pk=member.pk), sender).exists()
    assert visible(Member.objects.filter(pk=member.pk), receiver).exists()
    assert visible(Transfer.objects.all(), sender).get() == transfer
    transfer_receive(transfer=transfer, on=TODAY, actor=receiver)
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.RECEIVED
    assert not visible(Member.objects.filter(pk=member.pk), sender).exists()


def test_outgoing_letter_marks_member_transferred_out_on_receipt(world: World) -> None:
    member = world.member_a
    transfer = transfer_issue_letter(
        member=member, destination="外市某党委", letter_number="001", on=TODAY,
        in_city=False, actor=None,
    )  # fmt: skip
    assert transfer.valid_days == 30 and transfer.state == Transfer.State.ISSUED
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE  # still the sending branch's member
    transfer_receive(transfer=transfer, on=TODAY, actor=None)
    member.refresh_from_db()
    assert member.status == Member.Status.TRANSFERRED_OUT
    assert member.status_changes.get().to_status == Member.Status.TRANSFERRED_OUT


def test_letter_validity_is_at_most_three_months(world: World) -> None:
    with pytest.raises(ValidationError):
        transfer_issue_letter(
            member=world.member_a, destination="x", letter_number="1", on=TODAY,
            in_city=True, valid_days=120, actor=None,
        )  # fmt: skip


def test_receipt_overdue_after_one_month(world: World) -> None:
    late = TransferFactory(member=world.member_a, issued_on=TODAY - datetime.timedelta(days=40))
    TransferFactory(member=world.member_b, issued_on=TODAY - datetime.timedelta(days=5))
    assert late.is_overdue()
    assert list(Transfer.objects.filter(Transfer.overdue_q())) == [late]


def test_mobile_member_not_heard_from_for_six_months_is_flagged(world: World) -> None:
    record = mobile_membership_start(
        record=MobileMembership(
            member=world.member_a, direction="out", place="杭州", started_on=TODAY
        ),
        actor=None,
    )
    world.member_a.refresh_from_db()
    assert world.member_a.status == Member.Status.MOBILE and not record.is_silent()
    old = MobileMembershipFactory(
        member=world.member_b, started_on=TODAY - datetime.timedelta(days=300)
    )
    assert old.is_silent()
    assert list(MobileMembership.objects.filter(MobileMembership.silent_q())) == [old]


def test_internal_transfer_without_receiving_branch_is_refused_in_admin(world: World) -> None:
    response = world.client("staff").post(
        "/admin/members/transfer/add/",
        {
            "member": world.member_a.pk,
            "kind": Transfer.Kind.INTERNAL,
            "to_branch": "",
            "issued_on": TODAY.isoformat(),
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "该字段是必填项。" in [str(message) for message in response.context["messages"]]
    assert not Transfer.objects.exists()
