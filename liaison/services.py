"""Writes of the liaison app: assignments, visits, the case lifecycle, joint meetings and the
deadline watch. Every service is keyword-only, atomic and validates before it writes; the case
services take their allowed moves from :data:`liaison.rules.TRANSITIONS` and write one
:class:`~liaison.models.CaseEvent` per move."""

import datetime
from collections.abc import Callable, Collection
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison import rules, selectors
from liaison.models import (
    Assignment,
    Case,
    CaseEvent,
    DeadlineNotice,
    Decision,
    JointMeeting,
    Officer,
    SupervisionNote,
    Visit,
)
from liaison.rules import AWAITING_FEEDBACK
from liaison.selectors import current_assignments
from orgs import edits
from orgs.models import Enterprise

Actor = AbstractBaseUser | AnonymousUser | None


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


# --- assignments and visits -------------------------------------------------------------------


@transaction.atomic
def assignment_reassign(
    *, enterprise: Enterprise, to_officer: Officer, on: datetime.date, actor: Actor
) -> Assignment:
    """Hand an enterprise to another officer from ``on``: the current assignment ends the day
    before, a new one starts on ``on``, and the enterprise's open cases follow the new officer
    (each with a timeline row), so that nothing is left with someone who no longer sees it."""
    current = list(current_assignments(on).select_for_update().filter(enterprise=enterprise))
    if any(a.officer_id == to_officer.pk for a in current):
        raise ValidationError(
            _("%(officer)s is already assigned to %(enterprise)s."),
            code="same_officer",
            params={"officer": to_officer.name, "enterprise": enterprise.name},
        )
    ends_on = on - datetime.timedelta(days=1)
    for old in current:
        if old.starts_on > ends_on:
            raise ValidationError(
                _("The current assignment starts on %(day)s; reassign from a later day."),
                code="too_early",
                params={"day": old.starts_on.isoformat()},
            )
        old.ends_on = ends_on
        old.full_clean()
        old.save(update_fields=["ends_on"])
    new = Assignment(officer=to_officer, enterprise=enterprise, starts_on=on)
    new.full_clean()
    new.save()
    open_cases = list(Case.objects.filter(enterprise=enterprise).exclude(status=Case.Status.CLOSED))
    if open_cases:
        Case.objects.filter(pk__in=[c.pk for c in open_cases]).update(officer=to_officer)
        note = gettext("Reassigned to %(officer)s.") % {"officer": to_officer.name}
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=c,
                    action="reassign",
                    from_status=c.status,
                    to_status=c.status,
                    actor=_user(actor),
                    note=note,
                )
                for c in open_cases
            ]
        )
    return new


@transaction.atomic
def visit_save(*, visit: Visit, actor: Actor, fields: Collection[str] | None = None) -> Visit:
    """Validate and store a visit record; with ``fields``, a partial edit of those fields
    (:func:`orgs.edits.stored_with`)."""
    if fields is not None and visit.pk is not None:
        visit = edits.stored_with(visit, fields)
    visit.full_clean()
    edits.save(visit)
    return visit


# --- the case lifecycle -----------------------------------------------------------------------


def _lock(case: Case) -> None:
    """Re-read the case under a row lock, so that two users acting at once cannot both move it
    from the same status."""
    if case.pk:
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        case.refresh_from_db()


def _check_actor(case: Case, action: str, actor: Actor) -> None:
    """Refuse ``action`` to an actor outside its party in the rule table, and a reviewer's step
    to whoever handled the case."""
    rule = rules.TRANSITIONS[action]
    user = _user(actor)
    if not rules.may_take(action, selectors.workflow_roles(user)):
        raise ValidationError(
            _("Only %(roles)s can take the step “%(action)s”."),
            code="not_allowed",
            params={"roles": rules.party_label(rule.party), "action": rule.label},
        )
    if rule.party is rules.Party.REVIEWER and selectors.handled_by(case, user):
        raise ValidationError(
            _(
                "You took part in handling this case: its return visit, closing or reopening "
                "is recorded by someone else (%(roles)s)."
            ),
            code="handler_reviews",
            params={"roles": rules.party_label(rule.party)},
        )


