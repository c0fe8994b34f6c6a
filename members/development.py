"""Writes of membership development: submitting an application and recording its steps, the
hand-over to the roster, and the secretaries' daily digest.

Every step goes through :func:`application_record_step`, which asks :func:`members.rules.blocks`
first and saves nothing when a rule refuses; the application's stage, next step and deadline are
then derived again from its steps (:func:`members.rules.progress`).
"""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import rules
from members.models import (
    Application,
    DevelopmentDigest,
    DocumentKind,
    Member,
    RuleSet,
    StepDocument,
    StepRecord,
    validate_document,
)
from members.services import member_save
from orgs.models import OrganizationScope
from orgs.roles import role_group
from orgs.scope import visible

Actor = AbstractBaseUser | AnonymousUser | None
Document = File | tuple[str, File]  # type: ignore[type-arg]

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
    "conversion_outcome",
    "extension_months",
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
    _save_step(application, [], 1, on, actor, note, attached, {})
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
    ``political_review_result`` (10), ``training_days``/``training_hours`` (11),
    ``notice_start``/``notice_end`` (8, 23 and, per rule set, 15), the ``vote_*`` figures
    (15, 23), ``conversion_outcome`` and ``extension_months`` (23). Committee approval (17)
    puts the applicant on the roster as a probationary member; the approval of a conversion
    decision (24) makes them a full member or ends the probationary membership.
    """
    unknown = set(details) - DETAILS
    if unknown:
        raise TypeError(f"Unknown step details: {sorted(unknown)}")
    # A row lock, so that two users recording at once cannot both pass the order rule.
    Application.objects.select_for_update().filter(pk=application.pk).values_list("pk").first()
    application.refresh_from_db()
    records = list(application.steps.all())
    found = rules.blocks(
        application=application,
        records=records,
        step=step,
        on=on,
        actor=actor,
        details=details,
        documents=documents,
    )
    if found:
        raise ValidationError([block.message for block in found], code="blocked")
    attached = _documents(step, documents)
    return _save_step(application, records, step, on, actor, note, attached, details)


def _save_step(
    application: Application,
    records: list[StepRecord],
    step: int,
    on: datetime.date,
    actor: Actor,
    note: str,
    attached: list[tuple[str, File]],  # type: ignore[type-arg]
    details: dict[str, Any],
) -> StepRecord:
    record = StepRecord(
        application=application,
        step=step,
        on=on,
        recorded_by=_user(actor),
        note=note,
        **{name: details[name] for name in _RECORD_FIELDS if details.get(name) is not None},
    )
    record.full_clean()
    record.save()
    for kind, upload in attached:
        document = StepDocument(record=record, kind=kind)
        document.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
        document.save()
    if step == 5:
        contacts = list(details["contacts"])
        application.contact_1, application.contact_2 = [*contacts, None][:2]
    elif step == 9:
        application.introducer_1, application.introducer_2 = details["introducers"]
    elif step == 10:
        application.political_review_result = details["political_review_result"]
        application.political_review_date = on
    elif step == 11:
        application.training_days = details.get("training_days") or 0
        application.training_hours = details.get("training_hours") or 0
    records = [*records, record]
    _apply_progress(application, rules.progress(application.rule_set, records))
    application.full_clean()
    application.save()
    history = rules.History(records)
    if step == 17:
        _admit(application, history, actor)
    elif step == 24:
        _settle_conversion(application, history, actor)
    return record


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


def _settle_conversion(application: Application, history: rules.History, actor: Actor) -> None:
    """The committee approved the branch's decision: conversion makes the member full on the
    day probation ended; cancellation marks them lapsed (the roster's status for someone who is
    no longer a party member; the application keeps why); an extension changes nothing on the
    roster — the member stays probationary."""
    member = application.member
    if member is None:
        return
    last23 = history.last_record(23)
    assert last23 is not None
    if last23.conversion_outcome == StepRecord.ConversionOutcome.CONVERT:
        member.category = Member.Category.FULL
        member.full_membership_date = rules.probation_end(application.rule_set, history)
    elif last23.conversion_outcome == StepRecord.ConversionOutcome.CANCEL:
        member.status = Member.Status.LAPSED
    else:
        return
    member_save(member=member, actor=actor)


# --- the daily digest -------------------------------------------------------------------------


def _secretaries() -> list[Any]:
    """Active users holding the branch secretary role and at least one organization scope."""
    group = role_group("branch_secretary")
    scoped = OrganizationScope.objects.values("user_id")
    return list(
        get_user_model()
        ._default_manager.filter(groups=group, is_active=True, pk__in=scoped)
        .exclude(email="")
        .order_by("pk")
    )


def _digest_lines(applications: list[Application], today: datetime.date) -> list[str]:
    lines = []
    for application in applications:
        state = rules.deadline_state(application.due_on, today)
        label = gettext("overdue") if state == "overdue" else gettext("due")
        assert application.due_on is not None
        lines.append(
            gettext("%(state)s %(date)s · %(name)s (%(branch)s): step %(step)s")
            % {
                "state": label,
                "date": application.due_on.isoformat(),
                "name": application.name,
                "branch": application.branch.name,
                "step": rules.step_label(application.due_step),
            }
        )
    return lines


def development_digest_send(*, today: datetime.date | None = None) -> int:
    """Send each secretary one mail a day listing the applications of their branches that are
    due (deadline within 30 days) or overdue. A digest row per user and day makes a second run
    send nothing; the mail goes out after the row is committed. Returns the number queued."""
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=rules.DUE_WINDOW_DAYS)
    queued = 0
    for user in _secretaries():
        pending = list(
            visible(Application.objects.all(), user)
            .filter(outcome=Application.Outcome.OPEN, due_on__lte=window_end)
            .select_related("branch")
            .order_by("due_on", "pk")
        )
        if not pending:
            continue
        with transaction.atomic():
            _digest, created = DevelopmentDigest.objects.get_or_create(
                user=user, day=today, defaults={"items": len(pending)}
            )
            if not created:
                continue
            subject = gettext("Membership development: %(count)s step(s) due on %(day)s") % {
                "count": len(pending),
                "day": today.isoformat(),
            }
            body = "\n".join(_digest_lines(pending, today))
            transaction.on_commit(
                lambda s=subject, b=body, to=user.email: mail.send_mail(
                    s, b, settings.DEFAULT_FROM_EMAIL, [to]
                )
            )
            queued += 1
    return queued


def pipeline(applications: Any, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Per branch: open applications per stage, due and overdue counts — one grouped query."""
    from django.db.models import Count, Q

    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=rules.DUE_WINDOW_DAYS)
    rows = (
        applications.filter(outcome=Application.Outcome.OPEN)
        .values("branch_id", "branch__name", "stage")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            due=Count("pk", filter=Q(due_on__gte=today, due_on__lte=window_end)),
        )
        .order_by("branch__name", "stage")
    )
    branches: dict[int, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        entry = branches[row["branch_id"]]
        entry.setdefault("name", row["branch__name"])
        entry.setdefault("stages", dict.fromkeys(Application.Stage.values, 0))
        entry["stages"][row["stage"]] = row["total"]
        entry["due"] = entry.get("due", 0) + row["due"]
        entry["overdue"] = entry.get("overdue", 0) + row["overdue"]
    return [
        {**entry, "stages": list(entry["stages"].values()), "branch_id": pk}
        for pk, entry in branches.items()
    ]
