"""The figures ``bench`` measures on a database ``bench_data`` built: admin pages and API lists
per role, and the roster export beside the database's own ``COPY … TO STDOUT``.

A page is fetched through Django's test client as a logged-in user (no web server in between),
once to warm caches and then ``repeat`` times; a figure is the median wall time, the number of
queries and their total time (from the database cursor). Export figures are rows per second and
the growth of the process's peak memory (``ru_maxrss``) while the export ran.
"""

import csv
import io
import logging
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import Model, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from config.bench.data import ROOT_CODE, USERS
from liaison.models import Case, Decision, JointMeeting, Visit
from members import resources
from members.models import Application, Member, Transfer
from orgs.models import AuditEntry, Enterprise, Organization
from orgs.scope import visible

ROLES = ("superuser", "committee_staff", "branch_secretary", "commissioner")

# admin changelist name → model
CHANGELISTS: dict[str, type[Model]] = {
    "members_member": Member,
    "members_application": Application,
    "liaison_case": Case,
    "orgs_enterprise": Enterprise,
    "orgs_organization": Organization,
    "members_transfer": Transfer,
    "liaison_visit": Visit,
    "liaison_jointmeeting": JointMeeting,
    "liaison_decision": Decision,
    "orgs_auditentry": AuditEntry,
}
API_LISTS = (
    "members",
    "applications",
    "cases",
    "enterprises",
    "organizations",
    "transfers",
    "visits",
    "meetings",
    "decisions",
)


@dataclass
class Figure:
    """One measured figure. ``ms`` is the median wall time; export figures add ``rows_per_s``
    and ``peak_mb`` (growth of the process's peak memory)."""

    group: str
    name: str
    role: str
    ms: float
    queries: int = 0
    sql_ms: float = 0.0
    status: int = 200
    rows: int = 0
    rows_per_s: float = 0.0
    peak_mb: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.group} | {self.name} | {self.role}"


@dataclass
class Report:
    vendor: str
    members: int
    figures: list[Figure] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor,
            "members": self.members,
            "figures": [asdict(f) for f in self.figures],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        return cls(data["vendor"], data["members"], [Figure(**f) for f in data["figures"]])


def is_bench_database() -> bool:
    return Organization.objects.filter(code=ROOT_CODE).exists()


def _timed(fetch: Callable[[], Any], repeat: int) -> tuple[float, int, float, int] | None:
    """Median milliseconds, and the queries, SQL milliseconds and status of the last run; None
    for a page the role may not open (403)."""
    if getattr(fetch(), "status_code", 0) == 403:  # also warms templates and caches
        return None
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = fetch()
            times.append((time.perf_counter() - started) * 1000)
    sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    return statistics.median(times), len(queries), sql, getattr(response, "status_code", 0)


