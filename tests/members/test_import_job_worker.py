"""A real Celery worker on Redis (and on RabbitMQ where one runs), killed with SIGKILL in the
middle of an import's write and started again — or only its pool process killed, which the
worker replaces: the job completes exactly once — every row written once, one import entry in
the audit log, the audit chain intact.

The worker and the test share a database: on PostgreSQL the test database itself (the test runs
with committed transactions), on SQLite a file copied from the test database once the job is
ready. The test plays the web process: it creates and confirms the job, then sends the task to
Redis as the web process would.
"""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from celery import Celery
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from kombu import Connection

from members import imports
from members.models import ImportJob, Member
from orgs.models import Organization
from tests.conftest import make_user
from tests.factories import OrganizationFactory
from tests.members.test_roster_import_export import csv_bytes, row

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("DANGJIAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
AMQP_URL = os.environ.get("DANGJIAN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
ROWS = 3000  # about a second to validate and four to write on SQLite: time to kill mid-write


def reachable(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=2) as connection_:
            connection_.ensure_connection(max_retries=1)
    except Exception:
        return False
    return True


pytestmark = pytest.mark.slow


class SharedDatabase:
    """The database the worker uses, read by the test without the ORM's connection state."""

    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "worker.sqlite3"
            target = sqlite3.connect(self.path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )

    def value(self, sql: str) -> Any:
        if self.vendor == "sqlite":
            # A short wait: the worker's write transaction may hold the lock, which is an answer.
            with sqlite3.connect(self.path, timeout=0.2) as db:
                return db.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]

    def job(self, job_id: int) -> dict[str, Any]:
        columns = ["status", "processed_rows", "total_rows", "created_count", "attempts", "worker"]
        sql = f"SELECT {', '.join(columns)} FROM members_importjob WHERE id = {job_id}"
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path, timeout=0.2) as db:
                values = db.execute(sql).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                values = cursor.fetchone()
        return dict(zip(columns, values, strict=True))

    def write_open(self) -> bool:
        """Whether a transaction writing members is open right now."""
        if self.vendor == "sqlite":
            return Path(f"{self.path}-journal").exists()
        return bool(
            self.value(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'members_member' AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid()"
            )
        )


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except sqlite3.OperationalError:
            pass  # locked by the worker's write: look again
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def broker(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """A broker and a queue of this test's own, removed afterwards. On Redis a short visibility
    timeout, so that the killed worker's task is handed out again within seconds; RabbitMQ gives
    it back as soon as the killed worker's connection closes."""
    name = f"killtest-{uuid.uuid4().hex[:8]}"
    if request.param == "redis":
        url, options = (
            REDIS_URL,
            {
                "global_keyprefix": f"{name}:",
                "visibility_timeout": 6,
                # A worker looks for such tasks when it starts and then every interval × throttle
                # seconds (100 by default): every second here, so the wait does not hang on when the
                # restarted worker happened to look first.
                "unacked_restore_interval": 1,
                "unacked_restore_throttle": 1,
                # A worker holds a lock in Redis while it looks, for at most this many seconds
                # (300 by default): one killed while looking would keep the restarted worker
                # from looking for that long.
                "unacked_mutex_expire": 2,
            },
        )
        # CI sets DANGJIAN_REQUIRE_REDIS, so that a missing Redis fails the run instead.
        if not os.environ.get("DANGJIAN_REQUIRE_REDIS") and not reachable(url):
            pytest.skip(
                f"Redis is not reachable at {url} (set DANGJIAN_TEST_REDIS_URL): the worker "
                "test needs a real broker"
            )
    else:
        url, options = AMQP_URL, {}
        if not reachable(url):
            pytest.skip(f"RabbitMQ is not reachable at {url} (set DANGJIAN_TEST_AMQP_URL)")
    yield {"url": url, "options": options, "queue": name}
    with Connection(url, transport_options=options) as connection_:
        connection_.default_channel.queue_delete(name)
    if request.param == "redis":
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"{name}:*"):
            client.delete(key)