def _move(case: Case, action: str, actor: Actor, note: str = "", **changes: Any) -> Case:
    """Apply one transition of the rule table: refuse it unless the actor belongs to the
    action's party, the case's current status is a source of ``action`` and the action's
    precondition holds; otherwise set ``changes``, the target status and a timeline row."""
    rule = rules.TRANSITIONS[action]
    _lock(case)
    _check_actor(case, action, actor)
    from_status = case.status if case.pk else ""
    if case.pk and from_status not in rule.sources:
        raise ValidationError(
            _("A case that is “%(status)s” cannot be moved by “%(action)s”."),
            code="invalid_transition",
            params={"status": case.get_status_display(), "action": rule.label},
        )
    refusal = rules.precondition_refusal(action, case)
    if refusal is not None:
        code, message = refusal
        raise ValidationError(message, code=code)
    for name, value in changes.items():
        setattr(case, name, value)
    case.status = rule.target
    case.full_clean()
    case.save()
    CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=rule.target,
        actor=_user(actor),
        note=note,
    )
    return case


@transaction.atomic
def case_register(*, case: Case, actor: Actor, note: str = "") -> Case:
    """Store a new case as registered, with the first row of its timeline."""
    if case.pk:
        raise ValidationError(_("This case is already registered."), code="registered")
    return _move(case, "register", actor, note)


@transaction.atomic
def case_grade(*, case: Case, grade: str, actor: Actor, note: str = "") -> Case:
    """Grade a registered case; the grade sets the feedback deadline (see
    :func:`liaison.rules.feedback_due`)."""
    if grade not in rules.FEEDBACK_PERIODS:
        raise ValidationError(_("Choose a grade."), code="grade")
    return _move(
        case,
        "grade",
        actor,
        note,
        grade=grade,
        due_at=rules.feedback_due(grade, case.registered_at),
    )


@transaction.atomic
def case_handle(*, case: Case, actor: Actor, note: str = "") -> Case:
    """The commissioner takes the case on personally; it is accepted at once."""
    unit = case.officer.unit or case.officer.name
    return _move(case, "handle", actor, note, responsible_unit=unit)


@transaction.atomic
def case_dispatch(*, case: Case, responsible_unit: str, actor: Actor, note: str = "") -> Case:
    """Send the case to a responsible unit, which must then accept it."""
    if not responsible_unit.strip():
        raise ValidationError(
            {"responsible_unit": _("Name the unit the case is dispatched to.")}, code="unit"
        )
    return _move(case, "dispatch", actor, note, responsible_unit=responsible_unit.strip())


@transaction.atomic
def case_escalate(*, case: Case, actor: Actor, note: str = "") -> Case:
    """Put the case before the industry joint meeting (it joins the next agenda)."""
    return _move(case, "escalate", actor, note)


@transaction.atomic
def case_accept(*, case: Case, actor: Actor, note: str = "") -> Case:
    """The responsible unit (or the joint meeting) signs for the case."""
    return _move(case, "accept", actor, note)


@transaction.atomic
def case_start(*, case: Case, actor: Actor, note: str = "") -> Case:
    """Work on the case begins."""
    return _move(case, "start", actor, note)


@transaction.atomic
def case_approve_extension(*, case: Case, actor: Actor, note: str = "") -> Case:
    """The red-leader secretary approves one deadline extension. Each approval allows exactly
    one extension, so a second extension needs a second approval."""
    _lock(case)
    return _move(
        case, "approve_extension", actor, note, extensions_approved=case.extensions_approved + 1
    )


@transaction.atomic
def case_extend(*, case: Case, until: datetime.datetime, actor: Actor, note: str = "") -> Case:
    """Move the feedback deadline to ``until``, using one approved extension."""
    _lock(case)
    if case.due_at is not None and until <= case.due_at:
        raise ValidationError(
            {"until": _("The new deadline must be later than the current one.")}, code="until"
        )
    previous = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M") if case.due_at else ""
    text = note or gettext("Deadline moved from %(old)s.") % {"old": previous}
    return _move(
        case,
        "extend",
        actor,
        text,
        due_at=until,
        extensions_used=case.extensions_used + 1,
        overdue=False,
    )


@transaction.atomic
def case_answer(*, case: Case, answer: str, actor: Actor, note: str = "") -> Case:
    """Give the enterprise the answer. The first answer's time is kept for the response rate."""
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer given to the enterprise.")})
    _lock(case)
    return _move(
        case,
        "answer",
        actor,
        note,
        answer=answer.strip(),
        answered_at=case.answered_at or timezone.now(),
        overdue=False,
    )


