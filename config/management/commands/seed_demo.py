"""``manage.py seed_demo``: build the Lanshan live-commerce party-building demo.

The data mirrors the source story (DESIGN.md §2): one industry committee with 12 park branches
and 120 members, 15 bases, a 20-enterprise alliance, 7 positions, a red-leader secretary and 36
commissioners with their enterprises, shops (16 integrity shops), 40 streamers, and a few
months of liaison work: every commissioner visited their enterprises two to four times between
August and November 2026 (a few enterprises are left unvisited for longer than the visit
period); about thirty cases stand in every status of the case workflow, each with the timeline
that ``liaison.rules.TRANSITIONS`` allows from registration to that status; two joint meetings
decided on the escalated ones; and one open case is overdue as of ``demo_data.LIAISON_AS_OF``.

The build runs in two phases. Planning draws every random value from one ``Random(2020)`` into
plain dataclasses, without reading the database, so the plan is the same on every run (the
case timelines draw nothing: their times follow fixed delays, and their deadlines
``rules.feedback_due``, so they follow ``DANGJIAN_CASE_DAYS_ARE_WORKING_DAYS``).
Persisting then looks each object up by its natural key and creates it when missing or saves it
only when a field differs; a second run therefore writes nothing. Timeline rows, decisions and
supervision notes that an earlier version of the demo left behind are deleted. Everything runs
in one transaction.
"""

import datetime
import random
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import models, transaction
from stdnum.cn import ric, uscc

from config import demo_data as data
from liaison import rules
from liaison.models import (
    Assignment,
    Case,
    CaseEvent,
    Decision,
    JointMeeting,
    Officer,
    SupervisionNote,
    Visit,
)
from liaison.services import AWAITING_FEEDBACK
from members.models import Member
from merchants.models import Shop, Streamer
from orgs.audit import acting_as
from orgs.dates import add_months, add_years
from orgs.models import (
    Alliance,
    AllianceMembership,
    Enterprise,
    Organization,
    OrganizationScope,
    Park,
    Position,
)
from orgs.roles import ROLES, role_group
from orgs.workdays import is_working_day

SEED = 2020
DEMO_PASSWORD = "Dangjian@2026"
TZ = ZoneInfo("Asia/Shanghai")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
BIRTH_FIRST = datetime.date(1975, 1, 1)
BIRTH_LAST = datetime.date(2002, 12, 31)
# A full member was admitted at least a year before the as-of date; a probationary one within it.
LATEST_FULL_ADMISSION = add_years(data.AS_OF, -1) - datetime.timedelta(days=1)
PROBATION_WINDOW = (datetime.date(2025, 11, 15), datetime.date(2026, 10, 20))

OCCUPATION_WEIGHTS = {
    "streamer": 14,
    "shop_owner": 22,
    "manager": 14,
    "employee": 32,
    "logistics": 10,
    "other": 8,
}
# Enterprise kinds a member of each occupation prefers to work in.
OCCUPATION_WORKPLACES = {
    "streamer": {"mcn", "live_commerce", "individual"},
    "shop_owner": {"individual", "live_commerce"},
    "manager": {"park_operator", "live_commerce", "mcn", "supply_chain", "logistics", "service"},
    "employee": {"live_commerce", "mcn", "supply_chain", "service", "park_operator"},
    "logistics": {"logistics", "supply_chain"},
    "other": {"service", "park_operator", "live_commerce"},
}
# Monthly after-tax income range (yuan) by occupation, for the dues standard.
OCCUPATION_INCOME = {
    "streamer": (6000, 40000),
    "shop_owner": (4000, 16000),
    "manager": (6000, 15000),
    "employee": (3000, 6500),
    "logistics": (3500, 6500),
    "other": (2500, 5000),
}
EDUCATION_WEIGHTS = {
    "masters": 4,
    "bachelor": 30,
    "junior_college": 32,
    "secondary_vocational": 12,
    "high_school": 16,
    "middle_school": 6,
}
ETHNICITY_WEIGHTS = {"01": 96, "03": 3, "11": 1}  # Han, Hui, Manchu
PLATFORM_WEIGHTS = {"kuaishou": 50, "douyin": 30, "taobao_live": 10, "channels": 10}
LIAISON_AS_OF = data.LIAISON_AS_OF.replace(tzinfo=TZ)
SHOP_KINDS = {"live_commerce", "individual", "mcn", "supply_chain"}
STREAMER_EMPLOYER_KINDS = {"mcn", "live_commerce", "individual"}

ModelT = TypeVar("ModelT", bound=models.Model)


# --------------------------------------------------------------------------------------------
# Plans: plain data drawn from the random generator, independent of the database
# --------------------------------------------------------------------------------------------


@dataclass
class EnterprisePlan:
    """An enterprise to create; ``park`` and ``category`` refer to names and shop categories."""

    name: str
    uscc: str
    kind: str
    park: str | None
    legal_representative: str
    employees: int
    address: str
    brand: str
    category: str
    alliance: bool = False


@dataclass
class MemberPlan:
    """A party member to create; ``branch`` indexes the branch list, ``workplace`` names an
    enterprise."""

    name: str
    gender: str
    birth_date: datetime.date
    id_number: str
    mobile: str
    ethnicity: str
    native_place: str
    education: str
    degree: str
    occupation: str
    address: str
    workplace: str
    branch: int
    category: str
    admission_date: datetime.date
    full_membership_date: datetime.date | None
    status: str
    source: str
    party_posts: str = ""
    lost_contact: bool = False
    dues_standard: Decimal | None = None
    dues_paid_to: datetime.date | None = None


@dataclass
class OfficerPlan:
    """A red-leader secretary or commissioner with the enterprises (or park) assigned."""

    username: str
    family_name: str
    given_name: str
    role: str
    unit: str
    phone: str
    enterprises: list[tuple[str, datetime.date]] = field(default_factory=list)
    park: str | None = None

    @property
    def name(self) -> str:
        """The full name, family name first."""
        return self.family_name + self.given_name


@dataclass
class ShopPlan:
    """A shop; ``owner`` indexes the member plans."""

    name: str
    enterprise: str
    platform: str
    account: str
    category: str
    owner: int | None
    is_integrity_shop: bool
    opened_on: datetime.date


@dataclass
class StreamerPlan:
    """A streamer; ``member`` indexes the member plans."""

    name: str
    handle: str
    platform: str
    followers: int
    enterprise: str | None
    member: int | None


@dataclass
class VisitPlan:
    """A commissioner's visit (``officer`` is the username) to an enterprise."""

    officer: str
    enterprise: str
    visited_on: datetime.date
    people_met: str
    topics: str
    issues_raised: str


@dataclass
class EventPlan:
    """One step of a case's timeline; ``red_leader`` marks a step taken by the red-leader
    secretary rather than the commissioner."""

    action: str
    from_status: str
    to_status: str
    at: datetime.datetime
    note: str
    red_leader: bool = False


@dataclass
class CasePlan:
    """A case as its timeline leaves it: the workflow fields the last event gives it."""

    spec: data.CaseSpec
    officer: str
    registered_at: datetime.datetime
    status: str = ""
    grade: str = ""
    responsible_unit: str = ""
    due_at: datetime.datetime | None = None
    answered_at: datetime.datetime | None = None
    answer: str = ""
    satisfaction: str = ""
    extensions_approved: int = 0
    extensions_used: int = 0
    overdue: bool = False
    closed_at: datetime.datetime | None = None
    visit: datetime.date | None = None
    events: list[EventPlan] = field(default_factory=list)


@dataclass
class DemoPlan:
    """Everything the demo creates, in plan form."""

    enterprises: list[EnterprisePlan]
    members: list[MemberPlan]
    officers: list[OfficerPlan]
    shops: list[ShopPlan]
    streamers: list[StreamerPlan]
    cases: list[CasePlan] = field(default_factory=list)
    visits: list[VisitPlan] = field(default_factory=list)


