"""seed_demo reproduces the seed's facts, is idempotent, and leaves no plaintext ID number in
the database."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from liaison.models import Officer
from members.models import Member
from merchants.models import Shop, Streamer
from orgs import scope
from orgs.identifiers import normalize_id_number
from orgs.models import AllianceMembership, AuditEntry, Organization, Park, Position

ROOT = Path(__file__).resolve().parents[2]


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"orgs", "members", "merchants", "liaison", "auth"}
    }


@pytest.fixture
def demo(db: None) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_demo_reproduces_the_seed_facts(demo: str) -> None:
    committee = Organization.objects.get(kind=Organization.Kind.COMMITTEE)
    branches = Organization.objects.filter(parent=committee, kind=Organization.Kind.BRANCH)
    assert branches.count() == 12
    assert Member.objects.count() >= 100
    assert all(b.members.filter(category="full").count() >= 3 for b in branches)
    assert Park.objects.filter(kind=Park.Kind.BASE).count() == 15
    assert Park.objects.filter(name="顺和直播电商科技产业园", area_m2=150000).exists()
    assert AllianceMembership.objects.count() == 20
    assert Position.objects.count() >= 7
    assert Officer.objects.filter(role="red_leader").count() == 1
    assert Officer.objects.filter(role="commissioner").count() == 36
    assert Shop.objects.filter(is_integrity_shop=True).count() == 16
    assert Streamer.objects.filter(followers__gt=1_000_000).exists()
    assert Streamer.objects.filter(handle__contains="超级丹", member__isnull=False).exists()
    assert (
        "党员 members: 126" in demo
    )  # 120 on the roster + 6 admitted applicants and "Dangjian@2026" in demo


def test_every_demo_identifier_is_valid(demo: str) -> None:
    for member in Member.objects.all():
        assert normalize_id_number(member.id_number) == member.id_number
        member.full_clean()


def test_second_run_changes_nothing(demo: str) -> None:
    before = row_counts()
    audit_before = AuditEntry.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before
    assert AuditEntry.objects.count() == audit_before


def test_demo_accounts_have_roles_and_scopes(demo: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="secretary01")
    assert user.check_password("Dangjian@2026")
    visible = scope.visible(Member.objects.all(), user)
    assert visible.count() == Member.objects.filter(branch__code="LS-ZB-01").count() > 0
    commissioner = get_user_model().objects.get(username="commissioner01")
    assert scope.scope_for(commissioner).enterprise_ids


@pytest.mark.slow
def test_no_plaintext_id_number_in_sqlite_file(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DANGJIAN_VAR_DIR": str(tmp_path)}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "seed_demo", "-v0"], check=True, env=env, cwd=ROOT)
    script = (
        "from members.models import Member\n"
        "print('\\n'.join(m.id_number + ' ' + m.mobile for m in Member.objects.all()))"
    )
    result = subprocess.run(
        [*manage, "shell", "-v", "0", "--no-imports", "-c", script],
        check=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    secrets = result.stdout.split()
    assert len(secrets) >= 200
    raw = database.read_bytes()
    leaked = [secret for secret in secrets if secret.encode() in raw]
    assert leaked == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_no_plaintext_id_number_in_postgresql_dump() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    call_command("seed_demo", stdout=io.StringIO())
    settings = connection.settings_dict
    dump = subprocess.run(
        [
            "pg_dump",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        check=True,
        capture_output=True,
    ).stdout
    secrets = [m.id_number for m in Member.objects.all()] + [m.mobile for m in Member.objects.all()]
    assert len(secrets) >= 200
    assert [s for s in secrets if s.encode() in dump] == []
