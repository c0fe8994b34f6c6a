"""Backup and restore: a database dump, the keys without which its personal data is lost, and a
manifest to check a restore against.

:func:`backup` writes three files side by side (``manage.py backup DIR``):

* ``dangjian-<time>.dump`` — PostgreSQL: ``pg_dump --format=custom``; SQLite: a copy made with
  SQLite's online backup API (consistent while the server runs);
* ``dangjian-<time>.keys`` — ``DANGJIAN_FIELD_KEYS`` and ``DANGJIAN_BLIND_INDEX_KEY`` as
  environment lines (mode 0600). The dump holds ID numbers and phones only encrypted: without
  these keys they cannot be read again, and whoever holds both files can read them all — so
  store the keys file apart from the dumps;
* ``dangjian-<time>.json`` — the manifest: the row count of every table in the dump, which
  :func:`restore` checks.

:func:`restore` (``manage.py restore DUMP``) first checks against the manifest that the keys of
this environment are the backup's, then loads the dump into the configured database, which must be
empty (a new PostgreSQL database, a new SQLite file), and checks that the row counts match the
manifest, that the audit chain is intact and that the restored ID numbers decrypt and are found by
their blind index.
"""

import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from orgs import audit, crypto

# Encrypted and indexed into the manifest, so that a restore can tell before loading anything
# whether the keys it runs with are the backup's.
KEY_CHECK = "dangjian-backup-key-check"
KEYS_WARNING = (
    "Keep the .keys file apart from the dumps (another medium, another place, another custodian): "
    "without it the ID numbers and phones in the dumps are lost; with both, anyone can read them."
)

KEYS_DIFFER = (
    "the keys of this environment are not the backup's: set DANGJIAN_FIELD_KEYS and "
    "DANGJIAN_BLIND_INDEX_KEY from its .keys file"
)


class RestoreError(Exception):
    """A restore that cannot go on, or whose result does not match its backup."""


@dataclass
class Backup:
    dump: Path
    keys: Path
    manifest: Path


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    """The connection options of the configured PostgreSQL database for its client tools."""
    db = connection.settings_dict
    arguments = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432)]
    arguments += ["--username", db["USER"] or "postgres", "--dbname", db["NAME"]]
    env = {**os.environ}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return arguments, env


def pg_dump(path: Path, *, plain: bool = False, snapshot: str = "") -> None:
    """Dump the configured PostgreSQL database to ``path`` (SQL text with ``plain``), as of the
    exported ``snapshot`` when one is given."""
    arguments, env = _pg_arguments()
    kind = "plain" if plain else "custom"
    command = ["pg_dump", f"--format={kind}", "--no-owner", "--no-privileges", "--file", str(path)]
    if snapshot:
        command.append(f"--snapshot={snapshot}")
    subprocess.run([*command, *arguments], check=True, env=env, capture_output=True)


def row_counts(cursor: Any) -> dict[str, int]:
    """The number of rows of every table Django manages, by table, read through ``cursor``
    (Django's, or one of :mod:`sqlite3` on a dump)."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def backup(directory: Path) -> Backup:
    """Write a dump, its keys file and its manifest into ``directory``. The manifest counts
    the rows the dump holds, even while others write: on PostgreSQL from the snapshot
    ``pg_dump`` reads, on SQLite from the copy."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = directory / f"dangjian-{timezone.localtime():%Y%m%d-%H%M%S}"
    files = Backup(stem.with_suffix(".dump"), stem.with_suffix(".keys"), stem.with_suffix(".json"))
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            rows = row_counts(cursor)
            pg_dump(files.dump, snapshot=snapshot)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(files.dump)
        with copy:
            connection.connection.backup(copy)
        rows = row_counts(copy.cursor())
        copy.close()
    else:
        raise RestoreError(f"no backup procedure for {connection.vendor}")
    keys = "".join(
        [
            f"# Keys of the Dangjian backup {files.dump.name}. {KEYS_WARNING}\n",
            f"DANGJIAN_FIELD_KEYS={','.join(settings.DANGJIAN_FIELD_KEYS)}\n",
            f"DANGJIAN_BLIND_INDEX_KEY={settings.DANGJIAN_BLIND_INDEX_KEY}\n",
        ]
    )
    descriptor = os.open(files.keys, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(keys)
    manifest = {
        "made_at": timezone.localtime().isoformat(),
        "database": connection.vendor,
        "dump": files.dump.name,
        "rows": rows,
        "key_check": {"token": crypto.encrypt(KEY_CHECK), "index": crypto.blind_index(KEY_CHECK)},
    }
    files.manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return files


def restore(dump: Path) -> list[str]:
    """Load ``dump`` into the configured, empty database and check the result against the
    manifest beside it; the lines of a report. Raises :class:`RestoreError`."""
    manifest_path = dump.with_suffix(".json")
    if not manifest_path.exists():
        raise RestoreError(f"{manifest_path.name} (the manifest of {dump.name}) is missing")
    manifest = json.loads(manifest_path.read_text())
    if manifest["database"] != connection.vendor:
        raise RestoreError(
            f"{dump.name} is a {manifest['database']} dump; the database here is "
            f"{connection.vendor}"
        )
    check = manifest["key_check"]
    if (
        crypto.decrypt(check["token"]) != KEY_CHECK
        or crypto.blind_index(KEY_CHECK) != check["index"]
    ):
        raise RestoreError(KEYS_DIFFER)
    if connection.introspection.table_names():
        raise RestoreError("the database is not empty: restore into a new database")
    if connection.vendor == "postgresql":
        arguments, env = _pg_arguments()
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        result = subprocess.run(
            [*command, "--single-transaction", *arguments, str(dump)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RestoreError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        source = sqlite3.connect(dump)
        connection.ensure_connection()
        source.backup(connection.connection)
        source.close()
    return _check(manifest)


def _check(manifest: dict[str, Any]) -> list[str]:
    with connection.cursor() as cursor:
        counts = row_counts(cursor)
    differ = {
        label: (count, counts.get(label))
        for label, count in manifest["rows"].items()
        if counts.get(label) != count
    }
    if differ:
        raise RestoreError(f"row counts differ from the backup's (backup, restored): {differ}")
    broken = audit.verify()
    if broken is not None:
        raise RestoreError(f"audit chain broken at entry {broken}")
    report = [
        f"rows: {sum(counts.values())} in {len(counts)} tables, as in the backup",
        f"audit chain intact: {audit.AuditEntry.objects.count()} entries",
    ]
    opened = _check_keys()
    report.append(f"keys: {opened} encrypted ID numbers read back and found by their index")
    return report


def _check_keys(sample: int = 20) -> int:
    """Decrypt a sample of every table's ID numbers and look each up by its blind index; the
    number checked. Raises :class:`RestoreError` when the keys here do not open the data."""
    checked = 0
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if not {"id_number_cipher", "id_number_hash"} <= names:
            continue
        rows = model._base_manager.exclude(id_number_cipher="").order_by("pk")
        for cipher, digest in rows.values_list("id_number_cipher", "id_number_hash")[:sample]:
            number = crypto.decrypt(cipher)
            if not number or crypto.blind_index(number) != digest:
                raise RestoreError(KEYS_DIFFER)
            checked += 1
    return checked
