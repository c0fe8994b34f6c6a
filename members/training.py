"""Training services and reads: record a session and its attendance, and the class hours an
applicant attended that step 11 has not taken yet (shown and offered on the step's form)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from members.models import Application, TrainingAttendance, TrainingSession
from orgs import scope
from orgs.scope import Scope


def _sessions(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # The academy's programme is open to every organization's staff, as the positions' use is.
    return qs if s.org_paths else qs.none()


def _attendances(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # A person's attendance follows the person: an applicant's or member's branch; others are
    # seen by the organizer's staff.
    return qs.filter(
        s.org_q("application__branch__path")
        | s.org_q("member__branch__path")
        | (Q(application__isnull=True, member__isnull=True) & s.org_q("session__organizer__path"))
    )


def register_scope_rules() -> None:
    scope.register(TrainingSession, _sessions)
    scope.register(TrainingAttendance, _attendances)


@transaction.atomic
def training_session_save(*, session: TrainingSession, actor: Any) -> TrainingSession:
    """Validate and store a session."""
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_add(
    *,
    session: TrainingSession,
    actor: Any,
    name: str = "",
    application: Application | None = None,
    member: Any = None,
    hours: int | None = None,
) -> TrainingAttendance:
    """Put one person on a session's list; hours default to the session's, and cannot exceed
    them."""
    hours = session.hours if hours is None else hours
    if hours > session.hours:
        raise ValidationError(
            _("The session has %(hours)s class hours; no one attends more."),
            code="hours",
            params={"hours": session.hours},
        )
    person = application or member
    attendance = TrainingAttendance(
        session=session,
        name=name or (person.name if person is not None else ""),
        application=application,
        member=member,
        hours=hours,
    )
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def attendances_add_bulk(*, attendances: list[TrainingAttendance], actor: Any) -> int:
    """Many attendances at once (a session's sign-in sheet), audited in bulk."""
    for attendance in attendances:
        attendance.full_clean(validate_unique=False)
    TrainingAttendance.objects.bulk_create(attendances, batch_size=1000)
    return len(attendances)


def with_session_totals(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """Sessions annotated with their ``attendance_count`` and ``attended_hours``."""
    return sessions.annotate(
        attendance_count=Count("attendances"), attended_hours=Sum("attendances__hours")
    )


def session_totals(session: TrainingSession) -> dict[str, int]:
    """One session's attendance count and attended class hours."""
    row = session.attendances.aggregate(count=Count("pk"), hours=Sum("hours"))
    return {"count": int(row["count"]), "hours": int(row["hours"] or 0)}


def attended_hours(application: Application) -> int:
    """The class hours the applicant attended at the academy's sessions."""
    total = application.trainings.aggregate(total=Sum("hours"))["total"]
    return int(total or 0)


def untaken_hours(application: Application) -> int:
    """Attended class hours that step 11 has not recorded yet (the step may take them)."""
    return max(0, attended_hours(application) - (application.training_hours or 0))
