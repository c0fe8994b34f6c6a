"""Property-based run of every GET operation in the published schema (schemathesis): generated
ids, filters, page sizes and cursors never cause a server error, and every documented response
matches the schema."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth, response_schema_conformance

from config.wsgi import application
from tests.api.conftest import World
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    JointMeetingFactory,
    MemberFactory,
    ShopFactory,
    StreamerFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")


@pytest.fixture
def token(world: World, django_user_model: Any) -> str:
    """A committee-staff token and one row of every kind, so that lists are not empty."""
    from knox.models import AuthToken

    from orgs.models import OrganizationScope
    from orgs.roles import role_group

    user = django_user_model.objects.create_user("fuzz", password="Test@Pass2026")
    user.groups.add(role_group("committee_staff"))
    OrganizationScope.objects.create(user=user, organization=world.committee)
    member = MemberFactory(branch=world.branch)
    ShopFactory(enterprise=world.enterprise, owner=member)
    StreamerFactory(enterprise=world.enterprise, member=member)
    meeting = JointMeetingFactory()
    meeting.cases.add(CaseFactory(enterprise=world.enterprise))
    DecisionFactory(meeting=meeting)
    return AuthToken.objects.create(user=user)[1]


@pytest.fixture(autouse=True)
def keep_test_connection() -> Iterator[None]:
    """Calling the WSGI app directly fires request_finished, which closes the database
    connection — and with it the test's transaction on PostgreSQL. Django's test client
    detaches the same handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_get_operations_conform_to_the_schema(case: Any, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        checks=[not_a_server_error, response_schema_conformance, ignored_auth],
    )