class NameMaker:
    """Draws realistic Chinese personal names, never the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        """Start with no names used."""
        self.rng = rng
        self.used: set[str] = set()
        self.families = [name for name, _weight in data.FAMILY_NAMES]
        self.weights = [weight for _name, weight in data.FAMILY_NAMES]

    def split(self, gender: str, family: str | None = None) -> tuple[str, str]:
        """A new (family name, given name) pair for the gender; ``family`` forces the family."""
        pool = data.GIVEN_MALE if gender == "M" else data.GIVEN_FEMALE
        while True:
            surname = family or self.rng.choices(self.families, self.weights)[0]
            length = 1 if self.rng.random() < 0.3 else 2
            given = "".join(self.rng.choice(pool) for _ in range(length))
            if len(set(given)) == len(given) and surname + given not in self.used:
                self.used.add(surname + given)
                return surname, given

    def full(self, gender: str, family: str | None = None) -> str:
        """A new full name."""
        surname, given = self.split(gender, family)
        return surname + given

    def reserve(self, name: str) -> None:
        """Mark a fixed name as used."""
        self.used.add(name)


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of ``weights``, drawn in proportion to its weight."""
    return rng.choices(list(weights), list(weights.values()))[0]


def random_date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A date in the closed range ``first``..``last``."""
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def make_uscc(rng: random.Random, issued: set[str], *, individual: bool = False) -> str:
    """A new valid unified social credit code registered in Lanshan.

    ``91`` is an enterprise, ``92`` an individual business; the 9-character body is either a
    post-2015 ``MA3…`` code or an old 9-digit organisation code, and the check character is
    computed (GB 32100).
    """
    head = ("92" if individual else "91") + "371302"
    while True:
        if rng.random() < 0.7:
            body = "MA3" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
        else:
            body = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice("0123456789X")
        code = head + body + uscc.calc_check_digit(head + body)
        if code not in issued:
            issued.add(code)
            return uscc.validate(code)


def make_id_number(
    rng: random.Random, issued: set[str], area: str, birth: datetime.date, gender: str
) -> str:
    """A new valid 18-digit ID number: area, birth date, a sequence whose parity gives the
    gender (odd for men) and the GB 11643 check digit."""
    while True:
        sequence = rng.randrange(1, 500) * 2 - (1 if gender == "M" else 0)
        body = f"{area}{birth:%Y%m%d}{sequence:03d}"
        number = body + ric.calc_check_digit(body + "0")
        if number not in issued:
            issued.add(number)
            return number


def make_mobile(rng: random.Random, issued: set[str]) -> str:
    """A new 11-digit mainland mobile number."""
    while True:
        number = rng.choice(data.MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if number not in issued:
            issued.add(number)
            return number


def monthly_dues(income: int) -> Decimal:
    """The monthly dues on an after-tax income, by the 2008 rates (0.5/1/1.5/2 %)."""
    if income <= 3000:
        rate = Decimal("0.005")
    elif income <= 5000:
        rate = Decimal("0.01")
    elif income <= 10000:
        rate = Decimal("0.015")
    else:
        rate = Decimal("0.02")
    return (Decimal(income) * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def current_term(founded: datetime.date, years: int) -> tuple[datetime.date, datetime.date]:
    """The term running on the as-of date, for an organization elected every ``years`` years
    since ``founded``."""
    start = founded
    while add_years(start, years) <= data.AS_OF:
        start = add_years(start, years)
    return start, add_years(start, years)


def plan_enterprises(rng: random.Random, names: NameMaker) -> list[EnterprisePlan]:
    """The 80 enterprises: 15 base operators, 16 further alliance enterprises, 12 individual
    businesses (one in each branch's base) and 37 generated companies."""
    issued: set[str] = set()
    parks = {park.name: park for park in data.PARKS}
    plans: list[EnterprisePlan] = []

    def address_in(park_name: str | None) -> str:
        if park_name is None:
            return data.LOGISTICS_PARK_ADDRESS
        building, room = rng.randint(1, 12), rng.randint(1, 6) * 100 + rng.randint(1, 30)
        return f"{parks[park_name].address}{park_name}{building}号楼{room}室"

    for park in data.PARKS:
        operator = park.operator
        names.reserve(operator.legal_representative)
        plans.append(
            EnterprisePlan(
                name=operator.name,
                uscc=make_uscc(rng, issued),
                kind="park_operator",
                park=park.name,
                legal_representative=operator.legal_representative,
                employees=operator.employees,
                address=f"{park.address}{park.name}综合服务楼",
                brand=operator.brand,
                category="other",
                alliance=park.name in data.ALLIANCE_OPERATOR_PARKS,
            )
        )
    for spec in data.ALLIANCE_ENTERPRISES:
        plans.append(
            EnterprisePlan(
                name=spec.name,
                uscc=make_uscc(rng, issued),
                kind=spec.kind,
                park=spec.park,
                legal_representative=names.full(rng.choice("MMMF")),
                employees=spec.employees,
                address=address_in(spec.park),
                brand=spec.brand,
                category=spec.category,
                alliance=True,
            )
        )
    branch_parks = [park.name for park in data.PARKS if park.branch_name]
    for park_name, (brand, goods, category) in zip(
        branch_parks, data.INDIVIDUAL_BUSINESSES, strict=True
    ):
        stall = rng.randint(1, 3) * 100 + rng.randint(1, 60)
        plans.append(
            EnterprisePlan(
                name=f"临沂市兰山区{brand}{goods}店",
                uscc=make_uscc(rng, issued, individual=True),
                kind="individual",
                park=park_name,
                legal_representative=names.full(rng.choice("MF")),  # may become a member
                employees=rng.randint(2, 8),
                address=f"{parks[park_name].address}{park_name}{stall}号商铺",
                brand=brand,
                category=category,
            )
        )
    all_parks = [park.name for park in data.PARKS]
    busy_parks = all_parks[:4]  # the four largest bases take more companies
    brands = rng.sample(data.COMPANY_BRANDS, data.GENERATED_COMPANIES)
    for index, brand in enumerate(brands):
        suffix, kind, category = rng.choice(data.COMPANY_SUFFIXES)
        if index < len(all_parks):
            park_name: str | None = all_parks[index]
        else:
            park_name = rng.choice(busy_parks + all_parks)
        plans.append(
            EnterprisePlan(
                name=f"{'临沂' if rng.random() < 0.8 else '山东'}{brand}{suffix}",
                uscc=make_uscc(rng, issued),
                kind=kind,
                park=park_name,
                legal_representative=names.full(rng.choice("MMF")),
                employees=rng.randint(8, 120),
                address=address_in(park_name),
                brand=brand,
                category=category,
            )
        )
    return plans


def plan_members(
    rng: random.Random, names: NameMaker, enterprises: list[EnterprisePlan]
) -> list[MemberPlan]:
    """120 members over the 12 branches: the first three of each branch are full members (the
    first is the secretary), about one in eight of the rest is probationary."""
    ids: set[str] = set()
    mobiles: set[str] = set()
    areas = [code for code, _place, _weight in data.AREA_CODES]
    area_weights = [weight for _code, _place, weight in data.AREA_CODES]
    native_places = {code: place for code, place, _weight in data.AREA_CODES}
    by_brand = {plan.brand: plan.name for plan in enterprises}
    plans: list[MemberPlan] = []
    branch_parks = [park for park in data.PARKS if park.branch_name]
    for branch, (park, size) in enumerate(zip(branch_parks, data.BRANCH_SIZES, strict=True)):
        candidates = [plan for plan in enterprises if plan.park == park.name]
        assert park.branch_founded is not None
        for position in range(size):
            special = {
                (0, 0): data.SHUNHE_SECRETARY,
                (0, 1): data.SUPER_DAN_MEMBER,
            }.get((branch, position))
            if special:
                _index, name, gender, birth, occupation, brand = special
                names.reserve(name)
                workplace = by_brand[brand]
            else:
                gender = rng.choice("MF")
                name = names.full(gender)
                if position == 0:
                    birth = random_date(rng, BIRTH_FIRST, datetime.date(1988, 12, 31))
                    occupation = rng.choice(["manager", "shop_owner"])
                else:
                    birth = random_date(rng, BIRTH_FIRST, BIRTH_LAST)
                    occupation = weighted(rng, OCCUPATION_WEIGHTS)
                preferred = [
                    plan for plan in candidates if plan.kind in OCCUPATION_WORKPLACES[occupation]
                ]
                workplace = rng.choice(preferred or candidates).name
            area = rng.choices(areas, area_weights)[0]
            probationary = position >= 3 and rng.random() < 0.12
            if probationary:
                first = max(add_years(birth, 18), PROBATION_WINDOW[0])
                admission = random_date(rng, first, PROBATION_WINDOW[1])
                full_date = None
            else:
                last = min(add_years(birth, 45), LATEST_FULL_ADMISSION)
                admission = random_date(rng, add_years(birth, 20), last)
                extended = rng.random() < 0.05 and add_months(admission, 18) <= data.AS_OF
                full_date = add_months(admission, 18 if extended else 12)
            transferred = (
                not area.startswith(data.LINYI_AREA_PREFIX) or admission < park.branch_founded
            )
            education = weighted(rng, EDUCATION_WEIGHTS)
            degree = {"masters": "master", "bachelor": "bachelor"}.get(education, "")
            if education == "bachelor" and rng.random() < 0.1:
                degree = ""
            low, high = OCCUPATION_INCOME[occupation]
            dues = monthly_dues(rng.randrange(low, high + 1, 100))
            paid_roll = rng.random()
            if paid_roll < 0.02:
                paid_to = datetime.date(2026, 5, 1)  # five months behind: flagged
            elif paid_roll < 0.05:
                paid_to = datetime.date(2026, 7, 1)  # three months behind: flagged
            elif paid_roll < 0.15:
                paid_to = datetime.date(2026, 9, 1)
            else:
                paid_to = datetime.date(2026, 10, 1)
            paid_to = max(paid_to, admission.replace(day=1))
            street = rng.choice(data.HOME_STREETS)
            community = rng.choice(data.HOME_COMMUNITIES)
            home = (
                f"临沂市兰山区{street}{community}{rng.randint(1, 30)}号楼"
                f"{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
            )
            plans.append(
                MemberPlan(
                    name=name,
                    gender=gender,
                    birth_date=birth,
                    id_number=make_id_number(rng, ids, area, birth, gender),
                    mobile=make_mobile(rng, mobiles),
                    ethnicity=weighted(rng, ETHNICITY_WEIGHTS),
                    native_place=native_places[area],
                    education=education,
                    degree=degree,
                    occupation=occupation,
                    address=home,
                    workplace=workplace,
                    branch=branch,
                    category="probationary" if probationary else "full",
                    admission_date=admission,
                    full_membership_date=full_date,
                    status="mobile" if rng.random() < 0.03 else "active",
                    source="transferred_in" if transferred else "developed",
                    lost_contact=paid_to <= datetime.date(2026, 5, 1),
                    dues_standard=dues,
                    dues_paid_to=paid_to,
                )
            )
    assign_party_posts(plans)
    return plans


def assign_party_posts(members: list[MemberPlan]) -> None:
    """The first member of each branch is its secretary; a branch with seven or more full
    members elects a committee, so its second and third members hold committee posts."""
    for branch in range(len(data.BRANCH_SIZES)):
        roster = [plan for plan in members if plan.branch == branch]
        full = sum(plan.category == "full" for plan in roster)
        roster[0].party_posts = "支部书记"
        if full >= 7:
            roster[1].party_posts = "宣传委员"
            roster[2].party_posts = "组织委员"


def link_individual_owners(enterprises: list[EnterprisePlan], members: list[MemberPlan]) -> None:
    """An individual business where a shop-owner member works is registered in that member's
    name."""
    for plan in enterprises:
        if plan.kind != "individual":
            continue
        owner = next(
            (m for m in members if m.workplace == plan.name and m.occupation == "shop_owner"),
            None,
        )
        if owner:
            plan.legal_representative = owner.name


def plan_officers(
    rng: random.Random, names: NameMaker, enterprises: list[EnterprisePlan]
) -> list[OfficerPlan]:
    """The red-leader secretary (assigned to the Shunhe park) and 36 commissioners, each with
    two or three enterprises; every enterprise has exactly one commissioner, and neighbours in a
    base share one."""
    phones: set[str] = set()

    def phone() -> str:
        while True:
            number = f"0539-8{rng.randrange(10**6):06d}"
            if number not in phones:
                phones.add(number)
                return number

    family, given = data.RED_LEADER_NAME
    names.reserve(family + given)
    officers = [
        OfficerPlan(
            username="redleader",
            family_name=family,
            given_name=given,
            role="red_leader",
            unit=data.RED_LEADER_UNIT,
            phone=phone(),
            park=data.PARKS[0].name,
        )
    ]
    park_order = {park.name: index for index, park in enumerate(data.PARKS)}
    queue = sorted(enterprises, key=lambda plan: park_order.get(plan.park or "", len(park_order)))
    count = data.COMMISSIONER_COUNT
    threes = len(queue) - 2 * count  # so that every enterprise is covered
    with_three = set(rng.sample(range(count), threes))
    for number in range(count):
        family, given = names.split(rng.choice("MMF"))
        take = 3 if number in with_three else 2
        chosen, queue = queue[:take], queue[take:]
        starts = [
            data.ASSIGNMENTS_START
            if rng.random() < 0.7
            else random_date(rng, datetime.date(2021, 4, 1), datetime.date(2021, 12, 20))
            for _ in chosen
        ]
        officers.append(
            OfficerPlan(
                username=f"commissioner{number + 1:02d}",
                family_name=family,
                given_name=given,
                role="commissioner",
                unit=data.OFFICER_UNITS[number % len(data.OFFICER_UNITS)],
                phone=phone(),
                enterprises=[
                    (plan.name, start) for plan, start in zip(chosen, starts, strict=True)
                ],
            )
        )
    assert not queue, "every enterprise gets a commissioner"
    return officers


def plan_shops(
    rng: random.Random, enterprises: list[EnterprisePlan], members: list[MemberPlan]
) -> list[ShopPlan]:
    """The 16 integrity shops of party-member shop owners, then one shop (sometimes two) for
    each enterprise that sells online."""
    accounts: set[str] = set()
    by_name = {plan.name: plan for plan in enterprises}

    def account(platform: str) -> str:
        prefix = data.PLATFORM_SHOP_STYLE[platform][1]
        while True:
            value = f"{prefix}{rng.randrange(10**8, 10**9)}"
            if value not in accounts:
                accounts.add(value)
                return value

    shops: list[ShopPlan] = []
    owners = [index for index, m in enumerate(members) if m.occupation == "shop_owner"]
    assert len(owners) >= data.INTEGRITY_SHOPS, "enough party-member shop owners"
    for index in sorted(rng.sample(owners, data.INTEGRITY_SHOPS)):
        owner = members[index]
        enterprise = by_name[owner.workplace]
        platform = weighted(rng, PLATFORM_WEIGHTS)
        word = data.CATEGORY_WORDS[enterprise.category]
        shops.append(
            ShopPlan(
                name=f"{owner.name}{word}{data.PLATFORM_SHOP_STYLE[platform][0]}",
                enterprise=enterprise.name,
                platform=platform,
                account=account(platform),
                category=enterprise.category,
                owner=index,
                is_integrity_shop=True,
                opened_on=random_date(rng, datetime.date(2018, 3, 1), datetime.date(2021, 5, 31)),
            )
        )
    for enterprise in enterprises:
        if enterprise.kind not in SHOP_KINDS:
            continue
        platforms = [weighted(rng, PLATFORM_WEIGHTS)]
        if rng.random() < 0.25:
            platforms.append(rng.choice([p for p in PLATFORM_WEIGHTS if p != platforms[0]]))
        for platform in platforms:
            word = data.CATEGORY_WORDS[enterprise.category]
            shops.append(
                ShopPlan(
                    name=f"{enterprise.brand}{word}{data.PLATFORM_SHOP_STYLE[platform][0]}",
                    enterprise=enterprise.name,
                    platform=platform,
                    account=account(platform),
                    category=enterprise.category,
                    owner=None,
                    is_integrity_shop=False,
                    opened_on=random_date(
                        rng, datetime.date(2017, 6, 1), datetime.date(2026, 6, 30)
                    ),
                )
            )
    return shops


def family_hint(handle: str) -> str | None:
    """The family name a screen name implies (老李, 小王, 王小七), if any."""
    families = "".join(name for name, _weight in data.FAMILY_NAMES)
    match = re.search(f"(?:^|[老小])([{families}])", handle)
    return match.group(1) if match else None


def plan_streamers(
    rng: random.Random,
    names: NameMaker,
    enterprises: list[EnterprisePlan],
    members: list[MemberPlan],
) -> list[StreamerPlan]:
    """40 streamers: 超级丹 is the party member 王丹, the other member handles go to streamer
    members of the same gender, the rest are non-members at MCNs and shops."""
    employers = [plan.name for plan in enterprises if plan.kind in STREAMER_EMPLOYER_KINDS]
    super_dan = next(i for i, m in enumerate(members) if m.name == data.SUPER_DAN_MEMBER[1])
    free = [
        index
        for index, m in enumerate(members)
        if m.occupation == "streamer" and index != super_dan
    ]
    streamers: list[StreamerPlan] = []
    for spec in data.STREAMERS:
        member: int | None = None
        if spec.handle == "超级丹":
            member = super_dan
        elif spec.member:
            member = next(i for i in free if members[i].gender == spec.gender)
            free.remove(member)
        if member is not None:
            name, enterprise = members[member].name, members[member].workplace
        else:
            name = names.full(spec.gender, family_hint(spec.handle))
            enterprise = spec.enterprise or rng.choice(employers)
        streamers.append(
            StreamerPlan(
                name=name,
                handle=spec.handle,
                platform=spec.platform,
                followers=spec.followers,
                enterprise=enterprise,
                member=member,
            )
        )
    return streamers


# How long after the previous step each action of a case's timeline is taken, by grade; an
# answer always comes well within the grade's feedback period.
_MINUTE, _HOUR, _DAY = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(hours=1),
    datetime.timedelta(days=1),
)
STEP_DELAYS: dict[str, dict[str, datetime.timedelta]] = {
    "urgent": {"grade": 10 * _MINUTE, "route": 15 * _MINUTE, "accept": 15 * _MINUTE,
               "start": 10 * _MINUTE, "answer": 40 * _MINUTE, "revisit": _DAY},
    "utilities": {"grade": 30 * _MINUTE, "route": _HOUR, "accept": _HOUR, "start": _HOUR,
                  "answer": 5 * _HOUR, "revisit": _DAY},
    "general": {"grade": 30 * _MINUTE, "route": _HOUR, "accept": 4 * _HOUR, "start": 2 * _HOUR,
                "answer": 3 * _DAY, "revisit": 2 * _DAY},
    "complex": {"grade": _HOUR, "route": 2 * _HOUR, "accept": _DAY, "start": _DAY,
                "answer": 8 * _DAY, "revisit": 2 * _DAY},
}  # fmt: skip
OTHER_DELAYS = {
    "approve_extension": _DAY,
    "extend": _HOUR,
    "close": _HOUR,
    "reopen": _HOUR,
    "close_by_decision": _DAY,
}
ROUTES = ("handle", "dispatch", "escalate")
# The actions a timeline path is searched over: the normal moves of the rule table, without the
# deadline extension (which needs the red-leader secretary) and the closure by a decision.
PATH_ACTIONS = [
    name
    for name, rule in rules.TRANSITIONS.items()
    if rule.sources and name not in {"approve_extension", "extend", "close_by_decision"}
]
GRADE_WORDS = {
    "urgent": "紧急类（2小时内反馈）",
    "utilities": "水电气暖类（24小时内反馈）",
    "general": "一般类（7日内反馈）",
    "complex": "复杂类（15日内反馈）",
}
SATISFACTION_WORDS = {"satisfied": "满意", "basically": "基本满意", "dissatisfied": "不满意"}
STATUS_WORDS = {
    "registered": "已登记",
    "graded": "已定级",
    "dispatched": "已转办",
    "escalated": "已提请联席会议",
    "accepted": "已签收",
    "in_progress": "办理中",
    "answered": "已答复",
    "revisited": "已回访",
    "closed": "已办结",
    "reopened": "重新办理",
}