@transaction.atomic
def case_revisit(*, case: Case, satisfaction: str, actor: Actor, note: str = "") -> Case:
    """Record the return visit and the enterprise's satisfaction — by a reviewer who did not
    handle the case (see :class:`liaison.rules.Party`)."""
    if satisfaction not in Case.Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose the enterprise's satisfaction.")})
    return _move(case, "revisit", actor, note, satisfaction=satisfaction)


@transaction.atomic
def case_close(*, case: Case, actor: Actor, note: str = "") -> Case:
    """Close a revisited case the enterprise is (basically) satisfied with."""
    _lock(case)
    return _move(case, "close", actor, note, closed_at=timezone.now())


@transaction.atomic
def case_reopen(*, case: Case, actor: Actor, note: str = "") -> Case:
    """Reopen a case the enterprise is dissatisfied with. It is routed again and gets a fresh
    feedback period of its grade, counted from now."""
    _lock(case)
    due_at = rules.feedback_due(case.grade, timezone.now()) if case.grade else None
    return _move(case, "reopen", actor, note, due_at=due_at, overdue=False)


# --- joint meetings and decisions -------------------------------------------------------------


@transaction.atomic
def meeting_save(*, meeting: JointMeeting, actor: Actor) -> JointMeeting:
    """Validate and store a joint meeting; a new one remembers who recorded it, so that they
    keep seeing it whoever convenes it."""
    if meeting.pk is None and meeting.created_by_id is None:
        meeting.created_by = _user(actor)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_build_agenda(*, meeting: JointMeeting, cases: Any, actor: Actor) -> int:
    """Put the given escalated cases (the caller passes those the actor may see) on the
    meeting's agenda; returns how many were added."""
    present = set(meeting.cases.values_list("pk", flat=True))
    new = [c.pk for c in cases.filter(status=Case.Status.ESCALATED) if c.pk not in present]
    if new:
        meeting.cases.add(*new)
    return len(new)


@transaction.atomic
def decision_supervise(*, decision: Decision, note: str, actor: Actor) -> SupervisionNote:
    """Add a supervision note to a decision that is not done yet; the first note marks the
    decision in progress."""
    if decision.status == Decision.Status.DONE:
        raise ValidationError(_("The decision is done; it needs no more supervision."), code="done")
    row = SupervisionNote(decision=decision, note=note, actor=_user(actor))
    row.full_clean()
    row.save()
    if decision.status == Decision.Status.OPEN:
        decision.status = Decision.Status.IN_PROGRESS
        decision.save(update_fields=["status"])
    return row


@transaction.atomic
def decision_complete(
    *,
    decision: Decision,
    close_case: bool,
    actor: Actor,
    on: datetime.date | None = None,
) -> Decision:
    """Mark a decision done; with ``close_case`` its case is closed as well (the decision
    settled it), with a timeline row naming the meeting."""
    if decision.status == Decision.Status.DONE:
        raise ValidationError(_("The decision is already done."), code="done")
    decision.status = Decision.Status.DONE
    decision.completed_on = on or timezone.localdate()
    decision.overdue = False
    decision.full_clean()
    decision.save()
    if close_case:
        if decision.case is None:
            raise ValidationError(_("This decision concerns no case."), code="no_case")
        note = gettext("Settled by the decision of %(meeting)s.") % {
            "meeting": decision.meeting.title
        }
        _move(decision.case, "close_by_decision", actor, note, closed_at=timezone.now())
    return decision


# --- the deadline watch -----------------------------------------------------------------------


def _red_leaders_for(enterprise: Enterprise) -> list[Officer]:
    ids = (
        current_assignments()
        .filter(Q(enterprise=enterprise) | Q(park_id=enterprise.park_id, park__isnull=False))
        .filter(officer__role=Officer.Role.RED_LEADER)
        .values("officer_id")
    )
    return list(Officer.objects.filter(pk__in=ids).select_related("user"))


def _emails(officers: list[Officer]) -> list[str]:
    return sorted({o.user.email for o in officers if o.user.email})


def _notify(item: Case | Decision, state: str, subject: str, body: str, to: list[str]) -> bool:
    """Send one mail for ``item`` in ``state`` unless it has been sent; True when sent."""
    field = "case" if isinstance(item, Case) else "decision"
    if DeadlineNotice.objects.filter(**{field: item, "state": state}).exists():
        return False
    DeadlineNotice.objects.create(**{field: item}, state=state, recipients=", ".join(to))
    if to:
        mail.send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return True


