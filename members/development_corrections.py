"""Correcting and voiding the last recorded step of an application, so that a wrong record
never leaves an application without a legal next move.

Only the last step in force can be amended, by the user who recorded it or by committee staff,
always with a reason. A correction is re-validated by the same blocking rules as a new record
(against the steps before it) and replaces the record, which stays in the timeline as voided;
the documents follow the correction. Voiding re-opens the step; where the step changed the
roster, voiding undoes that (24) or says what staff must put right first (17). Both are
audited like every write: the voided record's update and the new record carry who, when and
why.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from members import rules
from members.development import (
    Actor,
    Document,
    application_derive,
    check_step,
    lock,
    save_step,
)
from members.models import Application, Member, StepRecord
from members.services import member_change_status, member_save


def last_record(application: Application) -> StepRecord | None:
    """The step record the application stands on: the latest in force."""
    history = rules.History(list(application.steps.in_force()))
    return history.records[-1] if history.records else None


def may_amend(record: StepRecord, actor: Any) -> bool:
    """The user who recorded the step, or committee staff, may correct or void it."""
    if rules.is_committee_staff(actor):
        return True
    return bool(actor is not None and actor.is_authenticated and record.recorded_by_id == actor.pk)


def amend_refusals(record: StepRecord, actor: Any) -> list[str]:
    """Why ``record`` may not be corrected or voided by ``actor`` now (empty when it may)."""
    if record.voided_at is not None:
        return [gettext("This record has already been voided.")]
    last = last_record(record.application)
    if last is not None and last.pk != record.pk:
        return [
            gettext(
                "Only the last recorded step can be corrected or voided; it is step "
                "%(step)s of %(date)s."
            )
            % {"step": rules.step_label(last.step), "date": last.on.isoformat()}
        ]
    if not may_amend(record, actor):
        recorder = record.recorded_by.get_username() if record.recorded_by else "—"
        return [
            gettext(
                "Only the user who recorded the step (%(user)s) or the committee's staff may "
                "correct or void it."
            )
            % {"user": recorder}
        ]
    return []


def _check(record: StepRecord, reason: str, actor: Actor) -> list[StepRecord]:
    """Lock the application, refuse what may not be amended, and return the records in force
    before ``record``."""
    application = record.application
    lock(application)
    record.refresh_from_db()
    refusals = amend_refusals(record, actor)
    if not reason.strip():
        refusals.append(gettext("Give the reason for the correction or voiding."))
    if refusals:
        raise ValidationError(refusals, code="amend")
    return [r for r in application.steps.in_force() if r.pk != record.pk]


def _void(record: StepRecord, reason: str, actor: Actor) -> None:
    record.voided_at = timezone.now()
    record.voided_by_id = actor.pk if actor is not None and actor.is_authenticated else None
    record.void_reason = reason.strip()
    record.full_clean()
    record.save(update_fields=["voided_at", "voided_by", "void_reason"])


@transaction.atomic
def step_record_correct(
    *,
    record: StepRecord,
    reason: str,
    actor: Actor,
    on: datetime.date,
    note: str = "",
    documents: Sequence[Document] = (),
    **details: Any,
) -> StepRecord:
    """Replace the last recorded step by a corrected one (same step; date, note, documents and
    details as for :func:`~members.development.application_record_step`), or refuse with a
    ``ValidationError`` and change nothing. The record is voided with ``reason`` and the
    correction points back to it; its documents move to the correction."""
    before = _check(record, reason, actor)
    application = record.application
    kept = list(record.documents.all())
    attached, checked = check_step(
        application=application,
        records=before,
        step=record.step,
        on=on,
        actor=actor,
        details=details,
        documents=documents,
        kept=kept,
    )
    _void(record, reason, actor)
    corrected = save_step(
        application, before, record.step, on, actor, note, attached, checked, corrects=record
    )
    for document in kept:
        document.record = corrected
        document.save(update_fields=["record"])
    return corrected


@transaction.atomic
def step_record_void(*, record: StepRecord, reason: str, actor: Actor) -> StepRecord:
    """Void the last recorded step with ``reason``: the step may be recorded again, the
    application is derived again from the steps before it, and the roster is put back where
    the step changed it. Refused, changing nothing, for the application's own step 1 (correct
    it instead) and for an admission approval (17) whose member is still on the roster."""
    before = _check(record, reason, actor)
    application = record.application
    if record.step == 1:
        raise ValidationError(
            gettext(
                "Step 1 opens the application and cannot be voided; correct its date, note or "
                "documents instead."
            ),
            code="amend",
        )
    if record.step == 17 and application.member is not None:
        raise ValidationError(_admission_refusal(application.member), code="amend")
    if record.step == 24:
        _undo_conversion(application, before, record, reason, actor)
    if record.step == 5:
        application.contact_1 = application.contact_2 = None
    elif record.step == 9:
        application.introducer_1 = application.introducer_2 = None
    _void(record, reason, actor)
    application_derive(application=application, records=before)
    return record


def _admission_refusal(member: Member) -> str:
    return gettext(
        "Step 17 put %(name)s on the roster as a probationary member, and voiding it cannot "
        "take them off again. If only the approval's date, note or documents are wrong, correct "
        "the step. If the committee did not approve, committee staff first remove %(name)s from "
        "the roster, then void the step."
    ) % {"name": member.name}


def _undo_conversion(
    application: Application,
    before: list[StepRecord],
    record: StepRecord,
    reason: str,
    actor: Actor,
) -> None:
    """Put the member back as they were before the committee approved the branch's decision:
    probationary again after a conversion, in their former status after a cancellation (a
    status change dated like the lapse it undoes, so the history reads as if the member never
    lapsed). When the roster has changed since, say so and change nothing."""
    member = application.member
    decision = rules.History(before).last_record(23)
    if member is None or decision is None:
        return
    outcome = decision.conversion_outcome
    if outcome == StepRecord.ConversionOutcome.CONVERT:
        if member.category != Member.Category.FULL:
            raise ValidationError(_roster_changed(member), code="amend")
        member.category = Member.Category.PROBATIONARY
        member.full_membership_date = None
        member_save(member=member, actor=actor)
    elif outcome == StepRecord.ConversionOutcome.CANCEL:
        lapsed = member.status_changes.filter(to_status=Member.Status.LAPSED).order_by("pk").last()
        if member.status != Member.Status.LAPSED:
            raise ValidationError(_roster_changed(member), code="amend")
        member_change_status(
            member=member,
            to_status=lapsed.from_status if lapsed else Member.Status.ACTIVE,
            on=lapsed.on if lapsed else record.on,
            reason=gettext("Approval of step 24 voided: %(reason)s") % {"reason": reason.strip()},
            actor=actor,
        )


def _roster_changed(member: Member) -> str:
    return gettext(
        "The roster no longer shows %(name)s as step 24 left them (the category or status has "
        "changed since); put the roster right first, then void the step."
    ) % {"name": member.name}
