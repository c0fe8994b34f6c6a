"""Writes of the big screen: snapshots (taken by the beat task) and display tokens (created and
revoked by committee staff, each write audited)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from config.models import DisplayToken, ScreenSnapshot, hash_token, new_token
from config.screen.figures import screen_figures
from orgs.audit import Action, acting_as, record

# Snapshots are kept this long; the screen only ever reads the latest.
KEEP = datetime.timedelta(days=1)
# The beat schedule's period (settings.CELERY_BEAT_SCHEDULE["screen-snapshot"]).
PERIOD = datetime.timedelta(minutes=5)


def period_of(moment: datetime.datetime) -> datetime.datetime:
    seconds = PERIOD.total_seconds()
    return datetime.datetime.fromtimestamp(moment.timestamp() // seconds * seconds, tz=datetime.UTC)


@transaction.atomic
def snapshot_take(*, now: datetime.datetime | None = None) -> ScreenSnapshot:
    """Compute the figures and store them as the snapshot of the current period, then drop
    snapshots older than :data:`KEEP`. Running it again in the same period replaces that
    period's figures: one row per period, whatever the number of runs."""
    now = now or timezone.now()
    payload = screen_figures(now=now)
    snapshot, _created = ScreenSnapshot.objects.update_or_create(
        period=period_of(now), defaults={"payload": payload, "created_at": now}
    )
    ScreenSnapshot.objects.filter(created_at__lt=now - KEEP).delete()
    return snapshot


def snapshot_latest() -> ScreenSnapshot | None:
    return ScreenSnapshot.objects.order_by("-period").first()


@transaction.atomic
def display_token_create(*, name: str, actor: Any) -> tuple[DisplayToken, str]:
    """A new token for the screen ``name``; returns it with its key, which is not kept."""
    raw = new_token()
    token = DisplayToken(name=name, token_hash=hash_token(raw))
    token.full_clean()
    with acting_as(actor):
        token.save()
        record(Action.CREATE, token, changes={"name": name})
    return token, raw


@transaction.atomic
def display_token_revoke(*, token: DisplayToken, actor: Any) -> DisplayToken:
    """Revoke a token; the screen holding it is refused from its next request."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with acting_as(actor):
            token.save(update_fields=["revoked_at"])
            revoked = token.revoked_at.isoformat()
            record(Action.UPDATE, token, changes={"revoked_at": [None, revoked]})
    return token


def display_token_find(raw: str) -> DisplayToken | None:
    """The active token with this key, if any."""
    if not raw:
        return None
    return DisplayToken.objects.filter(token_hash=hash_token(raw), revoked_at__isnull=True).first()
