"""Import jobs that finish exactly once: a second delivery of the task is a no-op, a run whose
worker died is taken over, a run that lost its claim writes nothing, the watchdog queues a
stuck job again and fails it after the attempts, a failed job can be retried, and an upload
that fails on any error leaves a failed job with a message, never one "validating" forever.
(The real worker killed mid-write is ``test_import_job_worker.py``.)"""

import datetime
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from config.celery import app
from members import imports
from members.imports import jobs
from members.models import ImportJob, Member
from members.tasks import run_import_job, watch_import_jobs
from orgs.audit import Action, AuditEntry
from tests.conftest import World
from tests.members.test_roster_import_export import csv_bytes, row

pytestmark = pytest.mark.django_db

Status = ImportJob.Status
ROWS = 30


@pytest.fixture
def queued(monkeypatch: Any, settings: Any) -> list[int]:
    """Files above 10 rows go to the queue, which here only records the job ids."""
    settings.DANGJIAN_IMPORT_ASYNC_ROWS = 10
    ids: list[int] = []
    monkeypatch.setattr(jobs.run_import_job, "delay", ids.append)
    return ids


def upload(world: World, rows: int = ROWS) -> ImportJob:
    data = csv_bytes([row(n, world.branch_a.code) for n in range(rows)])
    return imports.import_job_create(
        upload=SimpleUploadedFile("r.csv", data), actor=world.users["staff"]
    )


def confirmed_job(world: World, queued: list[int], django_capture_on_commit_callbacks: Any) -> Any:
    """A large job, validated by its first delivery and confirmed: its write is queued."""
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(world)
    run_import_job(queued.pop())
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_confirm(job=ImportJob.objects.get(pk=job.pk), actor=None)
    assert job.status == Status.PENDING and queued == [job.pk]
    return job


def imports_audited() -> int:
    return AuditEntry.objects.filter(action=Action.IMPORT).count()


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_celery_acknowledges_late_and_watches_the_jobs() -> None:
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.worker_max_memory_per_child == 1024 * 1024  # KiB
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert watch_import_jobs.name in schedule