def office_hours(at: datetime.datetime) -> datetime.datetime:
    """``at``, or 08:30 of the next morning when it falls in the night (21:00 to 08:00)."""
    if at.hour >= 21:
        at += _DAY
    elif at.hour >= 8:
        return at
    return at.replace(hour=8, minute=30)


def shortest_path(start: str, goals: set[str]) -> list[str]:
    """The fewest actions (of PATH_ACTIONS, tried in table order) that take a case from
    ``start`` to one of ``goals``; empty when ``start`` is a goal."""
    if start in goals:
        return []
    previous: dict[str, tuple[str, str]] = {}
    queue = deque([start])
    while queue:
        status = queue.popleft()
        for name in PATH_ACTIONS:
            rule = rules.TRANSITIONS[name]
            if status not in rule.sources or rule.target == start or rule.target in previous:
                continue
            previous[rule.target] = (status, name)
            if rule.target in goals:
                path, current = [], rule.target
                while current != start:
                    current, action = previous[current]
                    path.append(action)
                return path[::-1]
            queue.append(rule.target)
    raise ValueError(f"no path from {start} to {sorted(goals)}")


def case_path(status: str, via: Sequence[str] = ()) -> list[str]:
    """The actions from registration to ``status``, passing through the actions of ``via`` in
    order (each reached by the shortest path to one of its source statuses)."""
    path, current = ["register"], str(Case.Status.REGISTERED)
    for action in via:
        rule = rules.TRANSITIONS[action]
        path += shortest_path(current, set(rule.sources))
        path.append(action)
        current = rule.target
    return path + shortest_path(current, {status})


