"""The secretaries' view of membership development: the daily digest of due and overdue steps
(with the branch duties of :mod:`members.branch_life` — dues arrears, meeting gaps, the
six-month rule, the committee's term) and the pipeline per branch."""

import datetime
from collections import defaultdict
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from members import branch_life, rules
from members.models import Application, DevelopmentDigest
from orgs.models import OrganizationScope
from orgs.roles import role_group
from orgs.scope import visible


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
    due (deadline within 30 days) or overdue, and their branches' duties (dues arrears, meeting
    gaps, the six-month rule, the term). A digest row per user and day makes a second run
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
        if DevelopmentDigest.objects.filter(user=user, day=today).exists():
            continue
        duties = branch_life.digest_lines(user, today)
        if not pending and not duties:
            continue
        with transaction.atomic():
            _digest, created = DevelopmentDigest.objects.get_or_create(
                user=user, day=today, defaults={"items": len(pending) + len(duties)}
            )
            if not created:
                continue
            if pending:
                subject = gettext("Membership development: %(count)s step(s) due on %(day)s") % {
                    "count": len(pending),
                    "day": today.isoformat(),
                }
            else:
                subject = gettext("Branch duties on %(day)s: %(count)s item(s)") % {
                    "count": len(duties),
                    "day": today.isoformat(),
                }
            lines = _digest_lines(pending, today)
            if duties:
                lines += ["", gettext("Branch duties:"), *duties]
            body = "\n".join(lines)
            transaction.on_commit(
                partial(mail.send_mail, subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            )
            queued += 1
    return queued


def pipeline(applications: Any, today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Per branch: open applications per stage, due and overdue counts — one grouped query."""
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
