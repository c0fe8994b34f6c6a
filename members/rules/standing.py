"""A member's standing on a past date, from what the roster keeps of their history: the status
history (:class:`~members.models.MemberStatusChange`), the full-membership date, the sanction's
end and the transfers between branches. The rules judge contacts, introducers and the members
entitled to vote on the step's date, never on today's roster: a back-dated step is checked
against the person as they stood then.

The functions read ``member.status_changes`` and ``member.transfers``; callers that judge
several members prefetch both.
"""

import datetime

from members.models import Member, Transfer
from members.rules.steps import member_under_discipline

# A member in one of these statuses belongs to the branch and may vote, introduce and cultivate
# (a mobile member is away, not gone).
IN_GOOD_STANDING = frozenset({Member.Status.ACTIVE, Member.Status.MOBILE})


def status_on(member: Member, day: datetime.date) -> str:
    """The member's status on ``day``: today's status with every later change undone."""
    status = member.status
    changes = sorted(member.status_changes.all(), key=lambda c: (c.on, c.pk or 0), reverse=True)
    for change in changes:
        if change.on <= day:
            break
        status = change.from_status
    return status


def full_member_on(member: Member, day: datetime.date) -> bool:
    """A full member on ``day``: full membership dated on or before it, and in good standing
    then (probationary members, and members who had lapsed, left or died, are not)."""
    return (
        member.category == Member.Category.FULL
        and member.full_membership_date is not None
        and member.full_membership_date <= day
        and status_on(member, day) in IN_GOOD_STANDING
    )


def may_sponsor_on(member: Member, day: datetime.date) -> bool:
    """A cultivation contact or an introducer must be a full member on the step's date and not
    under a sanction running on it."""
    return full_member_on(member, day) and not member_under_discipline(member, day)


def branch_on(member: Member, day: datetime.date) -> int | None:
    """The branch the member belonged to on ``day`` (``None`` before they came into the system):
    today's branch with every later internal move undone. A move closed as expired or returned
    put the member back, so it moved nobody."""
    if member.admission_date > day:
        return None
    moves = sorted(member.transfers.all(), key=lambda t: (t.issued_on, t.pk or 0), reverse=True)
    branch: int | None = member.branch_id
    for transfer in moves:
        if transfer.kind == Transfer.Kind.INCOMING and (transfer.received_on or day) > day:
            return None
        if transfer.issued_on <= day:
            continue
        moved = transfer.state in (Transfer.State.ISSUED, Transfer.State.RECEIVED)
        if transfer.kind == Transfer.Kind.INTERNAL and moved and transfer.to_branch_id == branch:
            branch = transfer.from_branch_id
    return branch
