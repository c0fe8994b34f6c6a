"""``manage.py bench_lost_updates --pairs 30``: two users save different fields of the same row
at the same moment, ``--pairs`` times over; how many of those pairs lost one of the two updates.

Each pair is two API PATCH requests sent from two threads (each with its own database
connection) released together by a barrier: one sets a member's native place while the other
sets their address, and one sets a case's title while the other sets its description. Afterwards
the row must hold both values; a pair that kept only one has lost an update. Run it on SQLite and
on PostgreSQL (``DATABASE_URL``): both should print 0.

It writes its own rows (an organization, an enterprise, a member, a case and a user named
``bench-edits-…``) into the configured database and deletes them at the end; their audit
entries stay, as for every write. Point it at a scratch database.
"""

import datetime
import random
import threading
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from liaison.models import Case, CaseEvent, Officer
from members.models import Member
from orgs.identifiers import make_id_number, make_uscc, numbered_organisation_code
from orgs.models import Enterprise, Organization


class Command(BaseCommand):
    help = "Count the updates lost when two users save different fields of one row at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pairs", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        pairs = options["pairs"]
        tag = f"{random.randrange(10**8):08d}"
        user, member, case = self._rows(tag)
        try:
            for label, url, fields, model in (
                ("member", f"/api/v1/members/{member.pk}/", ("native_place", "address"), Member),
                ("case", f"/api/v1/cases/{case.pk}/", ("title", "description"), Case),
            ):
                lost, failed = self._race(user, url, fields, model, pairs)
                self.stdout.write(
                    f"{label}: {lost} of {pairs} pairs lost an update "
                    f"({failed} of {2 * pairs} requests not answered 200) "
                    f"on {connection.vendor}"
                )
        finally:
            self._delete(user, member, case)

    def _rows(self, tag: str) -> tuple[Any, Member, Case]:
        with transaction.atomic():
            user = get_user_model().objects.create_superuser(
                username=f"bench-edits-{tag}", password=None
            )
            branch = Organization.objects.create(
                name=f"并发测试支部{tag}", kind=Organization.Kind.BRANCH, code=f"BENCH-{tag}"
            )
            enterprise = Enterprise.objects.create(
                name=f"并发测试企业{tag}",
                uscc=make_uscc(numbered_organisation_code(int(tag) + 10**9)),
            )
            member = Member(
                name="并发测试",
                gender="M",
                birth_date=datetime.date(1980, 1, 1),
                branch=branch,
                category=Member.Category.FULL,
                admission_date=datetime.date(2010, 7, 1),
                full_membership_date=datetime.date(2011, 7, 1),
            )
            member.id_number = make_id_number(datetime.date(1980, 1, 1), int(tag) * 2 + 1)
            member.save()
            officer = Officer.objects.create(user=user, name="并发测试专员")
            case = Case.objects.create(
                enterprise=enterprise,
                officer=officer,
                title="并发测试",
                description="并发测试",
                category=Case.Category.OTHER,
                registered_at=timezone.now(),
            )
        return user, member, case

    def _race(
        self, user: Any, url: str, fields: tuple[str, str], model: Any, pairs: int
    ) -> tuple[int, int]:
        lost = failed = 0
        host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "testserver")
        for n in range(pairs):
            values = {name: f"{name}-{n}" for name in fields}
            statuses = _patch_together(user, host, url, values)
            failed += sum(status != 200 for status in statuses)
            row = model.objects.filter(pk=url.rstrip("/").rsplit("/", 1)[1]).values(*fields)[0]
            lost += any(row[name] != value for name, value in values.items())
        return lost, failed

    def _delete(self, user: Any, member: Member, case: Case) -> None:
        with transaction.atomic():
            CaseEvent.objects.filter(case=case).delete()
            case.delete()
            Officer.objects.filter(user=user).delete()
            Enterprise.objects.filter(pk=case.enterprise_id).delete()
            member.delete()
            Organization.objects.filter(pk=member.branch_id).delete()
            user.delete()


def _patch_together(user: Any, host: str, url: str, values: dict[str, str]) -> list[int]:
    """PATCH each field of ``values`` from its own thread, all released at the same moment;
    the status codes."""
    barrier = threading.Barrier(len(values))
    statuses: list[int] = []

    def patch(name: str, value: str) -> None:
        client = APIClient(SERVER_NAME=host)
        client.force_authenticate(user)
        barrier.wait()
        try:
            statuses.append(client.patch(url, {name: value}, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=patch, args=item) for item in values.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