def plan_case(spec: data.CaseSpec, officer: OfficerPlan, meeting: str | None) -> CasePlan:
    """Walk the case's path, timing each step and setting the fields as the case services
    would; ``meeting`` is the joint meeting whose decision settled the case, if any. Refuses a
    spec whose timeline breaks the rules (a step out of order, a late answer, a step after the
    demo's as-of moment)."""
    registered = spec.registered.replace(tzinfo=TZ)
    plan = CasePlan(spec=spec, officer=officer.username, registered_at=registered)
    if spec.from_visit:
        plan.visit = registered.date()
    pinned = {action: at.replace(tzinfo=TZ) for action, at in spec.pinned}
    path = case_path(spec.status, spec.via)
    at = registered
    for index, action in enumerate(path):
        rule = rules.TRANSITIONS[action]
        if index:
            if action in pinned:
                step_at = pinned.pop(action)
            else:
                kind = "route" if action in ROUTES else action
                delays = STEP_DELAYS[spec.grade] if spec.grade else {}
                step_at = at + delays.get(kind, OTHER_DELAYS.get(kind, _HOUR))
                if spec.grade != Case.Grade.URGENT:  # urgent cases are handled at night too
                    step_at = office_hours(step_at)
            assert step_at > at, f"{spec.title}: {action} before the previous step"
            at = step_at
        assert action == "register" or plan.status in rule.sources, (spec.title, action)
        note = ""
        if action == "register":
            note = "服务专员走访时企业反映。" if spec.from_visit else "企业向服务专员反映。"
        elif action == "grade":
            assert spec.grade, f"{spec.title}: graded without a grade"
            plan.grade = spec.grade
            plan.due_at = rules.feedback_due(spec.grade, registered)
            note = f"定级为{GRADE_WORDS[spec.grade]}。"
        elif action == "handle":
            plan.responsible_unit = officer.unit or officer.name
            note = "服务专员直接办理。"
        elif action == "dispatch":
            assert spec.responsible_unit, f"{spec.title}: dispatched to no unit"
            plan.responsible_unit = spec.responsible_unit
            note = f"转办{spec.responsible_unit}。"
        elif action == "escalate":
            note = "提请行业党建联席会议研究。"
        elif action == "accept":
            note = "联席会议研究后签收。" if plan.status == "escalated" else "承办单位签收。"
        elif action == "start":
            note = "开始办理。"
        elif action == "approve_extension":
            plan.extensions_approved += 1
            note = "红领书记批准延期一次。"
        elif action == "extend":
            assert spec.extended_until and plan.extensions_used < plan.extensions_approved
            until = spec.extended_until.replace(tzinfo=TZ)
            assert plan.due_at is not None and until > plan.due_at and at <= plan.due_at
            note = f"反馈期限由{plan.due_at:%Y-%m-%d %H:%M}延至{until:%Y-%m-%d %H:%M}。"
            plan.due_at, plan.extensions_used = until, plan.extensions_used + 1
        elif action == "answer":
            assert spec.answer, f"{spec.title}: answered without an answer"
            assert plan.due_at is None or at <= plan.due_at, f"{spec.title}: answered late"
            plan.answer, plan.answered_at = spec.answer, plan.answered_at or at
            note = "已答复企业。"
        elif action == "revisit":
            reopens = index + 1 < len(path) and path[index + 1] == "reopen"
            plan.satisfaction = "dissatisfied" if reopens else spec.satisfaction
            assert reopens or plan.satisfaction in rules.CLOSING_SATISFACTION, spec.title
            note = f"回访企业，评价{SATISFACTION_WORDS[plan.satisfaction]}。"
        elif action == "close":
            plan.closed_at = at
            note = "企业满意，诉求办结。"
        elif action == "reopen":
            plan.due_at = rules.feedback_due(plan.grade, at)
            note = "企业不满意，重新办理。"
        elif action == "close_by_decision":
            assert meeting, f"{spec.title}: no decision closes it"
            plan.closed_at = at
            note = f"{meeting}议定事项已落实，诉求办结。"
        plan.events.append(
            EventPlan(
                action=action,
                from_status=plan.status,
                to_status=rule.target,
                at=at,
                note=note,
                red_leader=action == "approve_extension",
            )
        )
        plan.status = rule.target
    assert not pinned, f"{spec.title}: pinned actions not on the path: {sorted(pinned)}"
    assert plan.status == spec.status, spec.title
    assert at <= LIAISON_AS_OF, f"{spec.title}: a step after the as-of moment"
    plan.overdue = (
        plan.status in AWAITING_FEEDBACK and plan.due_at is not None and plan.due_at < LIAISON_AS_OF
    )
    return plan


