"""Shared fixtures: a committee with two branches, the usual starting point of a test."""

from typing import Any

import pytest

from orgs.models import Organization
from tests.factories import OrganizationFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committee(db: None) -> Organization:
    return OrganizationFactory(name="测试行业党委", code="T-DW", kind=Organization.Kind.COMMITTEE)


@pytest.fixture
def branch(committee: Organization) -> Organization:
    return OrganizationFactory(name="一支部", code="T-ZB-A", parent=committee)


@pytest.fixture
def other_branch(committee: Organization) -> Organization:
    return OrganizationFactory(name="二支部", code="T-ZB-B", parent=committee)
