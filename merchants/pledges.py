"""Pledge services and reads: publish a pledge version, record a signature, and which signers
are due to sign again — a year after their last signature, or as soon as a newer version is
published."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from merchants.models import PledgeSignature, PledgeText
from merchants.services import Actor, acting_user
from orgs.dates import add_months

# A signature is shown as due this many days before its year is up.
RESIGN_NOTICE_DAYS = 30


def _notice() -> datetime.timedelta:
    return datetime.timedelta(days=RESIGN_NOTICE_DAYS)


@transaction.atomic
def pledge_text_save(*, pledge: PledgeText, actor: Actor) -> PledgeText:
    """Store a pledge version. A version that has signatures keeps its words: a change of text
    is a new version."""
    if pledge.pk and pledge.signatures.exists():
        stored = PledgeText.objects.get(pk=pledge.pk)
        if (stored.text, stored.title, stored.version) != (
            pledge.text,
            pledge.title,
            pledge.version,
        ):
            raise ValidationError(
                _("This version has been signed; publish the changed text as a new version."),
                code="signed",
            )
    pledge.full_clean()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_sign(*, signature: PledgeSignature, actor: Actor) -> PledgeSignature:
    """Record a signature: not before the version was published, not twice by the same signer
    for the same version before the re-signing falls due (a year on, less the notice period). A
    shop's or streamer's enterprise is kept with it."""
    if signature.enterprise_id is None:
        holder = signature.shop or signature.streamer
        if holder is not None:
            signature.enterprise_id = holder.enterprise_id
    if signature.signed_on < signature.pledge.published_on:
        raise ValidationError(
            _("This version was published on %(day)s; it cannot be signed before."),
            code="before_published",
            params={"day": signature.pledge.published_on.isoformat()},
        )
    signature.signer_key = signature.compute_signer_key()
    earlier = (
        PledgeSignature.objects.filter(
            signer_key=signature.signer_key,
            pledge=signature.pledge,
            signed_on__gt=add_months(signature.signed_on + _notice(), -12),
            signed_on__lte=signature.signed_on,
        )
        .exclude(pk=signature.pk)
        .order_by("-signed_on")
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            _("Already signed this version on %(day)s; it is signed again from %(next)s."),
            code="already_signed",
            params={
                "day": earlier.signed_on.isoformat(),
                "next": earlier.resign_due_on().isoformat(),
            },
        )
    signature.recorded_by = acting_user(actor)
    signature.full_clean()
    signature.save()
    return signature


def with_resign_state(
    qs: QuerySet[PledgeSignature], today: datetime.date | None = None
) -> QuerySet[PledgeSignature]:
    """Signatures annotated with ``superseded`` (the signer signed the same pledge later) and
    ``newer_version`` (a later version of the pledge is published); :func:`resign_due` reads
    them."""
    today = today or timezone.localdate()
    later = PledgeSignature.objects.filter(
        signer_key=OuterRef("signer_key"),
        pledge__title=OuterRef("pledge__title"),
        signed_on__gt=OuterRef("signed_on"),
    )
    newer = PledgeText.objects.filter(
        title=OuterRef("pledge__title"),
        version__gt=OuterRef("pledge__version"),
        published_on__lte=today,
    )
    return qs.annotate(superseded=Exists(later), newer_version=Exists(newer))


def resign_due(signature: Any, today: datetime.date | None = None) -> bool:
    """Whether the signer of this (annotated) signature is due to sign again."""
    if getattr(signature, "superseded", False):
        return False
    today = today or timezone.localdate()
    return bool(getattr(signature, "newer_version", False)) or (
        signature.resign_due_on() - _notice() <= today
    )
