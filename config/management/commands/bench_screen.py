"""Time the big screen's two costs on the current database: taking a snapshot (the beat task's
work, computing every figure) and answering ``/screen/data/`` from the latest snapshot, with the
row counts they ran over and the queries each took. Reads only; the snapshots it takes are
removed again."""

import statistics
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from config.screen.services import snapshot_take
from liaison.models import Case
from members.models import Application, Member


class _Rollback(Exception):
    pass


def _median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


class Command(BaseCommand):
    help = "Time the screen's snapshot task and its data endpoint on the current database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=5)
        parser.add_argument("--requests", type=int, default=50)

    def handle(self, *args: Any, **options: Any) -> None:
        rounds, requests = options["rounds"], options["requests"]
        superuser = get_user_model()._default_manager.filter(is_superuser=True).first()
        if superuser is None:
            self.stderr.write("needs a superuser to read /screen/data/ as")
            return
        self.stdout.write(
            f"rows: members {Member.objects.count()}, applications "
            f"{Application.objects.count()}, cases {Case.objects.count()} "
            f"({connection.vendor})"
        )
        try:
            with transaction.atomic():
                self._measure(superuser, rounds, requests)
                raise _Rollback
        except _Rollback:
            pass

    def _measure(self, user: Any, rounds: int, requests: int) -> None:
        snapshots: list[float] = []
        for _round in range(rounds):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                snapshot_take()
                snapshots.append(time.perf_counter() - started)
        self.stdout.write(
            f"snapshot task: median {_median_ms(snapshots):.1f} ms, "
            f"max {max(snapshots) * 1000:.1f} ms over {rounds} runs, {len(queries)} queries"
        )
        client = Client()
        client.force_login(user)
        answers: list[float] = []
        for _request in range(requests):
            started = time.perf_counter()
            response = client.get("/screen/data/", headers={"host": "127.0.0.1"})
            answers.append(time.perf_counter() - started)
            assert response.status_code == 200
        self.stdout.write(
            f"/screen/data/: median {_median_ms(answers):.1f} ms, "
            f"max {max(answers) * 1000:.1f} ms over {requests} requests "
            f"({len(response.content)} bytes)"
        )