def plan_cases(officers: list[OfficerPlan]) -> list[CasePlan]:
    """Every case of ``data.CASES``, raised by the commissioner of its enterprise."""
    officer_of = {name: plan for plan in officers for name, _start in plan.enterprises}
    settled_by = {
        decision.case: meeting.title
        for meeting in data.MEETINGS
        for decision in meeting.decisions
        if decision.case and decision.status == Decision.Status.DONE
    }
    return [
        plan_case(spec, officer_of[spec.enterprise], settled_by.get(spec.title))
        for spec in data.CASES
    ]


def working_day_between(
    rng: random.Random, first: datetime.date, last: datetime.date
) -> datetime.date:
    """A Chinese working day in ``first``..``last``."""
    days = [
        first + datetime.timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if is_working_day(first + datetime.timedelta(days=offset))
    ]
    return rng.choice(days)


def plan_visits(
    rng: random.Random,
    names: NameMaker,
    enterprises: list[EnterprisePlan],
    officers: list[OfficerPlan],
    cases: list[CasePlan],
) -> list[VisitPlan]:
    """Two to four visits per commissioner between VISITS_FIRST and VISITS_LAST: one on the day
    each case raised during a visit was registered, then at least one recent visit (within the
    visit period before the as-of date) to each enterprise, then visits on random working days.
    A few enterprises without cases are neglected: at most one visit, in early August."""
    by_name = {plan.name: plan for plan in enterprises}
    recent = data.LIAISON_AS_OF.date() - datetime.timedelta(days=90)
    with_cases = {spec.enterprise for spec in data.CASES}
    candidates = [
        plan.enterprises[-1][0]
        for plan in officers
        if len(plan.enterprises) > 1 and plan.enterprises[-1][0] not in with_cases
    ]
    neglected = set(rng.sample(candidates, data.NEGLECTED_ENTERPRISES))
    contacts: dict[str, str] = {}
    low, high = data.VISITS_PER_COMMISSIONER

    def people_met(enterprise: str) -> str:
        plan = by_name[enterprise]
        if plan.kind == "individual":
            return f"{plan.legal_representative}（经营者）"
        if enterprise not in contacts:
            contacts[enterprise] = (
                f"{names.full(rng.choice('MF'))}（{rng.choice(data.VISIT_CONTACT_ROLES)}）"
            )
        return f"{plan.legal_representative}（法定代表人）、{contacts[enterprise]}"

    def visit(
        officer: str, enterprise: str, day: datetime.date, case: CasePlan | None
    ) -> VisitPlan:
        if case is not None:
            theme = data.VISIT_THEMES[data.CATEGORY_THEMES[case.spec.category]]
            topics, issues = theme.topic, case.spec.description
        else:
            first, second = rng.sample(data.VISIT_THEMES, 2)
            topics = f"{first.topic}；{second.topic}"
            issues = first.issue or "企业经营正常，未反映新的诉求。"
        return VisitPlan(officer, enterprise, day, people_met(enterprise), topics, issues)

    visits: list[VisitPlan] = []
    for officer in officers:
        if officer.role != "commissioner":
            continue
        own = [name for name, _start in officer.enterprises]
        mine = [
            visit(officer.username, case.spec.enterprise, case.visit, case)
            for case in cases
            if case.officer == officer.username and case.visit is not None
        ]
        target = rng.randint(low, high)
        for enterprise in own:
            if enterprise in neglected:
                if rng.random() < 0.5:
                    day = working_day_between(rng, data.VISITS_FIRST, data.NEGLECTED_VISITS_LAST)
                    mine.append(visit(officer.username, enterprise, day, None))
            elif not any(v.enterprise == enterprise and v.visited_on >= recent for v in mine):
                day = working_day_between(rng, recent, data.VISITS_LAST)
                mine.append(visit(officer.username, enterprise, day, None))
        fresh = [name for name in own if name not in neglected]
        while len(mine) < target:
            enterprise = rng.choice(fresh)
            day = working_day_between(rng, data.VISITS_FIRST, data.VISITS_LAST)
            if not any(v.enterprise == enterprise and v.visited_on == day for v in mine):
                mine.append(visit(officer.username, enterprise, day, None))
        assert low <= len(mine) <= high, f"{officer.username} has {len(mine)} visits"
        visits += sorted(mine, key=lambda v: (v.visited_on, v.enterprise))
    return visits


def plan_demo(rng: random.Random) -> DemoPlan:
    """Draw the whole demo from ``rng``; the order of the draws is fixed."""
    names = NameMaker(rng)
    enterprises = plan_enterprises(rng, names)
    members = plan_members(rng, names, enterprises)
    link_individual_owners(enterprises, members)
    officers = plan_officers(rng, names, enterprises)
    shops = plan_shops(rng, enterprises, members)
    streamers = plan_streamers(rng, names, enterprises, members)
    cases = plan_cases(officers)
    visits = plan_visits(rng, names, enterprises, officers, cases)
    return DemoPlan(enterprises, members, officers, shops, streamers, cases, visits)


# --------------------------------------------------------------------------------------------
# Persistence: natural-key look-ups, writes only where something differs
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """How many rows a run created and updated."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)


def apply_changes(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set the fields of ``obj`` that differ from ``values``; foreign keys compare by key.
    Returns whether anything changed."""
    changed = False
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.many_to_one or model_field.one_to_one:
            current = getattr(obj, model_field.attname)
            differs = current != (value.pk if value is not None else None)
        else:
            differs = getattr(obj, name) != value
        if differs:
            setattr(obj, name, value)
            changed = True
    return changed


