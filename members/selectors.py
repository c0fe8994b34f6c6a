"""Scoped reads of the roster, and the roster's scope rule."""

from typing import Any

from django.db.models import QuerySet

from members.models import Member
from orgs import scope
from orgs.scope import Scope


def _members(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("branch__path"))


def register_scope_rules() -> None:
    scope.register(Member, _members)