def test_a_pool_process_that_needs_too_much_memory_gets_a_memory_error() -> None:
    script = (
        "import django; django.setup()\n"
        "from config.celery import limit_pool_memory\n"
        "limit_pool_memory()\n"
        "try:\n"
        "    bytearray(3 * 1024 ** 3)\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env["DANGJIAN_WORKER_MEMORY_LIMIT_MB"] = "1024"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "MemoryError", result.stderr


def test_a_second_delivery_of_a_done_job_writes_nothing(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    assert run_import_job(job.pk) == Status.DONE
    members, entries = Member.objects.count(), AuditEntry.objects.count()
    assert run_import_job(job.pk) == Status.DONE  # delivered again: after a restart, say
    job.refresh_from_db()
    assert (job.created_count, job.attempts) == (ROWS, 1)
    assert (Member.objects.count(), AuditEntry.objects.count()) == (members, entries)
    assert imports_audited() == 1


def test_a_delivery_leaves_a_job_to_its_live_run(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    live = f"{socket.gethostname()}:{os.getppid()}"
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.IMPORTING, claim="theirs", attempts=1, heartbeat_at=now, worker=live
    )
    assert run_import_job(job.pk) == Status.IMPORTING
    job.refresh_from_db()
    assert (job.claim, job.attempts) == ("theirs", 1)
    assert imports_audited() == 0


@pytest.mark.parametrize("how", ["its process is gone", "no sign of life"])
def test_a_delivery_takes_over_a_run_whose_worker_died(
    world: World,
    queued: list[int],
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    how: str,
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    members = Member.objects.count()
    if how == "its process is gone":
        state = {"heartbeat_at": timezone.now(), "worker": f"{socket.gethostname()}:{dead_pid()}"}
    else:
        old = timezone.now() - datetime.timedelta(seconds=settings.DANGJIAN_IMPORT_JOB_TIMEOUT + 1)
        state = {"heartbeat_at": old, "worker": "another-host:1"}
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.IMPORTING, claim="dead", attempts=1, **state
    )
    assert run_import_job(job.pk) == Status.DONE
    job.refresh_from_db()
    assert (job.attempts, job.created_count) == (2, ROWS)
    assert Member.objects.count() == members + ROWS and imports_audited() == 1


def test_a_run_that_lost_its_claim_writes_nothing(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    members = Member.objects.count()
    read = jobs.roster_import

    def taken_over_while_writing(**kwargs: Any) -> Any:
        result = read(**kwargs)  # the rows are in the transaction, then another run claims it
        if kwargs["commit"]:
            ImportJob._base_manager.filter(pk=job.pk).update(claim="another run")
        return result

    monkeypatch.setattr(jobs, "roster_import", taken_over_while_writing)
    run_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == Status.IMPORTING and job.finished_at is None
    assert Member.objects.count() == members and imports_audited() == 0


def test_confirming_twice_starts_one_write(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        imports.import_job_confirm(job=job, actor=None)
    assert queued == [job.pk]


def test_watchdog_queues_a_stuck_job_again_then_fails_it_after_the_attempts(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    queued.clear()
    quiet = timezone.now() - datetime.timedelta(seconds=settings.DANGJIAN_IMPORT_JOB_TIMEOUT + 1)
    stuck = {"status": Status.IMPORTING, "claim": "dead", "heartbeat_at": quiet}
    fresh = upload(world, rows=3)  # validated inline, awaiting confirmation: not the watchdog's
    assert fresh.status == Status.VALIDATED
    ImportJob.objects.filter(pk=fresh.pk).update(heartbeat_at=quiet)

    ImportJob.objects.filter(pk=job.pk).update(attempts=1, **stuck)
    assert watch_import_jobs() == (1, 0)
    job.refresh_from_db()
    assert (job.status, job.claim, queued) == (Status.PENDING, "", [job.pk])
    assert watch_import_jobs() == (0, 0)  # queued just now: a sign of life

    limit = settings.DANGJIAN_IMPORT_JOB_ATTEMPTS
    ImportJob.objects.filter(pk=job.pk).update(attempts=limit, **stuck)
    with translation.override("zh-hans"):
        assert watch_import_jobs() == (0, 1)
    job.refresh_from_db()
    assert job.status == Status.FAILED and f"已中断 {limit} 次" in job.message
    assert queued == [job.pk] and Member.objects.count() == 2  # the world's two
    fresh.refresh_from_db()
    assert fresh.status == Status.VALIDATED


def test_a_delivery_after_the_last_attempt_died_fails_the_job(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.IMPORTING,
        claim="dead",
        attempts=settings.DANGJIAN_IMPORT_JOB_ATTEMPTS,
        heartbeat_at=timezone.now(),
        worker=f"{socket.gethostname()}:{dead_pid()}",
    )
    assert run_import_job(job.pk) == Status.FAILED
    assert imports_audited() == 0


def test_a_failed_job_is_retried_from_its_page_by_its_owner_only(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(status=Status.FAILED, attempts=3, message="中断")
    page = reverse("admin:members_member_import_job", args=[job.pk])
    client = world.client("staff")
    assert 'name="retry"' in client.get(page).content.decode()
    outsider = world.client("secretary_a")
    assert outsider.post(page, {"retry": "1"}).status_code == 404

    settings.DANGJIAN_IMPORT_ASYNC_ROWS = ROWS  # small enough to run inside the request now
    response = client.post(page, {"retry": "1"}, follow=True)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.message) == (Status.DONE, 1, "")
    assert "导入已重新开始" in response.content.decode()
    updates = AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(job.pk))
    retry = updates.filter(actor=world.users["staff"], changes__status=["failed", "pending"])
    assert retry.exists()
    again = client.post(page, {"retry": "1"}, follow=True)
    assert "只有失败的导入才能重试" in again.content.decode()
    assert imports_audited() == 1


def test_any_error_during_an_api_upload_leaves_a_failed_job_with_a_message(
    world: World, monkeypatch: Any
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(jobs, "roster_import", broken)
    client = APIClient()
    client.force_authenticate(world.users["staff"])
    data = csv_bytes([row(n, world.branch_a.code) for n in range(3)])
    with translation.override("zh-hans"):
        response = client.post(
            "/api/v1/member-imports/",
            {"file": SimpleUploadedFile("r.csv", data, content_type="text/csv")},
            format="multipart",
        )
    assert response.status_code == 201
    job = ImportJob.objects.get()
    assert job.status == Status.FAILED and "意外错误" in job.message
    assert response.json()["message"] == job.message


def test_a_worker_out_of_memory_fails_the_job_and_keeps_the_worker(
    world: World, queued: list[int], django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    job = confirmed_job(world, queued, django_capture_on_commit_callbacks)

    def bomb(**kwargs: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(jobs, "roster_import", bomb)
    with translation.override("zh-hans"):
        assert run_import_job(job.pk) == Status.FAILED  # returns: the worker does not exit
    job.refresh_from_db()
    assert "内存" in job.message


def test_an_admin_upload_that_cannot_be_queued_fails_the_job(
    world: World, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DANGJIAN_IMPORT_ASYNC_ROWS = 10

    def broker_down(job_id: int) -> None:
        raise OperationalError("Connection refused")

    monkeypatch.setattr(jobs.run_import_job, "delay", broker_down)
    data = csv_bytes([row(n, world.branch_a.code) for n in range(ROWS)])
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        response = world.client("staff").post(
            reverse("admin:members_member_import"), {"file": SimpleUploadedFile("r.csv", data)}
        )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == Status.FAILED and "队列不可用" in job.message
