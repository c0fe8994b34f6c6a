"""The demo leaves no ID number or phone in clear in the database file or its dump."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from members.models import Member
from orgs import backup

ROOT = Path(__file__).resolve().parents[2]


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
def test_no_plaintext_id_number_in_postgresql_dump(tmp_path: Path) -> None:
    """The dump the backup makes (:func:`orgs.backup.pg_dump`, here as SQL text so that the
    search is not fooled by compression) holds no ID number or phone in clear."""
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    call_command("seed_demo", stdout=io.StringIO())
    backup.pg_dump(tmp_path / "demo.sql", plain=True)
    dump = (tmp_path / "demo.sql").read_bytes()
    members = list(Member.objects.all())
    secrets = [s for m in members for s in (m.id_number, m.mobile) if s]
    assert len(secrets) >= 200
    assert [s for s in secrets if s.encode() in dump] == []
