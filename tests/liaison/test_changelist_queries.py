"""Liaison changelists issue the same number of queries for 5 rows and for 15."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AssignmentFactory, CaseFactory, VisitFactory


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("admin:liaison_case_changelist", CaseFactory),
        ("admin:liaison_visit_changelist", VisitFactory),
        ("admin:liaison_assignment_changelist", AssignmentFactory),
    ],
)
def test_query_count_does_not_grow_with_rows(
    admin_client: Client, name: str, factory: type
) -> None:
    url = reverse(name)
    factory.create_batch(5)
    small = _count(admin_client, url)
    factory.create_batch(10)
    assert _count(admin_client, url) == small
