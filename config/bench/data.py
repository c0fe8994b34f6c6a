"""Synthetic data in the real shape, at any size, for the benchmarks.

One committee; general branches, each holding branches of 3–50 members (the first branch holds
exactly 50: the bench secretary's); parks with their enterprises, a branch built in each of
many of them; commissioners assigned to enterprises and a red-leader secretary to a park; cases
in every state, with their escalation events, visits, joint meetings and decisions; applications
with their recorded steps; transfers awaiting receipt, some out of the bench secretary's branch.

Identities go through the project's own helpers: ID numbers, credit codes and mobiles from the
generators of :mod:`orgs.identifiers` (check digits computed), ciphertexts and blind indexes from
:mod:`orgs.crypto`, masks from the same functions the models use, member numbers from
:func:`members.models.roster.new_member_number`. Rows go in with ``COPY`` on PostgreSQL and
batched ``bulk_create`` elsewhere, past the audited managers: bench rows have no audit entries
(the audit's own cost is measured by ``bench_import``), and no signal runs.

The builder writes only into a database without organizations, members or enterprises, and
marks what it wrote with the committee's code :data:`ROOT_CODE`; ``bench`` reads that mark.
"""

import datetime
import random
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from liaison.models import (
    Assignment,
    Case,
    CaseEvent,
    Decision,
    JointMeeting,
    Officer,
    Visit,
)
from members.models import Application, Member, RuleSet, StepRecord, Transfer
from members.models.roster import Education, Occupation, new_member_number
from members.rules.steps import STEPS
from orgs import crypto
from orgs.dates import add_years
from orgs.identifiers import (
    MOBILE_PREFIXES,
    id_number_gender,
    make_id_number,
    make_mobile,
    make_uscc,
    mask_id_number,
    mask_mobile,
    numbered_organisation_code,
)
from orgs.models import Enterprise, Organization, OrganizationScope, Park
from orgs.roles import role_group

ROOT_CODE = "BENCH"
USERS = {
    "superuser": "bench_admin",
    "committee_staff": "bench_staff",
    "branch_secretary": "bench_secretary",
    "commissioner": "bench_commissioner",
    "red_leader": "bench_redleader",
}
AREAS = ("371302", "371311", "371312", "371321", "371322", "371323", "370102", "370203")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华红玉梅建国志文慧丹鹏飞宇晨"
BIRTH_DAYS = 20_000  # birth dates spread over 1950-01-01 + 20,000 days (to 2004)
BIRTH_START = datetime.date(1950, 1, 1)
TODAY = datetime.date(2026, 6, 30)
AT_LEAST = 300  # rows of the smaller tables, whatever the member count


class RefusedDatabase(Exception):
    """The database holds data the builder must not mix bench rows into."""