@pytest.mark.parametrize(
    ("broker", "victim"),
    [
        ("redis", "worker"),
        ("redis", "pool process"),
        ("rabbitmq", "worker"),
    ],
    indirect=["broker"],
)
def test_worker_killed_mid_write_completes_the_job_exactly_once(
    transactional_db: None,
    tmp_path: Path,
    settings: Any,
    broker: dict[str, Any],
    victim: str,
    monkeypatch: Any,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    committee = OrganizationFactory(name="行业党委", code="W-DW", kind=Organization.Kind.COMMITTEE)
    branch = OrganizationFactory(name="一支部", code="W-ZB", parent=committee)
    staff = make_user("staff", "committee_staff", committee)
    data = csv_bytes([row(n, branch.code) for n in range(ROWS)])
    settings.DANGJIAN_IMPORT_ASYNC_ROWS = 10 * ROWS  # validated here, as a small file would be
    job = imports.import_job_create(upload=SimpleUploadedFile("big.csv", data), actor=staff)
    assert job.status == ImportJob.Status.VALIDATED, job.report[:3]
    settings.DANGJIAN_IMPORT_ASYNC_ROWS = 100  # the write goes to the worker
    monkeypatch.setattr(imports.jobs, "_enqueue", lambda job_id: None)  # sent below, to Redis
    job = imports.import_job_confirm(job=job, actor=staff)
    assert job.status == ImportJob.Status.PENDING
    member_type = ContentType.objects.get_for_model(Member).pk
    members_before = Member.objects.count()

    database = SharedDatabase(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DANGJIAN_VAR_DIR": str(tmp_path),
        "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
        "CELERY_BROKER_URL": broker["url"],
        "CELERY_BROKER_TRANSPORT_OPTIONS": json.dumps(broker["options"]),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONFAULTHANDLER": "1",
    }
    log = (tmp_path / "worker.log").open("ab")

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=1"),
                *("--without-mingle", "--without-gossip", "--loglevel=INFO", "-Q", broker["queue"]),
                *("-n", f"killtest-{uuid.uuid4().hex[:6]}@%h"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the pool child dies with it
        )

    sender = Celery(set_as_current=False, broker=broker["url"])
    sender.conf.broker_transport_options = broker["options"]
    worker = start_worker()
    try:
        sender.send_task("members.tasks.run_import_job", args=[job.pk], queue=broker["queue"])

        started: list[dict[str, Any]] = []

        def writing() -> bool:
            # A large write may lock the SQLite file against readers; the job was seen going
            # into its write just before.
            try:
                state = database.job(job.pk)
            except sqlite3.OperationalError:
                return bool(started) and database.write_open()
            validated = state["processed_rows"] == state["total_rows"] == ROWS
            if state["status"] == "importing" and validated:
                started.append(state)
            return bool(started) and database.write_open()

        wait_for(writing, 45, "the worker to start writing")
        time.sleep(0.5)  # a few hundred rows into the transaction
        state = started[-1]  # as last read: the write may lock readers out of SQLite now
        assert database.write_open() and state["status"] == "importing"
        if victim == "worker":
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        else:  # the pool process running the task; the worker hands the task out again
            os.kill(int(state["worker"].rpartition(":")[2]), signal.SIGKILL)

        # Killed mid-write: the transaction never committed, so nothing of it is there.
        assert database.value("SELECT count(*) FROM members_member") == members_before
        if victim == "worker":
            assert database.job(job.pk)["status"] == "importing"  # stuck, until a worker returns
            worker = start_worker()
        try:
            wait_for(lambda: database.job(job.pk)["status"] == "done", 90, "the job to finish")
        except AssertionError as timed_out:
            # The worker's log, with what its threads were doing (PYTHONFAULTHANDLER on SIGABRT).
            os.kill(worker.pid, signal.SIGABRT)
            time.sleep(1)
            log.flush()
            tail = (tmp_path / "worker.log").read_text(errors="replace")[-6000:]
            raise AssertionError(f"{timed_out}: {database.job(job.pk)}\n{tail}") from None
        time.sleep(1)  # any second delivery has arrived by now, and must not write again
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        log.close()

    state = database.job(job.pk)
    assert (state["status"], state["created_count"], state["attempts"]) == ("done", ROWS, 2)
    assert database.value("SELECT count(*) FROM members_member") == members_before + ROWS
    audit = f"SELECT count(*) FROM orgs_auditentry WHERE content_type_id = {member_type}"
    assert database.value(f"{audit} AND action = 'import'") == 1
    assert database.value(f"{audit} AND action = 'create'") == ROWS
    verify = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, env=env, capture_output=True
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