def upsert(
    model: type[ModelT],
    lookup: dict[str, Any],
    values: dict[str, Any],
    tally: Tally,
    *,
    exclude: Sequence[str] = (),
) -> ModelT:
    """Find the row by ``lookup``; create it with ``values`` when missing, or save it when one
    of ``values`` differs. Validates with ``full_clean`` before every write."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(exclude=list(exclude))
        obj.save()
        tally.created += 1
    elif apply_changes(obj, values):
        obj.full_clean(exclude=list(exclude))
        obj.save()
        tally.updated += 1
    return obj


def seed_parks(tally: Tally) -> dict[str, Park]:
    """The 15 bases, first without their operators (which need the parks to exist)."""
    return {
        spec.name: upsert(
            Park,
            {"name": spec.name},
            {"kind": Park.Kind.BASE, "area_m2": spec.area_m2, "address": spec.address},
            tally,
        )
        for spec in data.PARKS
    }


def seed_enterprises(
    plans: list[EnterprisePlan], parks: dict[str, Park], tally: Tally
) -> dict[str, Enterprise]:
    """All enterprises, keyed by their unified social credit code; then each base's operator."""
    enterprises = {
        plan.name: upsert(
            Enterprise,
            {"uscc": plan.uscc},
            {
                "name": plan.name,
                "kind": plan.kind,
                "park": parks[plan.park] if plan.park else None,
                "legal_representative": plan.legal_representative,
                "employees": plan.employees,
                "address": plan.address,
            },
            tally,
        )
        for plan in plans
    }
    for spec in data.PARKS:
        upsert(Park, {"name": spec.name}, {"operator": enterprises[spec.operator.name]}, tally)
    return enterprises


def seed_organizations(
    parks: dict[str, Park], tally: Tally
) -> tuple[Organization, list[Organization]]:
    """The industry committee and its 12 park branches with their current terms."""
    start, end = current_term(data.COMMITTEE_FOUNDED, data.COMMITTEE_TERM_YEARS)
    committee = upsert(
        Organization,
        {"code": data.COMMITTEE_CODE},
        {
            "name": data.COMMITTEE_NAME,
            "kind": Organization.Kind.COMMITTEE,
            "parent": None,
            "founded_on": data.COMMITTEE_FOUNDED,
            "term_start": start,
            "term_end": end,
        },
        tally,
        exclude=["path"],
    )
    branches = []
    for number, spec in enumerate((p for p in data.PARKS if p.branch_name), start=1):
        assert spec.branch_founded is not None
        start, end = current_term(spec.branch_founded, data.BRANCH_TERM_YEARS)
        branches.append(
            upsert(
                Organization,
                {"code": f"LS-ZB-{number:02d}"},
                {
                    "name": spec.branch_name,
                    "kind": Organization.Kind.BRANCH,
                    "parent": committee,
                    "founded_on": spec.branch_founded,
                    "term_start": start,
                    "term_end": end,
                    "park": parks[spec.name],
                },
                tally,
                exclude=["path"],
            )
        )
    return committee, branches


def seed_alliance(
    committee: Organization,
    plans: list[EnterprisePlan],
    enterprises: dict[str, Enterprise],
    tally: Tally,
) -> Alliance:
    """The party-building alliance of the 20 leading enterprises, led by the committee."""
    alliance = upsert(
        Alliance,
        {"name": data.ALLIANCE_NAME},
        {"lead_organization": committee, "founded_on": data.ALLIANCE_FOUNDED},
        tally,
    )
    for plan in plans:
        if plan.alliance:
            upsert(
                AllianceMembership,
                {"alliance": alliance, "enterprise": enterprises[plan.name]},
                {"joined_on": data.ALLIANCE_FOUNDED, "is_leading": True},
                tally,
            )
    return alliance


def seed_positions(
    committee: Organization,
    branches: list[Organization],
    parks: dict[str, Park],
    tally: Tally,
) -> None:
    """The party-mass service center (run by the committee) and the parks' red stations and
    red live rooms (run by the park branches)."""
    branch_of_park = {branch.park_id: branch for branch in branches}
    for spec in data.POSITIONS:
        park = parks[spec.park]
        upsert(
            Position,
            {"name": spec.name},
            {
                "kind": spec.kind,
                "park": park,
                "organization": committee if spec.committee_run else branch_of_park[park.pk],
                "address": park.address,
                "area_m2": spec.area_m2,
                "opened_on": spec.opened_on,
            },
            tally,
        )


def seed_members(
    plans: list[MemberPlan],
    branches: list[Organization],
    enterprises: dict[str, Enterprise],
    tally: Tally,
) -> list[Member]:
    """The roster, found by the ID number's blind index. Encrypted fields are written only when
    a member is created (or the phone changes), since every encryption yields a new token."""
    members = []
    for plan in plans:
        values = {
            "name": plan.name,
            "gender": plan.gender,
            "ethnicity": plan.ethnicity,
            "birth_date": plan.birth_date,
            "native_place": plan.native_place,
            "education": plan.education,
            "degree": plan.degree,
            "occupation": plan.occupation,
            "address": plan.address,
            "workplace": enterprises[plan.workplace],
            "branch": branches[plan.branch],
            "category": plan.category,
            "admission_date": plan.admission_date,
            "full_membership_date": plan.full_membership_date,
            "status": plan.status,
            "source": plan.source,
            "party_posts": plan.party_posts,
            "lost_contact": plan.lost_contact,
            "dues_standard": plan.dues_standard,
            "dues_paid_to": plan.dues_paid_to,
        }
        member = Member.objects.filter(id_number_hash=Member.hash_id_number(plan.id_number)).first()
        if member is None:
            member = Member(**values)
            member.id_number = plan.id_number
            member.mobile = plan.mobile
            member.full_clean()
            member.save()
            tally.created += 1
        else:
            changed = apply_changes(member, values)
            if member.mobile != plan.mobile:
                member.mobile = plan.mobile
                changed = True
            if changed:
                member.full_clean()
                member.save()
                tally.updated += 1
        members.append(member)
    return members


@cache
def demo_password_hash() -> str:
    """The hash of DEMO_PASSWORD, computed once and shared by the demo accounts."""
    return make_password(DEMO_PASSWORD)


def seed_officers(
    plans: list[OfficerPlan],
    parks: dict[str, Park],
    enterprises: dict[str, Enterprise],
    tally: Tally,
) -> dict[str, Officer]:
    """The officers with their user accounts (password DEMO_PASSWORD, set only when the account
    is created) and assignments."""
    user_model = get_user_model()
    officers = {}
    for plan in plans:
        user = user_model._default_manager.filter(username=plan.username).first()
        names = {"first_name": plan.given_name, "last_name": plan.family_name, "is_staff": True}
        if user is None:
            user = user_model(username=plan.username, **names)
            user.password = demo_password_hash()
            user.full_clean()
            user.save()
            tally.created += 1
        elif apply_changes(user, names):
            user.save()
            tally.updated += 1
        officer = upsert(
            Officer,
            {"user": user},
            {"name": plan.name, "role": plan.role, "unit": plan.unit, "phone": plan.phone},
            tally,
        )
        targets: list[tuple[Enterprise | None, Park | None, datetime.date]] = [
            (enterprises[name], None, start) for name, start in plan.enterprises
        ]
        if plan.park:
            targets.append((None, parks[plan.park], data.ASSIGNMENTS_START))
        for enterprise, park, start in targets:
            upsert(
                Assignment,
                {"officer": officer, "enterprise": enterprise, "park": park, "starts_on": start},
                {"ends_on": None},
                tally,
            )
        officers[plan.username] = officer
    return officers


def seed_merchants(
    plan: DemoPlan, members: list[Member], enterprises: dict[str, Enterprise], tally: Tally
) -> None:
    """Shops, keyed by (platform, account), and streamers, keyed by (platform, handle)."""
    for shop in plan.shops:
        upsert(
            Shop,
            {"platform": shop.platform, "account": shop.account},
            {
                "name": shop.name,
                "enterprise": enterprises[shop.enterprise],
                "category": shop.category,
                "owner": members[shop.owner] if shop.owner is not None else None,
                "is_integrity_shop": shop.is_integrity_shop,
                "opened_on": shop.opened_on,
            },
            tally,
        )
    for streamer in plan.streamers:
        upsert(
            Streamer,
            {"platform": streamer.platform, "handle": streamer.handle},
            {
                "name": streamer.name,
                "followers": streamer.followers,
                "enterprise": enterprises[streamer.enterprise] if streamer.enterprise else None,
                "member": members[streamer.member] if streamer.member is not None else None,
            },
            tally,
        )


