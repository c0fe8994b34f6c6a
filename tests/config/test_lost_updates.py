"""Two users saving different fields of one member, or of one case, at the same moment lose
neither change — measured by ``bench_lost_updates`` (30 concurrent pairs of API PATCHes, each
request on its own thread and database connection) on a fresh SQLite file and on PostgreSQL."""

from pathlib import Path

import pytest

from tests.scratch_databases import manage, postgres_database, sqlite_url

pytestmark = pytest.mark.slow

NONE_LOST = [
    "member: 0 of 30 pairs lost an update (0 of 60 requests not answered 200)",
    "case: 0 of 30 pairs lost an update (0 of 60 requests not answered 200)",
]


def race(url: str, var_dir: Path) -> list[str]:
    manage(url, var_dir, "migrate", "-v0")
    output = manage(url, var_dir, "bench_lost_updates", "--pairs", "30").stdout
    return [line.rsplit(" on ", 1)[0] for line in output.splitlines()]


def test_no_update_is_lost_on_sqlite(tmp_path: Path) -> None:
    assert race(sqlite_url(tmp_path / "edits.sqlite3"), tmp_path) == NONE_LOST


def test_no_update_is_lost_on_postgresql(tmp_path: Path) -> None:
    with postgres_database("edits") as url:
        assert race(url, tmp_path) == NONE_LOST
