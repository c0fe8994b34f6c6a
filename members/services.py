"""Writes to the roster. Every write validates the whole row and runs in one transaction."""

import datetime
from collections.abc import Collection

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member, MemberStatusChange
from orgs import audit, edits

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def member_save(*, member: Member, actor: Actor, fields: Collection[str] | None = None) -> Member:
    """Validate and store a member (new or changed); raises ``ValidationError`` and writes
    nothing when any rule fails. With ``fields`` (a partial edit) only those are taken from
    ``member``, the rest from the stored row, and only what changed is written
    (:func:`orgs.edits.stored_with`)."""
    if fields is not None and member.pk is not None:
        member = edits.stored_with(member, fields)
    member.full_clean()
    edits.save(member)
    return member


def member_reveal(*, member: Member, actor: Actor) -> dict[str, str]:
    """The member's full ID number and phone, for a user allowed to see them; audited."""
    audit.record(audit.Action.REVEAL, member, changes={"fields": ["id_number", "mobile"]})
    return {"id_number": member.id_number, "mobile": member.mobile}


@transaction.atomic
def member_change_status(
    *, member: Member, to_status: str, on: datetime.date, reason: str, actor: Actor
) -> MemberStatusChange:
    """Change a member's status and record the change on their timeline."""
    if to_status == member.status:
        raise ValidationError({"to_status": _("The member already has this status.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    change = MemberStatusChange(
        member=member,
        from_status=member.status,
        to_status=to_status,
        on=on,
        reason=reason,
        actor=actor if isinstance(actor, User) and actor.is_authenticated else None,
    )
    change.full_clean()
    change.save()
    member.status = to_status
    member.save(update_fields=["status", "updated_at"])
    return change