@transaction.atomic
def deadlines_sweep(*, now: datetime.datetime | None = None) -> int:
    """Flag cases past their feedback deadline and decisions past theirs, clear the flag of
    those no longer late, and mail the commissioner and the red-leader secretary once per item
    and missed deadline (a later deadline that is missed again is mailed again). Returns the
    number of mails sent; a second run with nothing changed sends none."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    late_cases = Case.objects.filter(status__in=AWAITING_FEEDBACK, due_at__lt=now)
    Case.objects.filter(overdue=True).exclude(pk__in=late_cases.values("pk")).update(overdue=False)
    late_cases.filter(overdue=False).update(overdue=True)
    sent = 0
    for case in late_cases.select_related("officer__user", "enterprise"):
        assert case.due_at is not None
        due = timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M")
        to = _emails([case.officer, *_red_leaders_for(case.enterprise)])
        subject = gettext("Case overdue: %(title)s") % {"title": case.title}
        body = gettext(
            "The case “%(title)s” of %(enterprise)s was due for feedback at %(due)s "
            "and is still %(status)s."
        ) % {
            "title": case.title,
            "enterprise": case.enterprise.name,
            "due": due,
            "status": case.get_status_display(),
        }
        sent += _notify(case, f"overdue:{case.due_at.isoformat()}", subject, body, to)

    late_decisions = Decision.objects.exclude(status=Decision.Status.DONE).filter(
        deadline__lt=today
    )
    Decision.objects.filter(overdue=True).exclude(pk__in=late_decisions.values("pk")).update(
        overdue=False
    )
    late_decisions.filter(overdue=False).update(overdue=True)
    for decision in late_decisions.select_related("meeting__convener__user", "case__officer__user"):
        officers = [decision.meeting.convener]
        if decision.case is not None:
            officers.append(decision.case.officer)
        subject = gettext("Decision overdue: %(text)s") % {"text": str(decision)}
        body = gettext(
            "The decision “%(text)s” of %(meeting)s, assigned to %(unit)s, was due on "
            "%(deadline)s and is not done."
        ) % {
            "text": decision.text,
            "meeting": decision.meeting.title,
            "unit": decision.responsible_unit,
            "deadline": decision.deadline.isoformat(),
        }
        state = f"overdue:{decision.deadline.isoformat()}"
        sent += _notify(decision, state, subject, body, _emails(officers))
    return sent


@transaction.atomic
def case_update(*, case: Case, actor: Actor, fields: Collection[str] | None = None) -> Case:
    """Store edits of a case's own description (title, description, category); its status,
    grade and deadlines change only through the transitions above. With ``fields``, a partial
    edit of those fields (:func:`orgs.edits.stored_with`)."""
    if case.pk is None:
        raise ValidationError(_("Register a new case instead of updating it."), code="new")
    kept = (*rules.WORKFLOW_FIELDS, "officer_id", "enterprise_id")
    if fields is not None:
        case = edits.stored_with(
            case, [f for f in fields if f not in kept and f"{f}_id" not in kept]
        )
    else:
        stored = Case.objects.select_for_update().get(pk=case.pk)
        for field in kept:
            setattr(case, field, getattr(stored, field))
    case.full_clean()
    edits.save(case)
    return case


@transaction.atomic
def decision_save(
    *, decision: Decision, actor: Actor, fields: Collection[str] | None = None
) -> Decision:
    """Validate and store a joint-meeting decision (new or changed); with ``fields``, a
    partial edit of those fields (:func:`orgs.edits.stored_with`)."""
    if fields is not None and decision.pk is not None:
        decision = edits.stored_with(decision, fields)
    decision.full_clean()
    edits.save(decision)
    return decision


# The transitions the admin and the API offer, with the inputs each takes beyond ``note``.
CASE_TRANSITIONS: dict[str, tuple[Callable[..., Case], tuple[str, ...]]] = {
    "grade": (case_grade, ("grade",)),
    "handle": (case_handle, ()),
    "dispatch": (case_dispatch, ("responsible_unit",)),
    "escalate": (case_escalate, ()),
    "accept": (case_accept, ()),
    "start": (case_start, ()),
    "approve_extension": (case_approve_extension, ()),
    "extend": (case_extend, ("until",)),
    "answer": (case_answer, ("answer",)),
    "revisit": (case_revisit, ("satisfaction",)),
    "close": (case_close, ()),
    "reopen": (case_reopen, ()),
}
