"""What membership development reads from the roster: the full members a branch had on a
meeting date, who are the members entitled to vote on admission and conversion (DESIGN.md §4:
quorum and majority count against them)."""

import datetime

from django.db.models import Q

from members import rules
from members.models import Member, Transfer
from orgs.models import Organization


def branch_full_members_on(branch: Organization, on: datetime.date) -> list[Member]:
    """The branch's full members on ``on``: full by then and in good standing then (the status
    history says), counting those who have since moved to another branch, lapsed, left or died,
    and not those who joined the branch later. Probationary members do not vote. Three queries
    (the candidates, their status changes, their transfers), however large the branch."""
    moved_away = Q(
        transfers__kind=Transfer.Kind.INTERNAL,
        transfers__from_branch=branch,
        transfers__issued_on__gt=on,
    )
    candidates = (
        Member.objects.filter(Q(branch=branch) | moved_away)
        .filter(category=Member.Category.FULL, full_membership_date__lte=on)
        .distinct()
        .prefetch_related("status_changes", "transfers")
        .order_by("pk")
    )
    return [
        member
        for member in candidates
        if rules.branch_on(member, on) == branch.pk and rules.full_member_on(member, on)
    ]
