"""Writes to the liaison records. Every write validates the whole row and runs in one
transaction."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from liaison.models import Case, Decision

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def case_save(*, case: Case, actor: Actor) -> Case:
    """Validate and store an enterprise case (new or changed); raises ``ValidationError`` and
    writes nothing when any rule fails."""
    case.full_clean()
    case.save()
    return case


@transaction.atomic
def decision_save(*, decision: Decision, actor: Actor) -> Decision:
    """Validate and store a joint-meeting decision (new or changed)."""
    decision.full_clean()
    decision.save()
    return decision
