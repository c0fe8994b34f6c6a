"""API fixtures: a small world of two branches and two enterprises, and users in each role."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.test import APIClient

from liaison.models import Officer
from orgs.models import Enterprise, Organization, OrganizationScope
from orgs.roles import role_group
from tests.factories import (
    AssignmentFactory,
    EnterpriseFactory,
    OfficerFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def clear_throttle_cache() -> None:
    """Throttle counters live in the cache; every test starts with none."""
    cache.clear()


@dataclass
class World:
    committee: Organization
    branch: Organization
    other_branch: Organization
    enterprise: Enterprise
    other_enterprise: Enterprise


@pytest.fixture
def world(committee: Organization, branch: Organization, other_branch: Organization) -> World:
    return World(committee, branch, other_branch, EnterpriseFactory(), EnterpriseFactory())


MakeUser = Callable[..., Any]


@pytest.fixture
def make_user(db: None) -> MakeUser:
    """A user in ``role``, scoped to ``organization`` and/or assigned to ``enterprise``."""

    def make(
        role: str,
        *,
        organization: Organization | None = None,
        enterprise: Enterprise | None = None,
        reveal: bool = False,
    ) -> Any:
        user = UserFactory()
        user.groups.add(role_group(role))
        if organization is not None:
            OrganizationScope.objects.create(user=user, organization=organization)
        if enterprise is not None or role in {"commissioner", "red_leader"}:
            officer_role = Officer.Role.RED_LEADER if role == "red_leader" else None
            officer = OfficerFactory(user=user, **({"role": officer_role} if officer_role else {}))
            if enterprise is not None:
                AssignmentFactory(officer=officer, enterprise=enterprise)
        if reveal:
            user.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
        return user

    return make


def client_for(user: Any = None, language: str | None = None) -> APIClient:
    client = APIClient()
    if language:
        client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client
