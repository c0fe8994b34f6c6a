"""Peak memory of an import, measured in a child process under an address-space cap: a zip bomb
is refused, a sheet declaring the whole grid and a file of many rows are imported, each within
500 MB, and memory does not grow with the rows (the file streams through in batches)."""

import io
import json
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from members.management.commands.bench_import import roster_file

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CAP_MB = 1024  # the child's address space: a runaway import fails fast instead of swapping
PEAK_MB = 500


def _database_url(tmp_path: Path) -> str:
    """The test database, as the child can open it: SQLite's in-memory schema is created again
    in a file (the schema is all the child needs); PostgreSQL's database is shared as it is."""
    if connection.vendor == "sqlite":
        target = tmp_path / "child.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            )
            schema = [statement for (statement,) in cursor.fetchall()]
        with sqlite3.connect(target) as copy:
            for statement in schema:
                copy.execute(statement)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child(tmp_path: Path, name: str, data: bytes) -> dict[str, Any]:
    tmp_path = tmp_path / name.replace(".", "-")
    tmp_path.mkdir()
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "tests.members.import_memory_child", str(path), str(CAP_MB)],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": _database_url(tmp_path),
            "DANGJIAN_VAR_DIR": str(tmp_path),
        },
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def bomb() -> bytes:
    """A valid workbook whose sheet inflates to 300 MB from well under 1 MB."""
    base = zipfile.ZipFile(io.BytesIO(roster_file(3, "xlsx", "MEMORY")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in base.infolist():
            content = base.read(item.filename)
            if not item.filename.startswith("xl/worksheets/"):
                archive.writestr(item.filename, content)
                continue
            head, tail = content.split(b"</sheetData>")
            with archive.open(item.filename, "w", force_zip64=True) as stream:
                stream.write(head + b"</sheetData>")
                for _ in range(300):
                    stream.write(b" " * 1024 * 1024)
                stream.write(tail)
    return buffer.getvalue()


def whole_grid() -> bytes:
    """Three rows in a sheet declaring A1:XFD1048576."""
    base = zipfile.ZipFile(io.BytesIO(roster_file(3, "xlsx", "MEMORY")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in base.infolist():
            content = base.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension[^>]*>", b'<dimension ref="A1:XFD1048576"/>', content)
                if b"<dimension" not in content:
                    content = content.replace(
                        b"<sheetData", b'<dimension ref="A1:XFD1048576"/><sheetData', 1
                    )
            archive.writestr(item.filename, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_within_the_memory_bound(tmp_path: Path) -> None:
    data = bomb()
    assert len(data) < 1024 * 1024
    outcome = child(tmp_path, "bomb.xlsx", data)
    assert "压缩炸弹" in outcome["refused"] or "解压后" in outcome["refused"]
    assert outcome["peak_mb"] <= PEAK_MB


def test_memory_stays_flat_from_three_rows_to_ten_thousand(tmp_path: Path) -> None:
    small = child(tmp_path, "grid.xlsx", whole_grid())
    assert small == {"written": True, "created": 3, "peak_mb": small["peak_mb"]}
    large = child(tmp_path, "large.csv", roster_file(10_000, "csv", "MEMORY"))
    assert large["written"] and large["created"] == 10_000
    assert small["peak_mb"] <= PEAK_MB and large["peak_mb"] <= PEAK_MB
    # Before the import streamed, 10,000 rows cost ~130 MB more than three (the whole file's
    # cells, members and audit rows held at once); now a batch and the identifiers seen.
    assert large["peak_mb"] - small["peak_mb"] < 25, (small, large)
