"""The liaison demo's plan: the red-leader secretary and 36 commissioners with their
enterprises, every case's timeline from registration to its status on ``LIAISON_AS_OF``, and the
commissioners' visits between August and November 2026 (a few enterprises are left unvisited
for longer than the visit period).

A timeline is the shortest path through ``liaison.rules.TRANSITIONS`` that passes the actions a
case spec asks for; its steps follow each other after fixed delays by grade, so the timelines
draw nothing from the random generator. Each step carries the inputs its service takes
(``liaison.services.CASE_TRANSITIONS``) and the note for the case's timeline.
"""

import datetime
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from liaison import rules
from liaison.demo import data
from liaison.demo.cases import CASES, CaseSpec
from liaison.models import Case, Decision
from liaison.selectors import visit_cutoff
from orgs.demo.build import EnterprisePlan
from orgs.demo.data import PARKS
from orgs.demo.kit import NameMaker, random_date
from orgs.workdays import is_working_day

TZ = ZoneInfo("Asia/Shanghai")
LIAISON_AS_OF = data.LIAISON_AS_OF.replace(tzinfo=TZ)
RED_LEADER = "redleader"  # the red-leader secretary's username


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
class VisitPlan:
    """A commissioner's visit (``officer`` is the username) to an enterprise."""

    officer: str
    enterprise: str
    visited_on: datetime.date
    people_met: str
    topics: str
    issues_raised: str


@dataclass
class StepPlan:
    """One step of a case's timeline: the action at ``at``, the note for the timeline and the
    inputs the action's service takes. Who takes it follows from the rule table's party."""

    action: str
    at: datetime.datetime
    note: str
    inputs: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePlan:
    """A case raised by ``officer`` (a username), with its timeline; ``visit`` is the day of
    the visit it was raised on, if any."""

    spec: CaseSpec
    officer: str
    registered_at: datetime.datetime
    visit: datetime.date | None
    steps: list[StepPlan]


@dataclass
class LiaisonPlan:
    """Everything the liaison demo writes, in plan form."""

    officers: list[OfficerPlan]
    cases: list[CasePlan]
    visits: list[VisitPlan]


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
            username=RED_LEADER,
            family_name=family,
            given_name=given,
            role="red_leader",
            unit=data.RED_LEADER_UNIT,
            phone=phone(),
            park=PARKS[0].name,
        )
    ]
    park_order = {park.name: index for index, park in enumerate(PARKS)}
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
# The timeline notes of the actions that take no input (a closure by a decision is noted by
# the decision's service).
STEP_NOTES = {
    "handle": "服务专员直接办理。",
    "escalate": "提请行业党建联席会议研究。",
    "start": "开始办理。",
    "approve_extension": "红领书记批准延期一次。",
    "close": "企业满意，诉求办结。",
    "reopen": "企业不满意，重新办理。",
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


def _step_inputs(spec: CaseSpec, action: str, reopens: bool) -> tuple[dict[str, Any], str]:
    """The service inputs and the timeline note of ``action`` on the case of ``spec``;
    ``reopens`` says that a return visit is followed by a reopening."""
    if action == "grade":
        return {"grade": spec.grade}, f"定级为{GRADE_WORDS[spec.grade]}。"
    if action == "dispatch":
        return {"responsible_unit": spec.responsible_unit}, f"转办{spec.responsible_unit}。"
    if action == "extend":
        assert spec.extended_until, f"{spec.title}: extended to no deadline"
        return {"until": spec.extended_until.replace(tzinfo=TZ)}, ""
    if action == "answer":
        return {"answer": spec.answer}, "已答复企业。"
    if action == "revisit":
        satisfaction = "dissatisfied" if reopens else spec.satisfaction
        note = f"回访企业，评价{SATISFACTION_WORDS[satisfaction]}。"
        return {"satisfaction": satisfaction}, note
    return {}, STEP_NOTES.get(action, "")


def plan_case(spec: CaseSpec, officer: OfficerPlan) -> CasePlan:
    """Walk the case's path, timing each step. Refuses a spec whose timeline cannot be walked
    (a pinned action off the path, a step before the previous one or after the demo's as-of
    moment); the case services refuse whatever else breaks the rules when it is replayed."""
    registered = spec.registered.replace(tzinfo=TZ)
    plan = CasePlan(
        spec=spec,
        officer=officer.username,
        registered_at=registered,
        visit=registered.date() if spec.from_visit else None,
        steps=[],
    )
    pinned = {action: at.replace(tzinfo=TZ) for action, at in spec.pinned}
    path = case_path(spec.status, spec.via)
    at, status = registered, ""
    for index, action in enumerate(path):
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
        reopens = index + 1 < len(path) and path[index + 1] == "reopen"
        inputs, note = _step_inputs(spec, action, reopens)
        if action == "register":
            note = "服务专员走访时企业反映。" if spec.from_visit else "企业向服务专员反映。"
        elif action == "accept":
            note = "联席会议研究后签收。" if status == Case.Status.ESCALATED else "承办单位签收。"
        plan.steps.append(StepPlan(action, at, note, inputs))
        status = rules.TRANSITIONS[action].target
    assert not pinned, f"{spec.title}: pinned actions not on the path: {sorted(pinned)}"
    assert status == spec.status, spec.title
    assert at <= LIAISON_AS_OF, f"{spec.title}: a step after the as-of moment"
    return plan


def plan_cases(officers: list[OfficerPlan]) -> list[CasePlan]:
    """Every case of ``CASES``, raised by the commissioner of its enterprise. A decision that is
    done settled its case: the case's timeline ends with the closure by that decision, on the
    day the decision was completed."""
    officer_of = {name: plan for plan in officers for name, _start in plan.enterprises}
    settled_on: dict[str, datetime.date | None] = {}
    for meeting in data.MEETINGS:
        for decision in meeting.decisions:
            if decision.status == Decision.Status.DONE:
                assert decision.case, f"{decision.text}: a done decision settles a case"
                settled_on[decision.case] = decision.completed_on
    plans = []
    for spec in CASES:
        plan = plan_case(spec, officer_of[spec.enterprise])
        last = plan.steps[-1]
        if last.action == "close_by_decision":
            assert spec.title in settled_on, f"{spec.title}: closed by no decision"
            assert last.at.date() == settled_on[spec.title], f"{spec.title}: closed another day"
        else:
            assert spec.title not in settled_on, f"{spec.title}: its decision closes it"
        plans.append(plan)
    return plans


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
    recent = visit_cutoff(LIAISON_AS_OF.date())
    with_cases = {spec.enterprise for spec in CASES}
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


def plan_history(
    rng: random.Random,
    names: NameMaker,
    enterprises: list[EnterprisePlan],
    officers: list[OfficerPlan],
) -> LiaisonPlan:
    """The officers' cases and visits (planned after the merchants demo has drawn its shops and
    streamers, so that the draws stay in their order)."""
    cases = plan_cases(officers)
    return LiaisonPlan(officers, cases, plan_visits(rng, names, enterprises, officers, cases))
