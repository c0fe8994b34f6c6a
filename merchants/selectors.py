"""Scoped reads of shops, streamers and plaques, their scope rules, and the integrity status a
shop derives from its plaques."""

import datetime
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from merchants.models import (
    Complaint,
    ComplaintEvidence,
    Plaque,
    PlaqueEvent,
    PledgeSignature,
    PledgeText,
    PositionBooking,
    SalesReport,
    Shop,
    Streamer,
    StreamerAccount,
    TalentAward,
    TalentPolicy,
)
from orgs import scope
from orgs.scope import Scope


def _by_enterprise(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # The shop and streamer register is open to organization staff (like enterprises); an
    # officer sees those of their own enterprises.
    if s.org_paths:
        return qs
    return qs.filter(Q(enterprise_id__in=s.enterprise_ids))


def _bookings(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # The booking organization's people, and those who keep the position, see a booking.
    return qs.filter(
        s.org_q("organization__path")
        | s.org_q("position__organization__path")
        | Q(position__park_id__in=s.park_ids)
    )


def _everyone(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # The pledge's words are public: every user with a scope reads them.
    return qs


def _by_shop(prefix: str) -> Any:
    def rule(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
        if s.org_paths:
            return qs
        return qs.filter(**{f"{prefix}enterprise_id__in": s.enterprise_ids})

    return rule


def register_scope_rules() -> None:
    scope.register(Shop, _by_enterprise)
    scope.register(Streamer, _by_enterprise)
    scope.register(Plaque, _by_shop("shop__"))
    scope.register(PlaqueEvent, _by_shop("plaque__shop__"))
    scope.register(Complaint, _by_shop("shop__"))
    scope.register(ComplaintEvidence, _by_shop("complaint__shop__"))
    scope.register(PledgeText, _everyone)
    scope.register(PledgeSignature, _by_enterprise)
    scope.register(StreamerAccount, _by_shop("streamer__"))
    scope.register(SalesReport, _by_enterprise)
    scope.register(PositionBooking, _bookings)
    scope.register(TalentPolicy, _everyone)
    scope.register(TalentAward, _by_enterprise)


def valid_plaques(today: datetime.date | None = None) -> QuerySet[Plaque]:
    """Plaques that make their shop an integrity shop on ``today``: awarded and not expired."""
    today = today or timezone.localdate()
    return Plaque.objects.filter(status=Plaque.Status.AWARDED, valid_until__gte=today)


def with_integrity(qs: QuerySet[Shop], today: datetime.date | None = None) -> QuerySet[Shop]:
    """Shops annotated with ``is_integrity_shop``: whether a valid plaque hangs in the shop."""
    return qs.annotate(
        is_integrity_shop=Exists(valid_plaques(today).filter(shop_id=OuterRef("pk")))
    )


def integrity_shops(today: datetime.date | None = None) -> QuerySet[Shop]:
    """The party-member integrity shops on ``today``."""
    return Shop.objects.filter(pk__in=valid_plaques(today).values("shop_id"))


def with_identity(qs: QuerySet[Streamer]) -> QuerySet[Streamer]:
    """Streamers annotated with ``signed_pledge`` and ``shows_identity`` (亮身份): a party member
    who wears the badge on stream and signed the pledge."""
    signed = Exists(PledgeSignature.objects.filter(streamer_id=OuterRef("pk")))
    return qs.annotate(
        signed_pledge=signed,
        shows_identity=ExpressionWrapper(
            Q(member__isnull=False, wears_badge=True) & Q(signed_pledge=True),
            output_field=BooleanField(),
        ),
    )


def head_streamers() -> QuerySet[Streamer]:
    """The streamers of the head tier (a million followers and more)."""
    from merchants.rules import FOLLOWER_TIERS, FollowerTier

    floor = dict(FOLLOWER_TIERS)[FollowerTier.HEAD]
    return Streamer.objects.filter(followers__gte=floor)
