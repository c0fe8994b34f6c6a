"""The complaint services: receive, verify (substantiated or not, with evidence), record the
outcome; and the rule that suspends a shop's plaque at the Nth substantiated complaint within the
window (``DANGJIAN_COMPLAINT_SUSPEND_COUNT`` within ``DANGJIAN_COMPLAINT_WINDOW_MONTHS``), telling
the secretaries of the shop owner's branch. Revocation stays a decision of committee staff
(:func:`merchants.services.plaque_revoke`)."""

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from merchants import rules, services
from merchants.models import Complaint, ComplaintEvidence, Plaque, Shop
from merchants.services import Actor, workflow_roles
from orgs.models import OrganizationScope
from orgs.roles import role_group


def _check(action: str, complaint: Complaint, actor: Actor) -> None:
    rule = rules.COMPLAINT_TRANSITIONS[action]
    if not rules.COMPLAINT_PARTY_ROLES[rule.party] & workflow_roles(actor):
        raise ValidationError(
            _("Only %(roles)s can take the step “%(action)s”."),
            code="not_allowed",
            params={"roles": rules.complaint_party_label(rule.party), "action": rule.label},
        )
    if complaint.pk:
        Complaint.objects.select_for_update().filter(pk=complaint.pk).values_list("pk").first()
        complaint.refresh_from_db()
        if complaint.status not in rule.sources:
            raise ValidationError(
                _("A complaint that is “%(status)s” cannot be moved by “%(action)s”."),
                code="invalid_transition",
                params={"status": complaint.get_status_display(), "action": rule.label},
            )


@transaction.atomic
def complaint_receive(*, complaint: Complaint, actor: Actor) -> Complaint:
    """Register a complaint against a shop as received."""
    if complaint.pk:
        raise ValidationError(_("This complaint is already registered."), code="registered")
    _check("receive", complaint, actor)
    complaint.status = Complaint.Status.RECEIVED
    complaint.full_clean()
    complaint.save()
    return complaint


@transaction.atomic
def evidence_add(
    *, complaint: Complaint, file: Any, actor: Actor, description: str = ""
) -> ComplaintEvidence:
    """Attach an evidence file (PDF, JPG, PNG or DOCX) to a complaint not yet closed."""
    if complaint.status == Complaint.Status.CLOSED:
        raise ValidationError(_("The complaint is closed."), code="closed")
    evidence = ComplaintEvidence(
        complaint=complaint,
        file=file,
        description=description,
        uploaded_by=services.acting_user(actor),
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def complaint_verify(
    *,
    complaint: Complaint,
    substantiated: bool,
    finding: str,
    actor: Actor,
    on: datetime.date | None = None,
) -> Complaint:
    """Record whether the complaint is substantiated, with the finding. A substantiated one is
    counted against the shop: at the Nth within the window its plaque is suspended
    (:func:`apply_suspension_rule`)."""
    _check("verify", complaint, actor)
    on = on or timezone.localdate()
    if not finding.strip():
        raise ValidationError(_("Describe the finding of the verification."), code="finding")
    if on < complaint.received_on:
        raise ValidationError(
            _("The verification cannot be before the complaint was received (%(day)s)."),
            code="before_received",
            params={"day": complaint.received_on.isoformat()},
        )
    complaint.status = Complaint.Status.VERIFIED
    complaint.substantiated = substantiated
    complaint.finding = finding.strip()
    complaint.verified_on = on
    complaint.full_clean()
    complaint.save()
    if substantiated:
        apply_suspension_rule(complaint=complaint, on=on)
    return complaint


@transaction.atomic
def complaint_close(
    *, complaint: Complaint, outcome: str, actor: Actor, on: datetime.date | None = None
) -> Complaint:
    """Record the outcome (what the shop did, what the complainant was told) and close."""
    _check("close", complaint, actor)
    on = on or timezone.localdate()
    if not outcome.strip():
        raise ValidationError(_("Describe the outcome."), code="outcome")
    complaint.status = Complaint.Status.CLOSED
    complaint.outcome = outcome.strip()
    complaint.closed_on = on
    complaint.full_clean()
    complaint.save()
    return complaint


def substantiated_in_window(complaint: Complaint) -> int:
    """The shop's substantiated complaints received in the window that ends with this one's
    receipt (this one included)."""
    start = rules.complaint_window_start(complaint.received_on)
    return Complaint.objects.filter(
        shop_id=complaint.shop_id,
        substantiated=True,
        received_on__gt=start,
        received_on__lte=complaint.received_on,
    ).count()


def apply_suspension_rule(*, complaint: Complaint, on: datetime.date) -> Plaque | None:
    """Suspend the shop's awarded plaque when the substantiated complaints within the window
    reach the rule's count, and tell the secretaries of the owner's branch; returns the
    suspended plaque, or None when the rule does not apply (too few, or no awarded plaque)."""
    count = substantiated_in_window(complaint)
    if not rules.suspends(count):
        return None
    plaque = complaint.shop.plaques.filter(status=Plaque.Status.AWARDED).first()
    if plaque is None:
        return None
    note = gettext(
        "Suspended automatically: %(count)s substantiated complaints within %(months)s months "
        "(the latest received on %(day)s)."
    ) % {
        "count": count,
        "months": settings.DANGJIAN_COMPLAINT_WINDOW_MONTHS,
        "day": complaint.received_on.isoformat(),
    }
    on = max(on, plaque.reviewed_on or plaque.awarded_on or on)
    services.plaque_suspend(plaque=plaque, actor=None, note=note, on=on, automatic=True)
    _notify_secretaries(complaint.shop, note)
    return plaque


def branch_secretaries(shop: Shop) -> list[Any]:
    """The active branch secretaries whose scope holds the branch of the shop's owner."""
    owner = shop.owner
    if owner is None:
        return []
    path = owner.branch.path
    prefixes = [path[: i + 1] for i, char in enumerate(path) if char == "/" and i > 0]
    scoped = OrganizationScope.objects.filter(organization__path__in=prefixes).values("user_id")
    return list(
        get_user_model()
        ._default_manager.filter(
            groups=role_group("branch_secretary"), is_active=True, pk__in=scoped
        )
        .order_by("pk")
    )


def _notify_secretaries(shop: Shop, note: str) -> None:
    recipients = [user.email for user in branch_secretaries(shop) if user.email]
    if not recipients:
        return
    subject = gettext("Integrity-shop plaque suspended: %(shop)s") % {"shop": shop.name}
    transaction.on_commit(
        lambda: mail.send_mail(subject, note, settings.DEFAULT_FROM_EMAIL, recipients)
    )


# The service of each complaint step the admin offers on an existing complaint, and its inputs.
COMPLAINT_STEPS: dict[str, tuple[Callable[..., Complaint], tuple[str, ...]]] = {
    "verify": (complaint_verify, ("substantiated", "finding")),
    "close": (complaint_close, ("outcome",)),
}


def complaint_actions(*, complaint: Complaint, actor: Actor) -> list[str]:
    """The steps ``actor`` may take on ``complaint`` now."""
    roles = workflow_roles(actor)
    return [
        name
        for name, rule in rules.COMPLAINT_TRANSITIONS.items()
        if complaint.status in rule.sources
        and name in COMPLAINT_STEPS
        and rules.COMPLAINT_PARTY_ROLES[rule.party] & roles
    ]
