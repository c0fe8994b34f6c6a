"""Scratch databases for the tests that run ``manage.py`` in another process against a database
of their own: a fresh SQLite file, or a fresh PostgreSQL database beside the suite's.

PostgreSQL is the server of ``DANGJIAN_TEST_POSTGRES_URL``, else of ``DATABASE_URL`` when that
names PostgreSQL, else ``postgres://postgres@127.0.0.1:5432/dangjian``; the scratch database is
that URL's name with a suffix. A test that needs it is skipped when no server answers.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/dangjian"


def manage(
    url: str, var_dir: Path, *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``manage.py *args`` against the database at ``url`` (with ``env`` added to the
    environment); fails the test on a non-zero exit unless ``check`` is off."""
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DANGJIAN_VAR_DIR": str(var_dir),
        **(env or {}),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _postgres_base() -> str:
    explicit = os.environ.get("DANGJIAN_TEST_POSTGRES_URL")
    if explicit:
        return explicit
    current = os.environ.get("DATABASE_URL", "")
    return current if current.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES


def _with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def postgres_database(suffix: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (dropped afterwards); skips the test without a
    server."""
    import psycopg

    base = _postgres_base()
    # Each process of a parallel run (pytest-xdist) has databases of its own.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    name = f"{urlsplit(base).path.lstrip('/') or 'dangjian'}_{suffix}{worker}"
    try:
        admin = psycopg.connect(_with_name(base, "postgres"), autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL server: {error}")
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_name(base, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
