"""The members demo's roster: 120 party members over the 12 park branches, planned from the
seeded random generator and written through :func:`members.services.member_save`."""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from members.demo import data
from members.models import Member
from members.services import member_save
from orgs.dates import add_months, add_years
from orgs.demo.build import EnterprisePlan, branch_parks
from orgs.demo.kit import AS_OF, NameMaker, apply_changes, random_date, weighted
from orgs.identifiers import RandomIdentifiers
from orgs.models import Enterprise, Organization

# A full member was admitted at least a year before the as-of date; a probationary one within it.
LATEST_FULL_ADMISSION = add_years(AS_OF, -1) - datetime.timedelta(days=1)


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
    dues_income: int = 0
    dues_paid_to: datetime.date | None = None


def plan_members(
    rng: random.Random, names: NameMaker, enterprises: list[EnterprisePlan]
) -> list[MemberPlan]:
    """120 members over the 12 branches: the first three of each branch are full members (the
    first is the secretary), about one in eight of the rest is probationary. A shop-owner
    member becomes the registered owner of the individual business they work in."""
    identifiers = RandomIdentifiers(rng)
    areas = [code for code, _place, _weight in data.AREA_CODES]
    area_weights = [weight for _code, _place, weight in data.AREA_CODES]
    native_places = {code: place for code, place, _weight in data.AREA_CODES}
    by_brand = {plan.brand: plan.name for plan in enterprises}
    plans: list[MemberPlan] = []
    for branch, (park, size) in enumerate(zip(branch_parks(), data.BRANCH_SIZES, strict=True)):
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
                    birth = random_date(rng, data.BIRTH_FIRST, datetime.date(1988, 12, 31))
                    occupation = rng.choice(["manager", "shop_owner"])
                else:
                    birth = random_date(rng, data.BIRTH_FIRST, data.BIRTH_LAST)
                    occupation = weighted(rng, data.OCCUPATION_WEIGHTS)
                preferred = [
                    plan
                    for plan in candidates
                    if plan.kind in data.OCCUPATION_WORKPLACES[occupation]
                ]
                workplace = rng.choice(preferred or candidates).name
            area = rng.choices(areas, area_weights)[0]
            probationary = position >= 3 and rng.random() < 0.12
            if probationary:
                first = max(add_years(birth, 18), data.PROBATION_WINDOW[0])
                admission = random_date(rng, first, data.PROBATION_WINDOW[1])
                full_date = None
            else:
                last = min(add_years(birth, 45), LATEST_FULL_ADMISSION)
                admission = random_date(rng, add_years(birth, 20), last)
                extended = rng.random() < 0.05 and add_months(admission, 18) <= AS_OF
                full_date = add_months(admission, 18 if extended else 12)
            transferred = (
                not area.startswith(data.LINYI_AREA_PREFIX) or admission < park.branch_founded
            )
            education = weighted(rng, data.EDUCATION_WEIGHTS)
            degree = {"masters": "master", "bachelor": "bachelor"}.get(education, "")
            if education == "bachelor" and rng.random() < 0.1:
                degree = ""
            low, high = data.OCCUPATION_INCOME[occupation]
            income = rng.randrange(low, high + 1, 100)
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
                    id_number=identifiers.id_number(area, birth, gender),
                    mobile=identifiers.mobile(),
                    ethnicity=weighted(rng, data.ETHNICITY_WEIGHTS),
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
                    dues_income=income,
                    dues_paid_to=paid_to,
                )
            )
    assign_party_posts(plans)
    link_individual_owners(enterprises, plans)
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


def build_roster(
    plans: list[MemberPlan],
    branches: list[Organization],
    enterprises: dict[str, Enterprise],
    actor: Any,
) -> list[Member]:
    """The roster, each member found by the ID number's blind index and saved through the
    roster service when new or different. Encrypted fields are written only when a member is
    created (or the phone changes), since every encryption yields a new token."""
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
        }
        member = Member.objects.filter(id_number_hash=Member.hash_id_number(plan.id_number)).first()
        if member is None:
            member = Member(**values)
            member.id_number = plan.id_number
            member.mobile = plan.mobile
            member_save(member=member, actor=actor)
        else:
            changed = apply_changes(member, values)
            if member.mobile != plan.mobile:
                member.mobile = plan.mobile
                changed = True
            if changed:
                member_save(member=member, actor=actor)
        members.append(member)
    return members
