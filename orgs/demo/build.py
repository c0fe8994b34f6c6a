"""The orgs demo builder: the 80 enterprises (planned), the 15 bases, the industry committee
with its 12 park branches, the alliance, the positions and the role accounts.

The orgs app has no write services, so every row goes through :func:`orgs.demo.kit.upsert`.
"""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from orgs.dates import add_years
from orgs.demo import data
from orgs.demo.kit import AS_OF, NameMaker, apply_changes, demo_password_hash, upsert
from orgs.identifiers import RandomIdentifiers
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


@dataclass
class EnterprisePlan:
    """An enterprise to create; ``park`` and ``category`` refer to names and shop categories.
    The members demo names the owner of an individual business (``legal_representative``)
    before anything is written."""

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
class OrgRows:
    """What the orgs demo wrote, for the builders that stand on it."""

    parks: dict[str, Park]
    enterprises: dict[str, Enterprise]
    committee: Organization
    branches: list[Organization]


def branch_parks() -> list[data.ParkSpec]:
    """The bases that hold a park branch, in the branches' order."""
    return [park for park in data.PARKS if park.branch_name]


def plan_enterprises(rng: random.Random, names: NameMaker) -> list[EnterprisePlan]:
    """The 80 enterprises: 15 base operators, 16 further alliance enterprises, 12 individual
    businesses (one in each branch's base) and 37 generated companies."""
    codes = RandomIdentifiers(rng)
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
                uscc=codes.uscc(),
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
                uscc=codes.uscc(),
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
    for park, (brand, goods, category) in zip(
        branch_parks(), data.INDIVIDUAL_BUSINESSES, strict=True
    ):
        stall = rng.randint(1, 3) * 100 + rng.randint(1, 60)
        plans.append(
            EnterprisePlan(
                name=f"临沂市兰山区{brand}{goods}店",
                uscc=codes.uscc(individual=True),
                kind="individual",
                park=park.name,
                legal_representative=names.full(rng.choice("MF")),  # may become a member
                employees=rng.randint(2, 8),
                address=f"{park.address}{park.name}{stall}号商铺",
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
                uscc=codes.uscc(),
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


def current_term(founded: datetime.date, years: int) -> tuple[datetime.date, datetime.date]:
    """The term running on the as-of date, for an organization elected every ``years`` years
    since ``founded``."""
    start = founded
    while add_years(start, years) <= AS_OF:
        start = add_years(start, years)
    return start, add_years(start, years)


def build(plans: list[EnterprisePlan]) -> OrgRows:
    """Write the bases, the enterprises, the committee with its branches, the alliance and the
    positions."""
    parks = _parks()
    enterprises = _enterprises(plans, parks)
    committee, branches = _organizations(parks)
    _alliance(committee, plans, enterprises)
    _positions(committee, branches, parks)
    return OrgRows(parks, enterprises, committee, branches)


def _parks() -> dict[str, Park]:
    """The 15 bases, first without their operators (which need the parks to exist)."""
    return {
        spec.name: upsert(
            Park,
            {"name": spec.name},
            {"kind": Park.Kind.BASE, "area_m2": spec.area_m2, "address": spec.address},
        )
        for spec in data.PARKS
    }


def _enterprises(plans: list[EnterprisePlan], parks: dict[str, Park]) -> dict[str, Enterprise]:
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
        )
        for plan in plans
    }
    for spec in data.PARKS:
        upsert(Park, {"name": spec.name}, {"operator": enterprises[spec.operator.name]})
    return enterprises


def _organizations(parks: dict[str, Park]) -> tuple[Organization, list[Organization]]:
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
        exclude=["path"],
    )
    branches = []
    for number, spec in enumerate(branch_parks(), start=1):
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
                exclude=["path"],
            )
        )
    return committee, branches


def _alliance(
    committee: Organization, plans: list[EnterprisePlan], enterprises: dict[str, Enterprise]
) -> None:
    """The party-building alliance of the 20 leading enterprises, led by the committee."""
    alliance = upsert(
        Alliance,
        {"name": data.ALLIANCE_NAME},
        {"lead_organization": committee, "founded_on": data.ALLIANCE_FOUNDED},
    )
    for plan in plans:
        if plan.alliance:
            upsert(
                AllianceMembership,
                {"alliance": alliance, "enterprise": enterprises[plan.name]},
                {"joined_on": data.ALLIANCE_FOUNDED, "is_leading": True},
            )


def _positions(
    committee: Organization, branches: list[Organization], parks: dict[str, Park]
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
        )


def demo_user(username: str, names: dict[str, Any], *, superuser: bool = False) -> Any:
    """The demo account ``username`` (a staff account with the demo password, set only when it
    is created), with ``names`` (first and last name) brought up to date."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=username).first()
    if user is None:
        user = user_model(username=username, is_staff=True, is_superuser=superuser, **names)
        user.password = demo_password_hash()
        user.full_clean()
        user.save()
    elif apply_changes(user, names):
        user.full_clean()
        user.save()
    return user


def grant_role(user: Any, role: str) -> None:
    """Put ``user`` in the group of ``role`` (orgs.roles) unless they are in it."""
    group = role_group(role)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)


def build_accounts() -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """One account per role with its group and organization scopes. Returns the users by
    username and the (username, role label) pairs of the printed login list."""
    users, logins = {}, []
    for username, name, role, codes in data.ROLE_ACCOUNTS:
        user = demo_user(username, {"first_name": name}, superuser=role is None)
        if role:
            grant_role(user, role)
        for code in codes:
            organization = Organization.objects.get(code=code)
            upsert(OrganizationScope, {"user": user, "organization": organization}, {})
        users[username] = user
        logins.append((username, ROLES[role]["name"] if role else "超级管理员 superuser"))
    return users, logins
