"""The restore drill: the demo database is backed up (``manage.py backup``), then restored into a
new database (``manage.py restore``) with the keys from the backup's keys file. The restored
database has every row, an intact audit chain, and reveals the same ID numbers — on SQLite and
on PostgreSQL. Without the backup's keys a restore is refused before it loads anything."""

import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.scratch_databases import manage, postgres_database, sqlite_url

pytestmark = pytest.mark.slow

# Keys of the drill's source database, set explicitly as production sets them.
SOURCE_KEYS = {
    "DANGJIAN_FIELD_KEYS": Fernet.generate_key().decode(),
    "DANGJIAN_BLIND_INDEX_KEY": "restore-drill-blind-index-key",
}
READ_BACK = (
    "import json\n"
    "from django.db import connection\n"
    "from members.models import Member\n"
    "from orgs.backup import row_counts\n"
    "first = Member.objects.order_by('pk').first()\n"
    "with connection.cursor() as cursor:\n"
    "    counts = row_counts(cursor)\n"
    "print(json.dumps({'counts': counts, 'id_number': first.id_number, 'pk': first.pk}))\n"
)


def read_back(url: str, var_dir: Path, keys: dict[str, str]) -> dict[str, object]:
    """Every table's row count and the first member's ID number, revealed."""
    output = manage(url, var_dir, "shell", "-v", "0", "--no-imports", "-c", READ_BACK, env=keys)
    return json.loads(output.stdout)  # type: ignore[no-any-return]


def keys_file(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def drill(source: str, target: str, var_dir: Path) -> None:
    manage(source, var_dir, "migrate", "-v0", env=SOURCE_KEYS)
    manage(source, var_dir, "seed_demo", "-v0", env=SOURCE_KEYS)
    backups = var_dir / "backups"
    made = manage(source, var_dir, "backup", str(backups), env=SOURCE_KEYS)
    assert "Keep the .keys file apart from the dumps" in made.stderr
    (dump,) = backups.glob("*.dump")
    keys = keys_file(dump.with_suffix(".keys"))
    assert keys == SOURCE_KEYS
    assert dump.with_suffix(".keys").stat().st_mode & 0o077 == 0
    original = read_back(source, var_dir, SOURCE_KEYS)

    other_keys = {**keys, "DANGJIAN_FIELD_KEYS": Fernet.generate_key().decode()}
    refused = manage(target, var_dir, "restore", str(dump), env=other_keys, check=False)
    assert refused.returncode != 0
    assert "DANGJIAN_FIELD_KEYS" in refused.stderr

    report = manage(target, var_dir, "restore", str(dump), env=keys).stdout
    assert "as in the backup" in report
    assert "audit chain intact" in report
    restored = read_back(target, var_dir, keys)
    assert restored["counts"] == original["counts"]
    assert sum(original["counts"].values()) > 1000  # type: ignore[attr-defined]
    assert (restored["pk"], restored["id_number"]) == (original["pk"], original["id_number"])
    assert len(str(restored["id_number"])) == 18
    verified = manage(target, var_dir, "verify_audit", env=keys).stdout
    assert verified.startswith("audit chain intact")


def test_restore_drill_on_sqlite(tmp_path: Path) -> None:
    source, target = tmp_path / "source.sqlite3", tmp_path / "restored.sqlite3"
    drill(sqlite_url(source), sqlite_url(target), tmp_path)


def test_restore_drill_on_postgresql(tmp_path: Path) -> None:
    with postgres_database("drill_source") as source, postgres_database("drill_target") as target:
        drill(source, target, tmp_path)
