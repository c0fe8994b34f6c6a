"""Scoped reads of shops and streamers, and their scope rules."""

from typing import Any

from django.db.models import Q, QuerySet

from merchants.models import Shop, Streamer
from orgs import scope
from orgs.scope import Scope


def _by_enterprise(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # The shop and streamer register is open to organization staff (like enterprises); an
    # officer sees those of their own enterprises.
    if s.org_paths:
        return qs
    return qs.filter(Q(enterprise_id__in=s.enterprise_ids))


def register_scope_rules() -> None:
    scope.register(Shop, _by_enterprise)
    scope.register(Streamer, _by_enterprise)