def seed_liaison(
    plan: DemoPlan,
    officers: dict[str, Officer],
    enterprises: dict[str, Enterprise],
    tally: Tally,
) -> None:
    """Visits, keyed by (officer, enterprise, day); enterprise cases, keyed by (title,
    enterprise), with their timelines, keyed by (case, action, time); the joint meetings with
    their decisions and supervision notes. Rows an earlier version of the demo left in a seeded
    timeline, meeting or decision are removed, so that every timeline ends in its case's
    status."""
    visits = {}
    for visit in plan.visits:
        officer, enterprise = officers[visit.officer], enterprises[visit.enterprise]
        visits[visit.officer, visit.enterprise, visit.visited_on] = upsert(
            Visit,
            {"officer": officer, "enterprise": enterprise, "visited_on": visit.visited_on},
            {
                "people_met": visit.people_met,
                "topics": visit.topics,
                "issues_raised": visit.issues_raised,
            },
            tally,
        )
    red_leader = officers["redleader"]
    cases = {}
    for case_plan in plan.cases:
        spec = case_plan.spec
        officer = officers[case_plan.officer]
        case = upsert(
            Case,
            {"title": spec.title, "enterprise": enterprises[spec.enterprise]},
            {
                "officer": officer,
                "description": spec.description,
                "category": spec.category,
                "grade": case_plan.grade,
                "status": case_plan.status,
                "responsible_unit": case_plan.responsible_unit,
                "visit": visits[case_plan.officer, spec.enterprise, case_plan.visit]
                if case_plan.visit
                else None,
                "registered_at": case_plan.registered_at,
                "due_at": case_plan.due_at,
                "answered_at": case_plan.answered_at,
                "answer": case_plan.answer,
                "satisfaction": case_plan.satisfaction,
                "extensions_approved": case_plan.extensions_approved,
                "extensions_used": case_plan.extensions_used,
                "overdue": case_plan.overdue,
                "closed_at": case_plan.closed_at,
            },
            tally,
        )
        kept = []
        for event in case_plan.events:
            kept.append(
                upsert(
                    CaseEvent,
                    {"case": case, "action": event.action, "at": event.at},
                    {
                        "from_status": event.from_status,
                        "to_status": event.to_status,
                        "actor": (red_leader if event.red_leader else officer).user,
                        "note": event.note,
                    },
                    tally,
                ).pk
            )
        prune(case.events.exclude(pk__in=kept), tally)
        cases[spec.title] = case

    prune(JointMeeting.objects.filter(title__in=data.RETIRED_MEETINGS), tally)
    for spec in data.MEETINGS:
        agenda = [cases[title] for title in spec.cases]
        units = list(data.JOINT_MEETING_UNITS)
        units += [c.enterprise.name for c in agenda if c.enterprise.name not in units]
        meeting = upsert(
            JointMeeting,
            {"title": spec.title},
            {
                "held_at": spec.held_at.replace(tzinfo=TZ),
                "location": spec.location,
                "convener": red_leader,
                "attending_units": "\n".join(units),
                "minutes": spec.minutes,
            },
            tally,
        )
        meeting.attendees.set([red_leader, *(c.officer for c in agenda)])
        meeting.cases.set(agenda)
        decisions = []
        for item in spec.decisions:
            decision = upsert(
                Decision,
                {"meeting": meeting, "text": item.text},
                {
                    "case": cases[item.case] if item.case else None,
                    "responsible_unit": item.responsible_unit,
                    "deadline": item.deadline,
                    "status": item.status,
                    "completed_on": item.completed_on,
                    "overdue": item.status != Decision.Status.DONE
                    and item.deadline < LIAISON_AS_OF.date(),
                },
                tally,
            )
            decisions.append(decision.pk)
            notes = [
                upsert(
                    SupervisionNote,
                    {"decision": decision, "at": at.replace(tzinfo=TZ)},
                    {"note": note, "actor": red_leader.user},
                    tally,
                ).pk
                for at, note in item.supervision
            ]
            prune(decision.supervision_notes.exclude(pk__in=notes), tally)
        prune(meeting.decisions.exclude(pk__in=decisions), tally)


def prune(queryset: models.QuerySet[Any], tally: Tally) -> None:
    """Delete the rows of ``queryset`` one by one (so that each deletion is audited)."""
    for obj in queryset:
        obj.delete()
        tally.deleted += 1


# One account per role (DESIGN.md §1), beside the 37 officers: (username, name, role key,
# organization codes in scope). The superuser exists only to bootstrap.
ROLE_ACCOUNTS: list[tuple[str, str, str | None, list[str]]] = [
    ("admin", "超级管理员", None, []),
    ("staff", "党委工作人员", "committee_staff", [data.COMMITTEE_CODE]),
    ("secretary01", "一支部书记", "branch_secretary", ["LS-ZB-01"]),
    ("secretary02", "二支部书记", "branch_secretary", ["LS-ZB-02"]),
    ("auditor", "审计管理员", "auditor", []),
    ("sysadmin", "系统管理员", "system_admin", []),
    ("secadmin", "安全管理员", "security_admin", []),
]


def seed_accounts(officers: dict[str, Officer], tally: Tally) -> list[tuple[str, str]]:
    """Role accounts with their groups and organization scopes; officers get their role group.
    Returns (username, role label) pairs for the printed login list."""
    user_model = get_user_model()
    logins = []
    for username, name, role, codes in ROLE_ACCOUNTS:
        user = user_model._default_manager.filter(username=username).first()
        if user is None:
            user = user_model(username=username, first_name=name, is_staff=True)
            user.is_superuser = role is None
            user.password = demo_password_hash()
            user.full_clean()
            user.save()
            tally.created += 1
        if role:
            _grant_role(user, role)
        for code in codes:
            organization = Organization.objects.get(code=code)
            if not OrganizationScope.objects.filter(user=user, organization=organization).exists():
                OrganizationScope.objects.create(user=user, organization=organization)
                tally.created += 1
        logins.append((username, ROLES[role]["name"] if role else "超级管理员 superuser"))
    for officer in officers.values():
        _grant_role(officer.user, "red_leader" if officer.role == "red_leader" else "commissioner")
    return logins


def _grant_role(user: Any, role: str) -> None:
    group = role_group(role)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)


# The 16 streamers who applied for membership (DESIGN.md §2), at different points of the 25
# steps on AS_OF: (last step recorded, days before AS_OF it was recorded). The one at step 1
# 52 days back is overdue for its talk; the one marked "extend" had probation extended.
DEVELOPMENT_PATHS: list[tuple[int | str, int]] = [
    (1, 12),
    (1, 52),
    (2, 30),
    (4, 20),
    (6, 60),
    (7, 10),
    (9, 40),
    (11, 15),
    (13, 5),
    (15, 20),
    (17, 30),
    (20, 100),
    (21, 120),
    (22, 20),
    (25, 40),
    ("extend", 80),
]