class Bench:
    """Measures every figure on the current database; ``log`` receives a line per figure."""

    def __init__(self, *, repeat: int, export_rows: list[int], log: Callable[[str], None]):
        self.repeat = repeat
        self.export_rows = export_rows
        self.log = log
        self.users = {role: get_user_model().objects.get(username=USERS[role]) for role in ROLES}
        self.report = Report(connection.vendor, Member.objects.count())

    def run(self) -> Report:
        # Pages a role may not open answer 403 and are left out; Django would log each one.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        self._admin()
        self._api()
        self._export()
        return self.report

    def _add(self, figure: Figure) -> None:
        self.report.figures.append(figure)
        extra = f", {figure.rows_per_s:,.0f} rows/s" if figure.rows_per_s else ""
        self.log(
            f"{figure.key}: {figure.ms:.0f} ms, {figure.queries} queries "
            f"({figure.sql_ms:.0f} ms SQL), status {figure.status}{extra}"
        )

    def _page(self, group: str, name: str, role: str, fetch: Callable[[], Any]) -> None:
        timed = _timed(fetch, self.repeat)
        if timed is not None:
            self._add(Figure(group, name, role, *timed))

    # --- admin ----------------------------------------------------------------------------------

    def _admin(self) -> None:
        secretary_branch = Organization.objects.get(code=f"{ROOT_CODE}-B000001")
        general = Organization.objects.get(code=f"{ROOT_CODE}-G0001")
        sample = Member.objects.filter(branch=secretary_branch).order_by("pk").first()
        assert sample is not None
        member_pages: dict[str, dict[str, str | int]] = {
            "filtered by branch": {"organization": secretary_branch.pk},
            "filtered by subtree": {"organization": general.pk},
            "searched by full name": {"q": sample.name},
            "searched by full ID number": {"q": sample.id_number},
            "searched by full mobile": {"q": sample.mobile},
            "sorted by admission date": {"o": "8"},
        }
        for role, user in self.users.items():
            # The last page the bounded paginator offers (at most 100 pages of 100 rows).
            shown = visible(Member.objects.all(), user)[:10_000].count()
            member_pages["deep page"] = {"p": str(max(1, min(100, -(-shown // 100))))}
            client = Client()
            client.force_login(user)
            self._page("admin", "index", role, partial(client.get, reverse("admin:index")))
            for name, model in CHANGELISTS.items():
                url = reverse(f"admin:{name}_changelist")
                self._page("admin list", name, role, partial(client.get, url))
                row = visible(model._default_manager.all(), user).order_by("pk").first()
                if row is not None:
                    change = reverse(f"admin:{name}_change", args=[row.pk])
                    self._page("admin change", name, role, partial(client.get, change))
            url = reverse("admin:members_member_changelist")
            for label, params in member_pages.items():
                self._page(
                    "admin members",
                    label,
                    role,
                    partial(client.get, url, params),
                )

    # --- API ------------------------------------------------------------------------------------

    def _api(self) -> None:
        User = get_user_model()
        for role, user in self.users.items():
            client = APIClient()

            def get(url: str, pk: int = user.pk, c: APIClient = client) -> Any:
                # A fresh user object per request, as a token brings: its scope and permissions
                # are looked up again, as they are for a real request.
                c.force_authenticate(User.objects.get(pk=pk))
                return c.get(url)

            for name in API_LISTS:
                url = f"/api/v1/{name}/"
                self._page("api page 1", name, role, partial(get, url))
                if not self.report.figures[-1].key.endswith(f"| {name} | {role}"):
                    continue  # not allowed to this role
                deep = url
                for _ in range(49):  # follow ``next`` to page 50, or the last page there is
                    following = get(deep).json().get("next")
                    if not following:
                        break
                    deep = following
                self._page("api page 50", name, role, partial(get, deep))

    # --- export ---------------------------------------------------------------------------------

    def _export(self) -> None:
        total = Member.objects.count()
        sizes = sorted({min(n, total) for n in self.export_rows})
        for size in sizes:
            queryset = Member.objects.all()
            if size < total:
                last = Member.objects.order_by("pk").values_list("pk", flat=True)[size - 1]
                queryset = queryset.filter(pk__lte=last)
            self._export_one("csv", size, partial(_drain_csv, queryset))
            self._export_one("copy", size, partial(_copy, size))
            if size <= 100_000:  # xlsx holds the whole workbook in memory until it is saved
                self._export_one(
                    "xlsx", size, partial(resources.xlsx_bytes, queryset, reveal=False)
                )

    def _export_one(self, kind: str, size: int, run: Callable[[], Any]) -> None:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run()
            seconds = time.perf_counter() - started
        peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        name = {"csv": "CSV export, masked", "xlsx": "xlsx export, masked"}.get(
            kind, "raw COPY TO STDOUT" if connection.vendor == "postgresql" else "raw SELECT"
        )
        self._add(
            Figure(
                "export",
                f"{name} {size:,} rows",
                "superuser",
                seconds * 1000,
                len(queries),
                sql,
                rows=size,
                rows_per_s=size / seconds,
                peak_mb=peak,
            )
        )


def _drain(lines: Iterator[str]) -> int:
    return sum(len(line) for line in lines)


def _drain_csv(queryset: "QuerySet[Member]") -> int:
    return _drain(resources.csv_lines(queryset, reveal=False))


_COPY_COLUMNS = """
    m.member_number, m.name, m.gender, m.ethnicity, m.birth_date, m.id_number_masked,
    m.native_place, m.education, m.degree, m.occupation, m.mobile_masked, m.address, m.category,
    m.admission_date, m.full_membership_date, o.name, o.code,
    COALESCE(e.name, m.workplace_name), m.status, m.source, m.party_posts, m.lost_contact,
    m.dues_standard, m.dues_paid_to
"""
_COPY_FROM = """
    FROM members_member m JOIN orgs_organization o ON o.id = m.branch_id
    LEFT JOIN orgs_enterprise e ON e.id = m.workplace_id
"""


def _copy(size: int) -> int:
    """The export's columns straight from the database: ``COPY … TO STDOUT`` on PostgreSQL, a
    plain cursor written by :mod:`csv` elsewhere (the raw reference of the export)."""
    sql = f"SELECT {_COPY_COLUMNS} {_COPY_FROM} ORDER BY m.id LIMIT {int(size)}"
    written = 0
    with connections["default"].cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    written += len(block)
            return written
        cursor.execute(sql)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        while rows := cursor.fetchmany(2000):
            writer.writerows(rows)
            written += buffer.tell()
            buffer.seek(0)
            buffer.truncate()
    return written


# --- comparing two runs ------------------------------------------------------------------------


def compare(small: Report, large: Report) -> list[dict[str, Any]]:
    """Each figure of both runs with the ratio large/small of its time, and whether the query
    count is the same."""
    before = {f.key: f for f in small.figures}
    rows = []
    for figure in large.figures:
        base = before.get(figure.key)
        if base is None:
            continue
        rows.append(
            {
                "figure": figure.key,
                "small_ms": base.ms,
                "large_ms": figure.ms,
                "ratio": figure.ms / base.ms if base.ms else 0.0,
                "small_queries": base.queries,
                "large_queries": figure.queries,
                "small_rows_per_s": base.rows_per_s,
                "large_rows_per_s": figure.rows_per_s,
                "status": figure.status,
            }
        )
    return rows
