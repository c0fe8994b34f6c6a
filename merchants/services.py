"""Writes of the merchants app: the plaque workflow. Every service is keyword-only, atomic and
validates before it writes; the plaque services take their allowed moves from
:data:`merchants.rules.TRANSITIONS` and write one :class:`~merchants.models.PlaqueEvent` per
move (the audit log holds the field-level detail)."""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Member
from merchants import rules, verification
from merchants.models import Plaque, PlaqueEvent, Shop
from orgs.roles import ROLES
from orgs.scope import scope_for

Actor = AbstractBaseUser | AnonymousUser | None


def acting_user(actor: Actor) -> Any:
    """The authenticated user behind ``actor``, or None (a command, the system)."""
    return actor if actor is not None and actor.is_authenticated else None


def workflow_roles(actor: Actor) -> frozenset[str]:
    """The roles ``actor`` acts in (a superuser in all of them)."""
    user = acting_user(actor)
    if user is None:
        return frozenset()
    if user.is_superuser and user.is_active:
        return frozenset(ROLES)
    return scope_for(user).roles


def _check_actor(action: str, actor: Actor, automatic: bool) -> None:
    """Refuse ``action`` to an actor outside its party in the rule table; an automatic step
    (the complaint rule's suspension) is the system's own."""
    if automatic:
        return
    rule = rules.TRANSITIONS[action]
    if not rules.may_take(action, workflow_roles(actor)):
        raise ValidationError(
            _("Only %(roles)s can take the step “%(action)s”."),
            code="not_allowed",
            params={"roles": rules.party_label(rule.party), "action": rule.label},
        )


def _move(
    plaque: Plaque,
    action: str,
    *,
    on: datetime.date,
    actor: Actor,
    note: str = "",
    automatic: bool = False,
    **changes: Any,
) -> Plaque:
    """Apply one transition of the rule table: refuse it unless the actor belongs to the
    action's party, the plaque's status is a source of ``action``, a reason is given where the
    table asks for one and the action's precondition holds; otherwise set ``changes``, the
    target status and a timeline row."""
    rule = rules.TRANSITIONS[action]
    _check_actor(action, actor, automatic)
    if plaque.pk:
        Plaque.objects.select_for_update().filter(pk=plaque.pk).values_list("pk").first()
        plaque.refresh_from_db()
    from_status = plaque.status if plaque.pk else ""
    if plaque.pk and from_status not in rule.sources:
        raise ValidationError(
            _("A plaque that is “%(status)s” cannot be moved by “%(action)s”."),
            code="invalid_transition",
            params={"status": plaque.get_status_display(), "action": rule.label},
        )
    if rule.needs_reason and not note.strip():
        raise ValidationError(
            _("“%(action)s” needs a reason."), code="reason", params={"action": rule.label}
        )
    if plaque.pk:
        refusal = rules.precondition_refusal(action, plaque, on)
        if refusal is not None:
            code, message, params = refusal
            raise ValidationError(message, code=code, params=params)
    for name, value in changes.items():
        setattr(plaque, name, value)
    plaque.status = rule.target
    plaque.full_clean()
    plaque.save()
    code = plaque.code
    transaction.on_commit(lambda: verification.forget(code))
    PlaqueEvent.objects.create(
        plaque=plaque,
        action=action,
        from_status=from_status,
        to_status=rule.target,
        on=on,
        actor=acting_user(actor),
        note=note.strip(),
    )
    return plaque


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


@transaction.atomic
def plaque_apply(
    *,
    shop: Shop,
    actor: Actor,
    on: datetime.date | None = None,
    application: str = "",
    note: str = "",
) -> Plaque:
    """A shop applies for the plaque: refused while it has a plaque in progress, and for the
    waiting period after a revocation (``DANGJIAN_PLAQUE_REAPPLY_DAYS``)."""
    on = _today(on)
    Shop.objects.select_for_update().filter(pk=shop.pk).values_list("pk").first()
    refusal = rules.application_refusal(shop, on)
    if refusal is not None:
        code, message, params = refusal
        raise ValidationError(message, code=code, params=params)
    plaque = Plaque(shop=shop, applied_on=on, application=application)
    return _move(plaque, "apply", on=on, actor=actor, note=note)


@transaction.atomic
def plaque_review(
    *, plaque: Plaque, actor: Actor, on: datetime.date | None = None, note: str = ""
) -> Plaque:
    """The committee takes the application into review."""
    return _move(plaque, "review", on=_today(on), actor=actor, note=note)