@dataclass(frozen=True)
class Sizes:
    members: int
    orgs: int
    cases: int
    applications: int
    enterprises: int = 0  # 0: half the organization count

    @classmethod
    def for_members(
        cls,
        members: int,
        orgs: int | None = None,
        cases: int | None = None,
        applications: int | None = None,
    ) -> "Sizes":
        """The province's proportions (1,000,000 members, 200,000 cases) unless told otherwise:
        branches average about 26 members, so about one organization per 25 members."""
        return cls(
            members=members,
            orgs=orgs if orgs is not None else max(20, members // 25),
            cases=cases if cases is not None else members // 5,
            applications=applications
            if applications is not None
            else max(AT_LEAST, members // 100),
        )


def check_empty() -> None:
    """Refuse a database that already holds organizations, members or enterprises."""
    if Organization.objects.filter(code=ROOT_CODE).exists():
        raise RefusedDatabase(
            "This database already holds bench data; recreate it (drop, migrate) to build "
            "another size."
        )
    for model in (Organization, Member, Enterprise):
        if model._default_manager.exists():
            raise RefusedDatabase(
                f"This database holds {model._meta.verbose_name_plural} that are not bench data; "
                "bench_data writes only into an empty (freshly migrated) database."
            )


# --- writing rows -------------------------------------------------------------------------------


class _Table:
    """Writes rows (dicts of attribute names to values) of one model, filling what a row leaves
    out with the field's default, as ``Model()`` would."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        now = timezone.now()
        self.defaults: dict[str, Any] = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.defaults[field.attname] = now
            elif field.has_default():
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                self.defaults[field.attname] = ""

    def _values(self, row: dict[str, Any]) -> list[Any]:
        values = []
        for field in self.fields:
            name = field.attname
            if name in row:
                values.append(row[name])
            elif name in self.defaults:
                values.append(self.defaults[name])
            else:
                raise KeyError(f"{self.model.__name__}.{name} needs a value")
        return values

    def write(self, rows: Iterable[dict[str, Any]]) -> int:
        count = 0
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(str(self.model._meta.db_table))
            columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in self.fields)
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(self._values(row))
                    count += 1
            return count
        batch: list[models.Model] = []
        names = [f.attname for f in self.fields]
        for row in rows:
            batch.append(self.model(**dict(zip(names, self._values(row), strict=True))))
            if len(batch) == 2000:
                count += self._flush(batch)
        return count + self._flush(batch)

    def _flush(self, batch: list[models.Model]) -> int:
        # A plain QuerySet: the audited managers would record every row.
        models.QuerySet(self.model).bulk_create(batch, batch_size=500)  # type: ignore[arg-type]  # rows of self.model
        written = len(batch)
        batch.clear()
        return written


def _write(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    return _Table(model).write(rows)


# --- the builder --------------------------------------------------------------------------------


class Builder:
    """Builds one bench world of the given sizes; ``log`` receives a line per table."""

    def __init__(self, sizes: Sizes, *, seed: int = 2026, log: Callable[[str], None]) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.log = log
        self.now = timezone.now()

    def build(self) -> dict[str, int]:
        check_empty()
        counts: dict[str, int] = {}
        with transaction.atomic():
            for name, step in [
                ("parks and enterprises", self._enterprises),
                ("organizations", self._organizations),
                ("members", self._members),
                ("users and officers", self._officers),
                ("cases", self._cases),
                ("applications", self._applications),
                ("transfers", self._transfers),
            ]:
                started = timezone.now()
                counts[name] = step()
                seconds = (timezone.now() - started).total_seconds()
                self.log(f"{name}: {counts[name]:,} rows in {seconds:.1f} s")
            self._reset_sequences()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return counts

    def _reset_sequences(self) -> None:
        written: list[type[models.Model]] = [
            Park,
            Enterprise,
            Organization,
            Member,
            get_user_model(),
            get_user_model().groups.through,
            OrganizationScope,
            Officer,
            Assignment,
            Case,
            CaseEvent,
            Visit,
            JointMeeting,
            JointMeeting.cases.through,
            JointMeeting.attendees.through,
            Decision,
            Application,
            StepRecord,
            Transfer,
        ]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), written):
                cursor.execute(sql)

    # --- parks, enterprises, organizations ----------------------------------------------------

    def _enterprises(self) -> int:
        self.enterprise_count = self.sizes.enterprises or max(10, self.sizes.orgs // 2)
        self.park_count = max(3, self.enterprise_count // 200)
        parks = (
            {"id": p, "name": f"基准园区{p:04d}", "kind": Park.Kind.BASE, "area_m2": 50_000}
            for p in range(1, self.park_count + 1)
        )
        written = _write(Park, parks)

        def enterprises() -> Iterator[dict[str, Any]]:
            for e in range(1, self.enterprise_count + 1):
                individual = e % 5 == 0
                yield {
                    "id": e,
                    "name": f"基准直播电商企业{e:06d}",
                    "uscc": make_uscc(numbered_organisation_code(e), individual=individual),
                    "kind": Enterprise.Kind.INDIVIDUAL if individual else Enterprise.Kind.MCN,
                    "park_id": self.enterprise_park(e),
                    "employees": 5 + e % 300,
                }

        return written + _write(Enterprise, enterprises())

    def enterprise_park(self, enterprise_id: int) -> int:
        return (enterprise_id - 1) % self.park_count + 1

    def _organizations(self) -> int:
        total = max(3, self.sizes.orgs)
        generals = max(1, total // 40)
        branches = total - 1 - generals
        rows = [
            {
                "id": 1,
                "name": "基准行业党委",
                "kind": Organization.Kind.COMMITTEE,
                "code": ROOT_CODE,
                "path": "/1/",
            }
        ]
        for g in range(generals):
            pk = 2 + g
            rows.append(
                {
                    "id": pk,
                    "name": f"基准园区党总支{g + 1:04d}",
                    "kind": Organization.Kind.GENERAL_BRANCH,
                    "code": f"{ROOT_CODE}-G{g + 1:04d}",
                    "parent_id": 1,
                    "path": f"/1/{pk}/",
                    "park_id": g % self.park_count + 1,
                }
            )
        self.branch_ids: list[int] = []
        for b in range(branches):
            pk = 2 + generals + b
            parent = 2 + b % generals
            rows.append(
                {
                    "id": pk,
                    "name": f"基准党支部{b + 1:06d}",
                    "kind": Organization.Kind.BRANCH,
                    "code": f"{ROOT_CODE}-B{b + 1:06d}",
                    "parent_id": parent,
                    "path": f"/1/{parent}/{pk}/",
                    "enterprise_id": b % self.enterprise_count + 1,
                    "founded_on": datetime.date(2015, 1, 1) + datetime.timedelta(days=b % 3000),
                }
            )
            self.branch_ids.append(pk)
        self.general_ids = list(range(2, 2 + generals))
        return _write(Organization, rows)

    # --- members ------------------------------------------------------------------------------

    def _branch_sizes(self) -> list[int]:
        """Sizes of 3–50 members (the first branch exactly 50), scaled to the member count."""
        rest = self.sizes.members - 50
        weights = [self.rng.randint(3, 50) for _ in self.branch_ids[1:]]
        scale = rest / sum(weights) if weights else 0
        sizes = [50] + [max(1, round(w * scale)) for w in weights]
        sizes[-1] += self.sizes.members - sum(sizes)
        while sizes[-1] < 0:  # rounding overshot: take the excess from the largest branches
            big = max(range(len(sizes) - 1), key=sizes.__getitem__)
            sizes[big] -= 1
            sizes[-1] += 1
        return sizes

    def _members(self) -> int:
        sizes = self._branch_sizes()
        self.secretary_branch = self.branch_ids[0]
        self.member_branch = array("I", [0])  # by member id
        numbers: set[str] = set()
        rng = self.rng
        educations = list(Education.values)
        occupations = list(Occupation.values)
        statuses = [
            (Member.Status.ACTIVE, 0.9),
            (Member.Status.MOBILE, 0.04),
            (Member.Status.TRANSFERRED_OUT, 0.02),
            (Member.Status.DECEASED, 0.02),
            (Member.Status.LAPSED, 0.02),
        ]
        status_values = [s for s, _w in statuses]
        status_weights = [w for _s, w in statuses]
        now = self.now

        def rows() -> Iterator[dict[str, Any]]:
            pk = 0
            for branch, size in zip(self.branch_ids, sizes, strict=True):
                enterprise = (branch % self.enterprise_count) + 1
                for _ in range(size):
                    pk += 1
                    self.member_branch.append(branch)
                    birth = BIRTH_START + datetime.timedelta(days=pk % BIRTH_DAYS)
                    number = make_id_number(birth, pk // BIRTH_DAYS + 1, AREAS[pk % len(AREAS)])
                    mobile = make_mobile(MOBILE_PREFIXES[pk % len(MOBILE_PREFIXES)], pk)
                    member_number = new_member_number()
                    while member_number in numbers:
                        member_number = new_member_number()
                    numbers.add(member_number)
                    adult = add_years(birth, 18)
                    span = max(1, (TODAY - adult).days)
                    admitted = adult + datetime.timedelta(days=rng.randrange(span))
                    probationary = (TODAY - admitted).days < 365
                    linked = rng.random() < 0.6
                    yield {
                        "id": pk,
                        "member_number": member_number,
                        "name": SURNAMES[pk % len(SURNAMES)]
                        + GIVEN[(pk // 7) % len(GIVEN)]
                        + GIVEN[(pk // 311) % len(GIVEN)],
                        "gender": id_number_gender(number),
                        "birth_date": birth,
                        "id_number_cipher": crypto.encrypt(number),
                        "id_number_hash": crypto.blind_index(number),
                        "id_number_masked": mask_id_number(number),
                        "mobile_cipher": crypto.encrypt(mobile),
                        "mobile_masked": mask_mobile(mobile),
                        "mobile_hash": crypto.blind_index(mobile),
                        "education": educations[pk % len(educations)],
                        "occupation": occupations[pk % len(occupations)],
                        "workplace_id": enterprise if linked else None,
                        "workplace_name": f"基准直播电商企业{enterprise:06d}"
                        if linked
                        else f"个体经营户{pk % 997}",
                        "branch_id": branch,
                        "category": Member.Category.PROBATIONARY
                        if probationary
                        else Member.Category.FULL,
                        "admission_date": admitted,
                        "full_membership_date": None
                        if probationary
                        else admitted + datetime.timedelta(days=365),
                        "status": rng.choices(status_values, status_weights)[0],
                        "dues_standard": Decimal("0.20") if pk % 9 == 0 else Decimal("15.00"),
                        "dues_paid_to": datetime.date(2026, 1 + pk % 6, 1),
                        "created_at": now,
                        "updated_at": now,
                    }

        return _write(Member, rows())

    # --- users, officers, assignments ---------------------------------------------------------

    def _officers(self) -> int:
        User = get_user_model()
        commissioners = max(2, self.enterprise_count // 40)
        users: list[dict[str, Any]] = []
        groups: list[dict[str, Any]] = []
        group_ids = {
            key: role_group(key).pk for key in USERS if key != "superuser"
        }  # the role table's groups, made by migrate
        for pk, (role, username) in enumerate(USERS.items(), start=1):
            users.append(self._user(pk, username, superuser=role == "superuser"))
            if role != "superuser":
                groups.append({"id": pk, "user_id": pk, "group_id": group_ids[role]})
        officer_users = []
        for c in range(commissioners - 1):  # the bench commissioner is the first
            pk = len(USERS) + 1 + c
            users.append(self._user(pk, f"bench_officer{c + 1:05d}"))
            groups.append({"id": pk, "user_id": pk, "group_id": group_ids["commissioner"]})
            officer_users.append(pk)
        written = _write(User, users) + _write(User.groups.through, groups)
        scopes = [
            {"id": 1, "user_id": 2, "organization_id": 1},
            {"id": 2, "user_id": 3, "organization_id": self.secretary_branch},
        ]
        written += _write(OrganizationScope, scopes)
        # Officer 1 is the bench commissioner (user 4), officer 2 the red-leader secretary
        # (user 5), the others commissioners.
        officers = [
            {"id": 1, "user_id": 4, "name": "基准服务专员", "role": Officer.Role.COMMISSIONER},
            {"id": 2, "user_id": 5, "name": "基准红领书记", "role": Officer.Role.RED_LEADER},
        ]
        for n, user_id in enumerate(officer_users):
            officers.append(
                {
                    "id": 3 + n,
                    "user_id": user_id,
                    "name": f"服务专员{n + 1:05d}",
                    "role": Officer.Role.COMMISSIONER,
                }
            )
        written += _write(Officer, officers)
        commissioner_ids = [1] + [o["id"] for o in officers[2:]]
        self.officer_of = {
            e: commissioner_ids[(e - 1) % len(commissioner_ids)]
            for e in range(1, self.enterprise_count + 1)
        }
        start = datetime.date(2024, 1, 1)
        assignments = [
            {"id": e, "officer_id": officer, "enterprise_id": e, "starts_on": start}
            for e, officer in self.officer_of.items()
        ]
        assignments.append(
            {"id": len(assignments) + 1, "officer_id": 2, "park_id": 1, "starts_on": start}
        )
        return written + _write(Assignment, assignments)

    def _user(self, pk: int, username: str, *, superuser: bool = False) -> dict[str, Any]:
        return {
            "id": pk,
            "username": username,
            "password": "!",  # no password: the bench logs its users in directly
            "is_superuser": superuser,
            "is_staff": True,
            "is_active": True,
            "date_joined": self.now,
        }

    # --- cases, events, visits, meetings ------------------------------------------------------

    def _cases(self) -> int:
        rng = self.rng
        statuses = list(Case.Status.values)
        categories = list(Case.Category.values)
        grades = list(Case.Grade.values)
        satisfactions = list(Case.Satisfaction.values)
        escalated: list[int] = []
        answered_states = {"answered", "revisited", "closed", "reopened"}

        def cases() -> Iterator[dict[str, Any]]:
            for pk in range(1, self.sizes.cases + 1):
                enterprise = rng.randrange(1, self.enterprise_count + 1)
                status = statuses[pk % len(statuses)]
                registered = self.now - datetime.timedelta(minutes=pk * 7 % 500_000)
                graded = status != "registered"
                if status == "escalated" or (pk % 10 == 0 and graded):
                    escalated.append(pk)
                yield {
                    "id": pk,
                    "enterprise_id": enterprise,
                    "officer_id": self.officer_of[enterprise],
                    "title": f"诉求{pk:07d}：快递单价偏高",
                    "description": "园区快递单价高于周边，企业希望协调。",
                    "category": categories[pk % len(categories)],
                    "grade": grades[pk % len(grades)] if graded else "",
                    "status": status,
                    "registered_at": registered,
                    "due_at": registered + datetime.timedelta(days=7) if graded else None,
                    "answered_at": registered + datetime.timedelta(days=3)
                    if status in answered_states
                    else None,
                    "satisfaction": satisfactions[pk % 3]
                    if status in {"revisited", "closed"}
                    else "",
                    "closed_at": registered + datetime.timedelta(days=5)
                    if status == "closed"
                    else None,
                    "overdue": pk % 17 == 0,
                }

        written = _write(Case, cases())
        written += _write(
            CaseEvent,
            (
                {
                    "id": n,
                    "case_id": case,
                    "action": "escalate",
                    "from_status": "graded",
                    "to_status": "escalated",
                    "at": self.now,
                }
                for n, case in enumerate(escalated, start=1)
            ),
        )
        visits = (
            {
                "id": pk,
                "officer_id": self.officer_of[(pk % self.enterprise_count) + 1],
                "enterprise_id": (pk % self.enterprise_count) + 1,
                "visited_on": TODAY - datetime.timedelta(days=pk % 700),
                "topics": "走访了解经营情况",
            }
            for pk in range(1, self.sizes.cases // 2 + 1)
        )
        written += _write(Visit, visits)
        # At least three pages of meetings (and of transfers, applications), so that the pages
        # of the smallest bench are as full as the largest's; an agenda of at most 10 cases.
        meeting_count = max(AT_LEAST, self.sizes.cases // 1000)
        meetings = [
            {
                "id": m,
                "title": f"联席会议第{m}次",
                "held_at": self.now - datetime.timedelta(days=m),
                "convener_id": 2,
                "created_by_id": 5,
            }
            for m in range(1, meeting_count + 1)
        ]
        written += _write(JointMeeting, meetings)
        agenda = [
            {"id": n, "jointmeeting_id": n % meeting_count + 1, "case_id": case}
            for n, case in enumerate(escalated[: meeting_count * 10], start=1)
        ]
        written += _write(JointMeeting.cases.through, agenda)
        attendees = [
            {"id": m, "jointmeeting_id": m, "officer_id": 1 + m % 2}
            for m in range(1, meeting_count + 1)
        ]
        written += _write(JointMeeting.attendees.through, attendees)
        decisions = (
            {
                "id": n,
                "meeting_id": row["jointmeeting_id"],
                "case_id": row["case_id"],
                "text": "协调物流企业降低单价",
                "responsible_unit": "区商务局",
                "deadline": TODAY + datetime.timedelta(days=n % 60 - 20),
                "status": Decision.Status.values[n % 3],
                "completed_on": TODAY if n % 3 == 2 else None,
            }
            for n, row in enumerate(agenda[::2], start=1)
        )
        return written + _write(Decision, decisions)

    # --- applications and their steps ---------------------------------------------------------

    def _applications(self) -> int:
        rule_set = RuleSet.objects.order_by("effective_from").first()
        assert rule_set is not None, "migrate loads the rule sets"
        steps: list[dict[str, Any]] = []

        def applications() -> Iterator[dict[str, Any]]:
            step_pk = 0
            for pk in range(1, self.sizes.applications + 1):
                birth = datetime.date(2000, 1, 1) + datetime.timedelta(days=pk % 2000)
                number = make_id_number(birth, 500 + pk // 2000, AREAS[pk % len(AREAS)])
                last = 1 + pk % 18
                branch = self.branch_ids[pk % len(self.branch_ids)]
                started = datetime.date(2024, 3, 1) + datetime.timedelta(days=pk % 300)
                for step in range(1, last + 1):
                    step_pk += 1
                    steps.append(
                        {
                            "id": step_pk,
                            "application_id": pk,
                            "step": step,
                            "on": started + datetime.timedelta(days=step * 20),
                            "recorded_at": self.now,
                        }
                    )
                yield {
                    "id": pk,
                    "name": SURNAMES[pk % len(SURNAMES)] + GIVEN[pk % len(GIVEN)],
                    "gender": id_number_gender(number),
                    "birth_date": birth,
                    "id_number_cipher": crypto.encrypt(number),
                    "id_number_hash": crypto.blind_index(number),
                    "id_number_masked": mask_id_number(number),
                    "branch_id": branch,
                    "rule_set_id": rule_set.pk,
                    "stage": STEPS[last].stage,
                    "last_step": last,
                    "next_step": last + 1,
                    "due_step": last + 1,
                    "due_on": started + datetime.timedelta(days=(last + 1) * 20 + 30),
                    "created_at": self.now,
                }

        written = _write(Application, applications())
        return written + _write(StepRecord, steps)

    # --- transfers awaiting their receipt -----------------------------------------------------

    def _transfers(self) -> int:
        count = max(AT_LEAST, self.sizes.members // 1000)
        others = self.branch_ids[1:] or self.branch_ids

        def rows() -> Iterator[dict[str, Any]]:
            for pk in range(1, count + 1):
                # An internal transfer has moved the member already; the first five left the
                # secretary's branch, which keeps seeing them until the receipt.
                member = self.rng.randrange(51, self.sizes.members + 1)
                target = self.member_branch[member]
                source = self.secretary_branch if pk <= 5 else others[pk % len(others)]
                yield {
                    "id": pk,
                    "member_id": member,
                    "kind": Transfer.Kind.INTERNAL,
                    "state": Transfer.State.ISSUED,
                    "from_branch_id": source,
                    "to_branch_id": target,
                    "issued_on": TODAY - datetime.timedelta(days=pk % 9),
                    "valid_days": Transfer.IN_CITY_VALID_DAYS,
                    "created_at": self.now,
                }

        return _write(Transfer, rows())