def development_schedule(
    start: datetime.date, contacts: list[Member], introducers: list[Member], until: int
) -> list[tuple[int, datetime.date, dict[str, Any]]]:
    """Steps 2–``until`` from an application on ``start``, each as early as the rules allow
    plus a plausible delay, with the notices run over Chinese working days (only the notices
    needed are computed: the calendar knows past and current years only)."""
    from members.models import RuleSet
    from members.rules import notice_runs_until

    rule_set = RuleSet.objects.get(code="2014")
    vote = {"vote_entitled": 9, "vote_present": 8, "vote_for": 8, "vote_against": 0}
    vote["vote_abstain"] = 0
    day = datetime.timedelta
    d: dict[int, datetime.date] = {2: start + day(20)}
    d[3] = d[2] + day(25)
    d[4], d[5] = d[3] + day(10), d[3] + day(20)
    d[6] = add_months(d[3], 5)
    d[7] = add_years(d[3], 1) + day(5)
    notice_7 = (d[7] + day(1), d[7] + day(7))
    if until >= 8:
        notice_7 = (notice_7[0], notice_runs_until(rule_set, notice_7[0]))
    d[8] = notice_7[1] + day(1)
    d[9], d[10], d[11] = d[8] + day(5), d[8] + day(15), d[8] + day(25)
    d[12] = d[11] + day(20)
    d[13], d[14], d[15] = d[12] + day(9), d[12] + day(14), d[12] + day(29)
    d[16], d[17] = d[15] + day(14), d[15] + day(31)
    d[18], d[19], d[20] = d[17] + day(9), d[17] + day(14), d[17] + day(19)
    d[21] = add_months(d[15], 6)
    d[22] = add_years(d[15], 1) - day(30)
    notice_22 = (d[22] + day(3), d[22] + day(9))
    if until >= 23:
        notice_22 = (notice_22[0], notice_runs_until(rule_set, notice_22[0]))
    d[23] = max(add_years(d[15], 1), notice_22[1] + day(1))
    d[24], d[25] = d[23] + day(30), d[23] + day(39)
    details: dict[int, dict[str, Any]] = {
        5: {"contacts": contacts},
        8: {"notice_start": notice_7[0], "notice_end": notice_7[1]},
        9: {"introducers": introducers},
        10: {"political_review_result": "passed"},
        11: {"training_days": 3, "training_hours": 24},
        15: vote,
        23: {
            "conversion_outcome": "convert",
            "notice_start": notice_22[0],
            "notice_end": notice_22[1],
            **vote,
        },
    }
    return [(n, d[n], details.get(n, {})) for n in range(2, until + 1)]


def seed_development(branches: list[Organization], tally: Tally) -> None:
    """The 16 streamer applicants (the first 16 streamers of the seed who are not members),
    walked through the steps by the committee's staff account. An applicant already on file
    is left as it is, so a second run records nothing."""
    from django.core.files.base import ContentFile

    from members.development import application_record_step, application_submit
    from members.models import Application

    actor = get_user_model()._default_manager.get(username="staff")
    specs = [spec for spec in data.STREAMERS if not spec.member][: len(DEVELOPMENT_PATHS)]
    for index, (spec, (path, days_back)) in enumerate(zip(specs, DEVELOPMENT_PATHS, strict=True)):
        streamer = Streamer.objects.get(platform=spec.platform, handle=spec.handle)
        birth = datetime.date(1992 + index % 9, 1 + index % 12, 3 + index)
        body = f"371302{birth:%Y%m%d}{(2 * index + 401) - (0 if spec.gender == 'M' else 1):03d}"
        id_number = body + ric.calc_check_digit(body + "0")
        if Application.objects.filter(id_number_hash=Member.hash_id_number(id_number)).exists():
            continue
        branch = branches[index % 6]
        full = list(branch.members.filter(category=Member.Category.FULL).order_by("pk")[:3])
        until = 22 if path == "extend" else int(path)
        last_on = data.AS_OF - datetime.timedelta(days=days_back)
        probe = development_schedule(datetime.date(2020, 1, 1), full[:1], full[1:3], until)
        offset = {n: on for n, on, _details in probe}.get(until, datetime.date(2020, 1, 1))
        start = last_on - (offset - datetime.date(2020, 1, 1))
        application = Application(
            name=streamer.name,
            gender=spec.gender,
            birth_date=birth,
            branch=branch,
            workplace=streamer.enterprise,
        )
        application.id_number = id_number
        letter = ContentFile(b"%PDF-1.4 demo", name="application.pdf")
        application_submit(application=application, on=start, actor=actor, documents=[letter])
        tally.created += 1
        for number, on, details in development_schedule(start, full[:1], full[1:3], until):
            documents = []
            if number in (14, 22):
                documents = [ContentFile(b"%PDF-1.4 demo", name=f"step{number}.pdf")]
            application_record_step(
                application=application,
                step=number,
                on=on,
                actor=actor,
                documents=documents,
                **details,
            )
        if path == "extend":
            admitted = application.steps.get(step=15).on
            extended = {"conversion_outcome": "extend", "extension_months": 6}
            vote = {"vote_entitled": 9, "vote_present": 8, "vote_for": 6, "vote_against": 2}
            on = add_years(admitted, 1)
            application_record_step(
                application=application, step=23, on=on, actor=actor, vote_abstain=0,
                **extended, **vote,
            )  # fmt: skip
            application_record_step(
                application=application, step=24, on=on + datetime.timedelta(days=30), actor=actor
            )


def seed_demo(plan: DemoPlan) -> Tally:
    """Write the plan to the database; returns the created/updated tally."""
    tally = Tally()
    parks = seed_parks(tally)
    enterprises = seed_enterprises(plan.enterprises, parks, tally)
    committee, branches = seed_organizations(parks, tally)
    seed_alliance(committee, plan.enterprises, enterprises, tally)
    seed_positions(committee, branches, parks, tally)
    members = seed_members(plan.members, branches, enterprises, tally)
    officers = seed_officers(plan.officers, parks, enterprises, tally)
    seed_merchants(plan, members, enterprises, tally)
    seed_liaison(plan, officers, enterprises, tally)
    tally.logins = seed_accounts(officers, tally)
    seed_development(branches, tally)
    return tally


def demo_counts() -> list[tuple[str, int]]:
    """The summary printed after seeding: (label, count) pairs."""
    committee = Organization.objects.filter(code=data.COMMITTEE_CODE).first()
    branches = Organization.objects.filter(parent=committee, kind=Organization.Kind.BRANCH)
    members = Member.objects.filter(branch__in=branches)
    return [
        ("行业党委 committee", Organization.objects.filter(code=data.COMMITTEE_CODE).count()),
        ("党支部 branches", branches.count()),
        ("党员 members", members.count()),
        ("  正式党员 full members", members.filter(category=Member.Category.FULL).count()),
        (
            "  预备党员 probationary members",
            members.filter(category=Member.Category.PROBATIONARY).count(),
        ),
        ("直播电商基地 bases", Park.objects.filter(kind=Park.Kind.BASE).count()),
        ("企业 enterprises", Enterprise.objects.count()),
        (
            "联盟企业 alliance enterprises",
            AllianceMembership.objects.filter(alliance__name=data.ALLIANCE_NAME).count(),
        ),
        ("党建阵地 positions", Position.objects.count()),
        ("红领书记 red-leader secretaries", Officer.objects.filter(role="red_leader").count()),
        ("服务专员 commissioners", Officer.objects.filter(role="commissioner").count()),
        ("包联 assignments", Assignment.objects.count()),
        ("店铺 shops", Shop.objects.count()),
        ("党员诚信经营店 integrity shops", Shop.objects.filter(is_integrity_shop=True).count()),
        ("主播 streamers", Streamer.objects.count()),
        (
            "百万粉丝主播 streamers over 1M followers",
            Streamer.objects.filter(followers__gt=10**6).count(),
        ),
        ("走访 visits", Visit.objects.count()),
        ("企业诉求 cases", Case.objects.count()),
        *(
            (f"  {STATUS_WORDS[status]} {status}", Case.objects.filter(status=status).count())
            for status in Case.Status.values
        ),
        ("  超期 overdue", Case.objects.filter(overdue=True).count()),
        ("诉求办理记录 case events", CaseEvent.objects.count()),
        ("联席会议 joint meetings", JointMeeting.objects.count()),
        ("议定事项 decisions", Decision.objects.count()),
        ("督办记录 supervision notes", SupervisionNote.objects.count()),
    ]


class Command(BaseCommand):
    help = "Build the Lanshan live-commerce party-building demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        """Plan, write in one transaction, and print the counts."""
        plan = plan_demo(random.Random(SEED))
        with acting_as(name="seed_demo"), transaction.atomic():
            tally = seed_demo(plan)
        if options["verbosity"] >= 2:
            self.stdout.write(
                f"新建 created: {tally.created} · 更新 updated: {tally.updated}"
                f" · 删除 deleted: {tally.deleted}"
            )
        for label, count in demo_counts():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write("")
        self.stdout.write(f"演示账号 demo logins (password / 密码: {DEMO_PASSWORD}):")
        for username, label in tally.logins:
            self.stdout.write(f"  {username:<14} {label}")
        self.stdout.write("  commissioner01 … commissioner36  服务专员 · redleader  红领书记")
