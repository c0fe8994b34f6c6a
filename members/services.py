"""Writes to the roster. Every write validates the whole row and runs in one transaction."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from members.models import Member
from orgs import audit

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def member_save(*, member: Member, actor: Actor) -> Member:
    """Validate and store a member (new or changed); raises ``ValidationError`` and writes
    nothing when any rule fails."""
    member.full_clean()
    member.save()
    return member


def member_reveal(*, member: Member, actor: Actor) -> dict[str, str]:
    """The member's full ID number and phone, for a user allowed to see them; audited."""
    audit.record(audit.Action.REVEAL, member, changes={"fields": ["id_number", "mobile"]})
    return {"id_number": member.id_number, "mobile": member.mobile}
