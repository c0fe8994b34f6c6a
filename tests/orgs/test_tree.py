"""The organization tree: a subtree is one indexed prefix query, and moves rewrite paths."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from orgs.models import Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_paths_follow_parents(committee: Organization, branch: Organization) -> None:
    group = OrganizationFactory(parent=branch, kind=Organization.Kind.PARTY_GROUP)
    assert committee.path == f"/{committee.pk}/"
    assert group.path == f"/{committee.pk}/{branch.pk}/{group.pk}/"
    assert group.depth == 2


def test_subtree_is_one_query(committee: Organization, branch: Organization) -> None:
    OrganizationFactory(parent=branch)
    with CaptureQueriesContext(connection) as queries:
        names = list(Organization.objects.filter(path__startswith=branch.path))
    assert len(queries) == 1
    assert len(names) == 2


def test_moving_a_node_moves_its_subtree(
    committee: Organization, branch: Organization, other_branch: Organization
) -> None:
    group = OrganizationFactory(parent=branch, kind=Organization.Kind.PARTY_GROUP)
    branch.parent = other_branch
    branch.save()
    group.refresh_from_db()
    assert group.path == f"{other_branch.path}{branch.pk}/{group.pk}/"


def test_term_must_end_after_start(committee: Organization) -> None:
    import datetime

    committee.term_start = datetime.date(2024, 1, 1)
    committee.term_end = datetime.date(2023, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        committee.save()
