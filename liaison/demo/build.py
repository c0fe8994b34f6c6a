"""The liaison demo builder: the officers with their accounts and assignments, the visits, and
the liaison history — every case's timeline, the joint meetings, their decisions and
supervision notes — replayed in the order it happened through the liaison services, so that
every step passes the rule table and is audited.

The services stamp a step with the wall clock (a timeline row's time, a case's first answer,
its closure, the fresh feedback deadline of a reopened case, a supervision note's time); the
demo moves each stamp back to the step's moment right after the step, so the next step's rules
see the history as planned. The deadline watch then runs once as of ``LIAISON_AS_OF`` and flags
what was overdue then. A case or meeting already on file is left as it is, so a second run
writes nothing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from liaison import rules
from liaison.demo import data
from liaison.demo.cases import CASES
from liaison.demo.plan import (
    LIAISON_AS_OF,
    RED_LEADER,
    TZ,
    CasePlan,
    LiaisonPlan,
    OfficerPlan,
    StepPlan,
)
from liaison.models import Assignment, Case, Decision, JointMeeting, Officer, Visit
from liaison.services import (
    CASE_TRANSITIONS,
    case_register,
    deadlines_sweep,
    decision_complete,
    decision_save,
    decision_supervise,
    meeting_build_agenda,
    visit_save,
)
from orgs.demo.build import demo_user, grant_role
from orgs.demo.kit import apply_changes, upsert
from orgs.models import Enterprise, Park


def build(plan: LiaisonPlan, parks: dict[str, Park], enterprises: dict[str, Enterprise]) -> None:
    """Write the officers, the visits and the history."""
    officers = _officers(plan.officers, parks, enterprises)
    visits = _visits(plan, officers, enterprises)
    History(plan, officers, enterprises, visits).replay()


def _officers(
    plans: list[OfficerPlan], parks: dict[str, Park], enterprises: dict[str, Enterprise]
) -> dict[str, Officer]:
    """The officers with their accounts and role groups, and their assignments. There is no
    service for either (an assignment's service moves an enterprise to another officer), so
    they are written as validated rows."""
    officers = {}
    for plan in plans:
        user = demo_user(
            plan.username, {"first_name": plan.given_name, "last_name": plan.family_name}
        )
        grant_role(user, "red_leader" if plan.role == "red_leader" else "commissioner")
        officer = upsert(
            Officer,
            {"user": user},
            {"name": plan.name, "role": plan.role, "unit": plan.unit, "phone": plan.phone},
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
            )
        officers[plan.username] = officer
    return officers


def _visits(
    plan: LiaisonPlan, officers: dict[str, Officer], enterprises: dict[str, Enterprise]
) -> dict[tuple[str, str, datetime.date], Visit]:
    """The visits, keyed by (officer, enterprise, day), each stored through the visit service
    when new or different."""
    visits = {}
    for spec in plan.visits:
        officer, enterprise = officers[spec.officer], enterprises[spec.enterprise]
        values = {
            "people_met": spec.people_met,
            "topics": spec.topics,
            "issues_raised": spec.issues_raised,
        }
        visit = Visit.objects.filter(
            officer=officer, enterprise=enterprise, visited_on=spec.visited_on
        ).first()
        if visit is None:
            visit = Visit(
                officer=officer, enterprise=enterprise, visited_on=spec.visited_on, **values
            )
            visit_save(visit=visit, actor=officer.user)
        elif apply_changes(visit, values):
            visit_save(visit=visit, actor=officer.user)
        visits[spec.officer, spec.enterprise, spec.visited_on] = visit
    return visits


def backdate(obj: models.Model, **values: Any) -> None:
    """Move the wall-clock stamps a service wrote on ``obj`` to the replayed moment (an
    audited update)."""
    type(obj)._default_manager.filter(pk=obj.pk).update(**values)
    for name, value in values.items():
        setattr(obj, name, value)


@dataclass
class History:
    """The liaison history as a list of moments, replayed in time order."""

    plan: LiaisonPlan
    officers: dict[str, Officer]
    enterprises: dict[str, Enterprise]
    visits: dict[tuple[str, str, datetime.date], Visit]
    cases: dict[str, Case] = field(default_factory=dict)
    decisions: dict[tuple[str, str], Decision] = field(default_factory=dict)
    moments: list[tuple[datetime.datetime, int, Callable[[], None]]] = field(default_factory=list)

    def at(self, moment: datetime.datetime, action: Callable[[], None]) -> None:
        """Schedule ``action`` at ``moment`` (actions at the same moment keep their order)."""
        self.moments.append((moment, len(self.moments), action))

    def replay(self) -> None:
        """Schedule the cases and meetings that are not on file, run everything in time
        order, then let the deadline watch look at the replayed cases as of LIAISON_AS_OF."""
        for spec in CASES:
            found = Case.objects.filter(
                title=spec.title, enterprise=self.enterprises[spec.enterprise]
            ).first()
            if found is not None:
                self.cases[spec.title] = found
        settling: dict[str, StepPlan] = {}
        for case_plan in self.plan.cases:
            if case_plan.spec.title in self.cases:
                continue
            for step in case_plan.steps:
                if step.action == "close_by_decision":
                    settling[case_plan.spec.title] = step
                else:
                    self.at(step.at, partial(self.take, case_plan, step))
        for meeting in data.MEETINGS:
            if not JointMeeting.objects.filter(title=meeting.title).exists():
                self.schedule_meeting(meeting, settling)
        if not self.moments:
            return
        for _moment, _order, action in sorted(self.moments, key=lambda m: m[:2]):
            action()
        deadlines_sweep(now=LIAISON_AS_OF)

    def actor_for(self, case_plan: CasePlan, action: str) -> Any:
        """Who takes ``action`` on the case, by the rule table's party: the handling officer,
        the red-leader secretary as supervisor, and as reviewer the red-leader secretary — or
        committee staff where he handled the case himself."""
        party = rules.TRANSITIONS[action].party
        red_leader = self.officers[RED_LEADER].user
        if party is rules.Party.HANDLER:
            return self.officers[case_plan.officer].user
        if party is rules.Party.REVIEWER and case_plan.officer == RED_LEADER:
            return get_user_model()._default_manager.get(username="staff")
        return red_leader

    def take(self, case_plan: CasePlan, step: StepPlan) -> None:
        """One step of a case through its service, then its stamps moved to the step."""
        spec = case_plan.spec
        officer = self.officers[case_plan.officer]
        actor = self.actor_for(case_plan, step.action)
        if step.action == "register":
            visit = None
            if case_plan.visit is not None:
                visit = self.visits[case_plan.officer, spec.enterprise, case_plan.visit]
            case = Case(
                enterprise=self.enterprises[spec.enterprise],
                officer=officer,
                title=spec.title,
                description=spec.description,
                category=spec.category,
                registered_at=case_plan.registered_at,
                visit=visit,
            )
            case_register(case=case, actor=actor, note=step.note)
            self.cases[spec.title] = case
        else:
            case = self.cases[spec.title]
            service, inputs = CASE_TRANSITIONS[step.action]
            assert set(step.inputs) == set(inputs), (spec.title, step.action)
            service(case=case, actor=actor, note=step.note, **step.inputs)
        self.date_step(case, step)

    def date_step(self, case: Case, step: StepPlan) -> None:
        """Move the stamps of the step just taken on ``case`` to the step's moment."""
        event = case.events.order_by("-pk").first()
        assert event is not None and event.action == step.action, (case.title, step.action)
        backdate(event, at=step.at)
        stamps: dict[str, Any] = {}
        if step.action == "answer":
            assert case.due_at is None or step.at <= case.due_at, f"{case.title}: answered late"
            if case.events.filter(action="answer").count() == 1:
                stamps["answered_at"] = step.at
        elif step.action in {"close", "close_by_decision"}:
            stamps["closed_at"] = step.at
        elif step.action == "reopen":
            stamps["due_at"] = rules.feedback_due(case.grade, step.at)
        if stamps:
            backdate(case, **stamps)

    def schedule_meeting(self, spec: data.MeetingSpec, settling: dict[str, StepPlan]) -> None:
        """The meeting with its agenda and decisions when it is held, each supervision note
        when it is written, and the completion of a decision that settles its case at that
        case's closing step."""
        self.at(spec.held_at.replace(tzinfo=TZ), partial(self.hold, spec))
        for item in spec.decisions:
            key = (spec.title, item.text)
            for written, note in item.supervision:
                moment = written.replace(tzinfo=TZ)
                self.at(moment, partial(self.supervise, key, note, moment))
            if item.status == Decision.Status.DONE:
                assert item.case and item.completed_on, item.text
                assert item.case in settling, f"{item.case}: on file before its decision"
                step = settling[item.case]
                self.at(step.at, partial(self.complete, key, step, item.completed_on))

    def hold(self, spec: data.MeetingSpec) -> None:
        """The meeting convened by the red-leader secretary: the commissioners of its cases
        attend, the escalated cases go on the agenda, the decisions are stored."""
        red_leader = self.officers[RED_LEADER]
        agenda = [self.cases[title] for title in spec.cases]
        units = list(data.JOINT_MEETING_UNITS)
        units += [c.enterprise.name for c in agenda if c.enterprise.name not in units]
        meeting = upsert(
            JointMeeting,
            {"title": spec.title},
            {
                "held_at": spec.held_at.replace(tzinfo=TZ),
                "location": spec.location,
                "convener": red_leader,
                "created_by": red_leader.user,
                "attending_units": "\n".join(units),
                "minutes": spec.minutes,
            },
        )
        meeting.attendees.set([red_leader, *(c.officer for c in agenda)])
        cases = Case.objects.filter(pk__in=[c.pk for c in agenda])
        added = meeting_build_agenda(meeting=meeting, cases=cases, actor=red_leader.user)
        assert added == len(agenda), f"{spec.title}: a case on the agenda is not escalated"
        for item in spec.decisions:
            decision = Decision(
                meeting=meeting,
                text=item.text,
                case=self.cases[item.case] if item.case else None,
                responsible_unit=item.responsible_unit,
                deadline=item.deadline,
            )
            decision_save(decision=decision, actor=red_leader.user)
            self.decisions[spec.title, item.text] = decision

    def supervise(self, key: tuple[str, str], note: str, written: datetime.datetime) -> None:
        """A supervision note by the red-leader secretary, dated when it was written."""
        row = decision_supervise(
            decision=self.decisions[key], note=note, actor=self.officers[RED_LEADER].user
        )
        backdate(row, at=written)

    def complete(self, key: tuple[str, str], step: StepPlan, on: datetime.date) -> None:
        """The decision carried out, closing its case (by the red-leader secretary, who
        supervises the joint meeting's decisions)."""
        decision = self.decisions[key]
        assert decision.case is not None
        case = self.cases[decision.case.title]
        red_leader = self.officers[RED_LEADER].user
        decision_complete(decision=decision, close_case=True, actor=red_leader, on=on)
        case.refresh_from_db()
        self.date_step(case, step)
