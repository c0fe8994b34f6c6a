"""The case lifecycle: every move of the rule table is allowed from its sources and refused
from every other status, with a timeline row for each move that happens."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison import rules, services
from liaison.models import Case, CaseEvent, Officer
from tests.liaison.conftest import SHANGHAI, advance, reviewer

S = Case.Status
# Reopening counts a fresh feedback period from now, in working days of this year or the next.
pytestmark = pytest.mark.usefixtures("holidays_until_next_year")

# Inputs of each service beyond case, actor and note.
INPUTS: dict[str, dict[str, Any]] = {
    "grade": {"grade": Case.Grade.GENERAL},
    "dispatch": {"responsible_unit": "区邮政管理局"},
    "extend": {"until": datetime.datetime(2027, 1, 4, 10, 0, tzinfo=SHANGHAI)},
    "answer": {"answer": "已协调。"},
    "revisit": {"satisfaction": Case.Satisfaction.SATISFIED},
}
SERVICES = {
    name: getattr(services, f"case_{name}")
    for name in rules.TRANSITIONS
    if name not in {"register", "close_by_decision"}
}
ALLOWED = [
    (action, source) for action in SERVICES for source in sorted(rules.TRANSITIONS[action].sources)
]
REFUSED = [
    (action, status)
    for action in SERVICES
    for status in S.values
    if status not in rules.TRANSITIONS[action].sources
]


def _actor(action: str, red_leader: Officer) -> Any:
    """The red-leader secretary takes every step, except those of the reviewer who records the
    return visit (they must not have handled the case)."""
    if rules.TRANSITIONS[action].party is rules.Party.REVIEWER:
        return reviewer()
    return red_leader.user


def _prepare(case: Case, action: str, source: str, red_leader: Officer) -> None:
    """Reach ``source`` and meet the action's own precondition (an approval, a satisfaction)."""
    satisfaction = "dissatisfied" if action == "reopen" else "satisfied"
    advance(case, source, red_leader.user, satisfaction=satisfaction)
    if action == "extend" and source == S.IN_PROGRESS:
        services.case_approve_extension(case=case, actor=red_leader.user)


@pytest.mark.parametrize(("action", "source"), ALLOWED)
def test_transition_allowed_from_its_sources(
    case: Case, red_leader: Officer, action: str, source: str
) -> None:
    _prepare(case, action, source, red_leader)
    events = case.events.count()
    actor = _actor(action, red_leader)
    SERVICES[action](case=case, actor=actor, note="测试", **INPUTS.get(action, {}))
    case.refresh_from_db()
    assert case.status == rules.TRANSITIONS[action].target
    last = case.events.last()
    assert case.events.count() == events + 1
    assert (last.action, last.from_status, last.to_status) == (action, source, case.status)
    assert last.actor == actor
    assert last.note


@pytest.mark.parametrize(("action", "status"), REFUSED)
def test_transition_refused_from_other_statuses(
    case: Case, red_leader: Officer, action: str, status: str
) -> None:
    advance(case, status, red_leader.user)
    before = (case.status, case.events.count())
    with pytest.raises(ValidationError) as refused:
        SERVICES[action](case=case, actor=_actor(action, red_leader), **INPUTS.get(action, {}))
    assert refused.value.code == "invalid_transition"
    case.refresh_from_db()
    assert (case.status, case.events.count()) == before


def test_register_writes_the_first_timeline_row(case: Case, commissioner: Officer) -> None:
    event = case.events.get()
    assert (event.action, event.from_status, event.to_status) == ("register", "", S.REGISTERED)
    assert event.actor == commissioner.user


def test_refusal_message_names_status_and_action(case: Case) -> None:
    with pytest.raises(ValidationError) as info:
        services.case_close(case=case, actor=reviewer())
    message = info.value.messages[0]
    assert str(S.REGISTERED.label) in message
    assert str(rules.TRANSITIONS["close"].label) in message