@transaction.atomic
def plaque_reject(
    *, plaque: Plaque, actor: Actor, note: str, on: datetime.date | None = None
) -> Plaque:
    """The committee turns the application down, with its reason; the shop may apply again."""
    on = _today(on)
    return _move(plaque, "reject", on=on, actor=actor, note=note, ended_on=on)


@transaction.atomic
def plaque_award(
    *,
    plaque: Plaque,
    number: str,
    responsible: Member,
    actor: Actor,
    on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> Plaque:
    """Award the plaque: its number (unique), the awarding date, the party member answerable
    for the shop (an active member of the roster) and the end of validity (by default
    ``DANGJIAN_PLAQUE_VALIDITY_MONTHS`` after the award)."""
    on = _today(on)
    number = number.strip()
    if not number:
        raise ValidationError(_("Give the plaque number."), code="number")
    if Plaque.objects.filter(number=number).exclude(pk=plaque.pk).exists():
        raise ValidationError(
            _("The plaque number %(number)s is already given."),
            code="number_taken",
            params={"number": number},
        )
    if responsible.status != Member.Status.ACTIVE:
        raise ValidationError(
            _("%(member)s is “%(status)s”; the responsible party member must be active."),
            code="responsible",
            params={"member": responsible.name, "status": responsible.get_status_display()},
        )
    until = valid_until or rules.valid_until(on)
    if until <= on:
        raise ValidationError(
            _("The plaque must be valid after the awarding date."), code="valid_until"
        )
    return _move(
        plaque,
        "award",
        on=on,
        actor=actor,
        note=note,
        number=number,
        responsible=responsible,
        awarded_on=on,
        valid_until=until,
    )


@transaction.atomic
def plaque_renew(
    *, plaque: Plaque, actor: Actor, on: datetime.date | None = None, note: str = ""
) -> Plaque:
    """The yearly review is passed: validity runs another period from the later of the review
    date and the old end of validity. A failed review is a suspension (:func:`plaque_suspend`)."""
    on = _today(on)
    start = on
    if plaque.valid_until is not None and plaque.valid_until >= on:
        start = plaque.valid_until + datetime.timedelta(days=1)
    return _move(
        plaque,
        "renew",
        on=on,
        actor=actor,
        note=note,
        reviewed_on=on,
        valid_until=rules.valid_until(start),
    )


@transaction.atomic
def plaque_suspend(
    *,
    plaque: Plaque,
    actor: Actor,
    note: str,
    on: datetime.date | None = None,
    automatic: bool = False,
) -> Plaque:
    """Suspend the plaque (a failed yearly review, substantiated complaints), with its reason;
    ``automatic`` marks the complaint rule's own suspension, which needs no committee actor."""
    return _move(plaque, "suspend", on=_today(on), actor=actor, note=note, automatic=automatic)


@transaction.atomic
def plaque_restore(
    *, plaque: Plaque, actor: Actor, note: str, on: datetime.date | None = None
) -> Plaque:
    """Lift a suspension, with the reason (the shop put things right)."""
    return _move(plaque, "restore", on=_today(on), actor=actor, note=note)


@transaction.atomic
def plaque_revoke(
    *, plaque: Plaque, actor: Actor, note: str, on: datetime.date | None = None
) -> Plaque:
    """Revoke the plaque, a decision of committee staff; the shop may apply again after
    ``DANGJIAN_PLAQUE_REAPPLY_DAYS``."""
    on = _today(on)
    return _move(plaque, "revoke", on=on, actor=actor, note=note, ended_on=on)


# The service of each action the admin and the API offer on an existing plaque, and the inputs
# beyond ``on`` and ``note`` it takes.
PLAQUE_TRANSITIONS: dict[str, tuple[Callable[..., Plaque], tuple[str, ...]]] = {
    "review": (plaque_review, ()),
    "reject": (plaque_reject, ()),
    "award": (plaque_award, ("number", "responsible", "valid_until")),
    "renew": (plaque_renew, ()),
    "suspend": (plaque_suspend, ()),
    "restore": (plaque_restore, ()),
    "revoke": (plaque_revoke, ()),
}


def plaque_actions(*, plaque: Plaque, actor: Actor) -> list[str]:
    """The actions ``actor`` may take on ``plaque`` now, in table order."""
    roles = workflow_roles(actor)
    return [
        action
        for action in rules.allowed_actions(plaque.status)
        if action in PLAQUE_TRANSITIONS and rules.may_take(action, roles)
    ]
