"""Writes of membership development: submitting an application and recording its steps, and
the hand-over to the roster (the secretaries' digest and pipeline are
:mod:`members.development_digest`).

Every step goes through :func:`application_record_step`, which asks :func:`members.rules.blocks`
first and saves nothing when a rule refuses; the application's stage, next step and deadline are
then derived again from its steps (:func:`members.rules.progress`). Correcting or voiding the
last step is :mod:`members.development_corrections`.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from members import rules
from members.development_roster import branch_full_members_on
from members.models import (
    Application,
    DocumentKind,
    Member,
    RuleSet,
    StepDocument,
    StepRecord,
    validate_document,
)
from members.services import member_change_status, member_save

Actor = AbstractBaseUser | AnonymousUser | None
Document = File | tuple[str, File]  # type: ignore[type-arg]
CANCELLATION_REASON = _("Probationary membership cancelled (development step 24)")

# The step details a caller may pass, beside the date, note and documents.
DETAILS = frozenset(
    {
        "contacts",
        "introducers",
        "political_review_result",
        "training_days",
        "training_hours",
        "notice_start",
        "notice_end",
        "vote_entitled",
        "vote_present",
        "vote_for",
        "vote_against",
        "vote_abstain",
        "vote_entitled_reason",
        "conversion_outcome",
        "extension_months",
    }
)
_RECORD_FIELDS = (
    "notice_start",
    "notice_end",
    "vote_entitled",
    "vote_present",
    "vote_for",
    "vote_against",
    "vote_abstain",
    "vote_entitled_reason",
    "vote_roster",
    "conversion_outcome",
    "extension_months",
    "training_days",
    "training_hours",
    "political_review_result",
)


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def rule_set_for(on: datetime.date) -> RuleSet:
    """The rule set in force on ``on`` (the newest that took effect by then)."""
    found = RuleSet.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    if found is None:
        found = RuleSet.objects.order_by("effective_from").first()
    if found is None:
        raise ValidationError(_("No development rule set is defined."), code="no_rule_set")
    return found


def _documents(step: int, documents: Sequence[Document]) -> list[tuple[str, File]]:  # type: ignore[type-arg]
    """Documents as (kind, file), each checked for type and size before anything is written."""
    default = (rules.STEPS[step].documents or (DocumentKind.OTHER,))[0]
    normalised = []
    for document in documents:
        kind, upload = document if isinstance(document, tuple) else (default, document)
        if kind not in DocumentKind.values:
            raise ValidationError({"documents": _("Choose the kind of document.")})
        try:
            validate_document(upload)
        except ValidationError as error:
            raise ValidationError({"documents": error.messages}) from None
        normalised.append((kind, upload))
    return normalised


@transaction.atomic
def application_submit(
    *,
    application: Application,
    on: datetime.date,
    actor: Actor,
    documents: Sequence[Document] = (),
    note: str = "",
) -> Application:
    """Open a new application (identity, branch, workplace set by the caller) with its step 1,
    the applicant's letter attached. The rule set in force on the application date is recorded
    on it unless the caller chose one."""
    if application.pk:
        raise ValidationError(_("This application is already open."), code="open")
    if application.rule_set_id is None:
        application.rule_set = rule_set_for(on)
    application.full_clean()
    found = step_one_blocks(application=application, on=on, actor=actor, documents=documents)
    if found:
        raise ValidationError([block.message for block in found], code="blocked")
    attached = _documents(1, documents)
    application.save()
    save_step(application, [], 1, on, actor, note, attached, {})
    return application


def step_one_blocks(
    *, application: Application, on: datetime.date, actor: Actor, documents: Sequence[Any]
) -> list[rules.Block]:
    """What forbids opening this application on ``on`` (forms ask before saving)."""
    if application.rule_set_id is None:
        application.rule_set = rule_set_for(on)
    return rules.blocks(
        application=application,
        records=[],
        step=1,
        on=on,
        actor=actor,
        details={},
        documents=documents,
    )


@transaction.atomic
def application_save(*, application: Application, actor: Actor) -> Application:
    """Store edits of an open application's own data (name, workplace); its steps and derived
    fields change only through :func:`application_record_step`."""
    application.full_clean()
    application.save()
    return application


@transaction.atomic
def application_record_step(
    *,
    application: Application,
    step: int,
    on: datetime.date,
    actor: Actor,
    note: str = "",
    documents: Sequence[Document] = (),
    **details: Any,
) -> StepRecord:
    """Record one development step, or refuse it with a ``ValidationError`` naming each rule
    that blocks it (and the earliest date it becomes possible) and save nothing.

    ``details`` carry what the step decides: ``contacts`` (5), ``introducers`` (9),
    ``political_review_result`` (10), ``training_days``/``training_hours`` (11, one part of
    the training), ``notice_start``/``notice_end`` (8, 23 and, per rule set, 15), the
    ``vote_*`` figures (15, 23; ``vote_entitled`` defaults to the branch's full members on the
    meeting date, and a smaller number needs ``vote_entitled_reason``), ``conversion_outcome``
    and ``extension_months`` (23). Committee approval (17) puts the applicant on the roster as
    a probationary member; the approval of a conversion decision (24) makes them a full member
    or ends the probationary membership.
    """
    lock(application)
    records = list(application.steps.in_force())
    attached, checked = check_step(
        application=application,
        records=records,
        step=step,
        on=on,
        actor=actor,
        details=details,
        documents=documents,
    )
    return save_step(application, records, step, on, actor, note, attached, checked)


def lock(application: Application) -> None:
    """Lock the application's row and reload it, so that two users recording at once cannot
    both pass the order rule."""
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk").first()
    application.refresh_from_db()


def check_step(
    *,
    application: Application,
    records: Sequence[StepRecord],
    step: int,
    on: datetime.date,
    actor: Actor,
    details: dict[str, Any],
    documents: Sequence[Document] = (),
    kept: Sequence[StepDocument] = (),
) -> tuple[list[tuple[str, File]], dict[str, Any]]:  # type: ignore[type-arg]
    """Ask the blocking rules about ``step`` after ``records``; raise a ``ValidationError``
    with every refusal, or return the checked documents and details (with the roster's count
    of members entitled to vote, for a meeting). ``kept`` are the documents a correction keeps
    from the record it replaces."""
    unknown = set(details) - DETAILS
    if unknown:
        raise TypeError(f"Unknown step details: {sorted(unknown)}")
    checked = dict(details)
    sponsors = [m for name in ("contacts", "introducers") for m in checked.get(name) or [] if m]
    prefetch_related_objects(sponsors, "status_changes")
    voters = None
    if step in rules.VOTE_STEPS:
        voters = len(branch_full_members_on(application.branch, on))
        if checked.get("vote_entitled") is None:
            checked["vote_entitled"] = voters
        checked["vote_roster"] = voters
    found = rules.blocks(
        application=application,
        records=records,
        step=step,
        on=on,
        actor=actor,
        details=checked,
        documents=[*documents, *kept],
        voters=voters,
    )
    if found:
        raise ValidationError([block.message for block in found], code="blocked")
    return _documents(step, documents), checked


def save_step(
    application: Application,
    records: list[StepRecord],
    step: int,
    on: datetime.date,
    actor: Actor,
    note: str,
    attached: list[tuple[str, File]],  # type: ignore[type-arg]
    details: dict[str, Any],
    *,
    corrects: StepRecord | None = None,
) -> StepRecord:
    """Write a step the rules allowed, derive the application again, and hand over to the
    roster (17, 24) — except for a correction, which changes the record but not what the
    roster took from the steps (the admission date is the meeting's, full membership starts at
    the end of probation)."""
    record = StepRecord(
        application=application,
        step=step,
        on=on,
        recorded_by=_user(actor),
        note=note,
        corrects=corrects,
        **{name: details[name] for name in _RECORD_FIELDS if details.get(name) is not None},
    )
    record.full_clean()
    record.save()
    for kind, upload in attached:
        document = StepDocument(record=record, kind=kind)
        document.file.save((upload.name or "").rsplit("/", 1)[-1], upload, save=False)
        document.save()
    if step == 5:
        contacts = list(details["contacts"])
        application.contact_1, application.contact_2 = [*contacts, None][:2]
    elif step == 9:
        application.introducer_1, application.introducer_2 = details["introducers"]
    records = [*records, record]
    application_derive(application=application, records=records)
    if corrects is None:
        history = rules.History(records)
        if step == 17:
            _admit(application, history, actor)
        elif step == 24:
            _settle_conversion(application, history, on, actor)
    return record


def application_derive(*, application: Application, records: Sequence[StepRecord]) -> None:
    """Derive again, from the records in force, what the steps decide: the training totals
    (the sum of the step-11 parts), the political review (the latest step 10), the stage, next
    step, nearest deadline and outcome; and store them."""
    history = rules.History(list(records))
    days, hours = history.training
    trained = bool(history.counts[11])
    application.training_days = days if trained else None
    application.training_hours = hours if trained else None
    review = history.last_record(10)
    application.political_review_result = review.political_review_result if review else ""
    application.political_review_date = review.on if review else None
    _apply_progress(application, rules.progress(application.rule_set, records))
    application.full_clean()
    application.save()


def _apply_progress(application: Application, progress: rules.Progress) -> None:
    application.stage = progress.stage
    application.last_step = progress.last_step
    application.next_step = progress.next_step
    application.due_step = progress.due_step
    application.due_on = progress.due_on
    application.outcome = progress.outcome


def _admit(application: Application, history: rules.History, actor: Actor) -> None:
    """Committee approval: the applicant joins the roster as a probationary member, admitted on
    the date of the branch general meeting (step 15)."""
    member = application.member or (
        Member.objects.filter(id_number_hash=application.id_number_hash).first()
    )
    if member is None:
        member = Member(source=Member.Source.DEVELOPED)
        member.id_number = application.id_number
    member.name = application.name
    member.gender = application.gender
    member.birth_date = application.birth_date
    member.branch = application.branch
    member.workplace = application.workplace
    member.category = Member.Category.PROBATIONARY
    member.admission_date = history.first(15)  # type: ignore[assignment]
    member.full_membership_date = None
    member.status = Member.Status.ACTIVE
    member_save(member=member, actor=actor)
    application.member = member
    application.save(update_fields=["member"])


def _settle_conversion(
    application: Application, history: rules.History, on: datetime.date, actor: Actor
) -> None:
    """The committee approved the branch's decision: conversion makes the member full on the
    day probation ended; cancellation marks them lapsed on the approval's date (the roster's
    status for someone who is no longer a party member; the application keeps why), on their
    status history; an extension changes nothing on the roster — the member stays
    probationary."""
    member = application.member
    if member is None:
        return
    last23 = history.last_record(23)
    assert last23 is not None
    if last23.conversion_outcome == StepRecord.ConversionOutcome.CONVERT:
        member.category = Member.Category.FULL
        member.full_membership_date = rules.probation_end(application.rule_set, history)
        member_save(member=member, actor=actor)
    elif (
        last23.conversion_outcome == StepRecord.ConversionOutcome.CANCEL
        and member.status != Member.Status.LAPSED
    ):
        member_change_status(
            member=member,
            to_status=Member.Status.LAPSED,
            on=on,
            reason=str(CANCELLATION_REASON),
            actor=actor,
        )
