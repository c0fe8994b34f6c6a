"""Writes to the roster. Every write validates the whole row and runs in one transaction."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from members.models import Member

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def member_save(*, member: Member, actor: Actor) -> Member:
    """Validate and store a member (new or changed); raises ``ValidationError`` and writes
    nothing when any rule fails."""
    member.full_clean()
    member.save()
    return member