# --- extensions ------------------------------------------------------------------------------


def test_extension_needs_the_red_leader_approval(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    advance(case, S.IN_PROGRESS, commissioner.user)
    until = case.due_at + datetime.timedelta(days=7)
    with pytest.raises(ValidationError):
        services.case_extend(case=case, until=until, actor=commissioner.user)
    with pytest.raises(ValidationError):
        services.case_approve_extension(case=case, actor=commissioner.user)
    services.case_approve_extension(case=case, actor=red_leader.user)
    services.case_extend(case=case, until=until, actor=commissioner.user)
    case.refresh_from_db()
    assert case.due_at == until
    assert (case.extensions_approved, case.extensions_used) == (1, 1)


def test_second_extension_needs_a_second_approval(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    advance(case, S.IN_PROGRESS, commissioner.user)
    services.case_approve_extension(case=case, actor=red_leader.user)
    first = case.due_at + datetime.timedelta(days=3)
    services.case_extend(case=case, until=first, actor=commissioner.user)
    with pytest.raises(ValidationError):
        services.case_extend(
            case=case, until=first + datetime.timedelta(days=3), actor=commissioner.user
        )
    services.case_approve_extension(case=case, actor=red_leader.user)
    services.case_extend(
        case=case, until=first + datetime.timedelta(days=3), actor=commissioner.user
    )
    case.refresh_from_db()
    assert (case.extensions_approved, case.extensions_used) == (2, 2)
    actions = list(case.events.values_list("action", flat=True))
    assert actions[-4:] == ["approve_extension", "extend", "approve_extension", "extend"]


def test_one_approval_at_a_time(case: Case, commissioner: Officer, red_leader: Officer) -> None:
    advance(case, S.IN_PROGRESS, commissioner.user)
    services.case_approve_extension(case=case, actor=red_leader.user)
    with pytest.raises(ValidationError):
        services.case_approve_extension(case=case, actor=red_leader.user)


def test_extension_must_move_the_deadline_later(
    case: Case, commissioner: Officer, red_leader: Officer
) -> None:
    advance(case, S.IN_PROGRESS, commissioner.user)
    services.case_approve_extension(case=case, actor=red_leader.user)
    with pytest.raises(ValidationError):
        services.case_extend(case=case, until=case.due_at, actor=commissioner.user)


# --- return visit --------------------------------------------------------------------------


def test_dissatisfied_enterprise_reopens_the_case(case: Case, commissioner: Officer) -> None:
    advance(case, S.ANSWERED, commissioner.user)
    first_answer = case.answered_at
    staff = reviewer()
    services.case_revisit(case=case, satisfaction="dissatisfied", actor=staff)
    with pytest.raises(ValidationError):
        services.case_close(case=case, actor=staff)
    services.case_reopen(case=case, actor=staff, note="企业不满意")
    case.refresh_from_db()
    assert case.status == S.REOPENED
    assert case.due_at > timezone.now()
    # Routed again and answered again; the first answer still counts for the response rate.
    services.case_dispatch(case=case, responsible_unit="区交通运输局", actor=commissioner.user)
    services.case_accept(case=case, actor=commissioner.user)
    services.case_start(case=case, actor=commissioner.user)
    services.case_answer(case=case, answer="已重新协调。", actor=commissioner.user)
    case.refresh_from_db()
    assert case.answered_at == first_answer
    services.case_revisit(case=case, satisfaction="basically", actor=staff)
    services.case_close(case=case, actor=staff)
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.closed_at is not None


def test_satisfied_case_cannot_be_reopened(case: Case, commissioner: Officer) -> None:
    advance(case, S.REVISITED, commissioner.user, satisfaction="satisfied")
    with pytest.raises(ValidationError) as refused:
        services.case_reopen(case=case, actor=reviewer())
    assert refused.value.code == "satisfied"
    assert CaseEvent.objects.filter(case=case, action="reopen").count() == 0
