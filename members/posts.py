"""Party post writes: a member takes up a post in an organization, and leaves it."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import Member, PartyPost
from orgs.models import Organization

# Posts one person holds at a time in an organization.
SINGLE_POSTS = frozenset({PartyPost.Post.SECRETARY})


@transaction.atomic
def party_post_start(
    *, organization: Organization, member: Member, post: str, on: datetime.date, actor: Any
) -> PartyPost:
    """``member`` holds ``post`` in ``organization`` from ``on``. The member must belong to
    the organization (or one below it); a branch has one secretary at a time."""
    if not member.branch.path.startswith(organization.path):
        raise ValidationError({"member": _("The member does not belong to this organization.")})
    current = PartyPost.objects.filter(organization=organization, post=post, ended_on__isnull=True)
    if post in SINGLE_POSTS and current.exclude(member=member).exists():
        raise ValidationError({"post": _("This post is held; end it before appointing anew.")})
    record = PartyPost(organization=organization, member=member, post=post, started_on=on)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def party_post_end(*, record: PartyPost, on: datetime.date, actor: Any) -> PartyPost:
    """The member leaves the post on ``on``."""
    record.ended_on = on
    record.full_clean()
    record.save(update_fields=["ended_on"])
    return record
