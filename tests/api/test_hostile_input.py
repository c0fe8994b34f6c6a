"""Hostile input on every write operation of the published API schema: nesting 10,000 deep,
numbers no column can hold, dates outside the supported calendar, NUL bytes, megabyte strings,
bodies that are not UTF-8 and tokens that are not text. Each is a 4xx — a 400 naming the field
where there is one — never a server error, and changes no row.

The operations and their fields come from ``/api/schema/``; the table of valid payloads below
must name every write operation there, so that a new endpoint cannot escape the test. Every
request runs in a transaction that is rolled back, and must leave every row as it found it.
"""

import datetime
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from config.api import TokenView
from liaison.models import Visit
from members.development import application_record_step
from merchants.complaints import complaint_receive
from merchants.models import Complaint
from merchants.services import plaque_apply
from tests.api.conftest import MakeUser, World
from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    DecisionFactory,
    DuesStandardFactory,
    JointMeetingFactory,
    MemberFactory,
    PledgeTextFactory,
    PositionFactory,
    ShopFactory,
    TalentPolicyFactory,
    TrainingSessionFactory,
    VisitFactory,
    make_id_number,
)
from tests.members.development_support import submit, today, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db

DEEP = 10_000
MEGABYTE = 1024 * 1024
NUMBERS = ["1e400", "-1e400", "1.5", "true", str(2**63), str(-(2**63) - 1), "1" + "0" * 40]
DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"]
DATETIMES = [
    "9999-12-31T23:59:59+08:00",
    "0001-01-01T00:00:00+08:00",
    "0001-01-01T00:00:00Z",
    "1899-12-30T12:00:00+08:00",
    "2101-01-01T00:00:00+08:00",
]
TEXTS = ["a\x00b", "x" * MEGABYTE]


@dataclass
class Operation:
    """One write operation: who may call it and a payload it accepts."""

    user: Any
    url: str
    payload: Callable[[], dict[str, Any]]
    multipart: bool = False
    reads_body: bool = True
    fields: dict[str, str] = field(default_factory=dict)  # name -> kind, from the schema


def schema_operations() -> dict[tuple[str, str], dict[str, str]]:
    """Every POST/PUT/PATCH of the schema, with the kind of each field of its request body."""
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    components = schema["components"]["schemas"]

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[1]]
        if "allOf" in node:
            return resolve(node["allOf"][0])
        return node

    def kind(node: dict[str, Any]) -> str | None:
        node = resolve(node)
        if "enum" in node or node.get("format") == "binary":
            return None
        if node.get("type") == "array":
            item = kind(node["items"])
            return f"{item}[]" if item else None
        if node.get("type") == "integer":
            return "number"
        if node.get("type") == "string":
            return {"date": "date", "date-time": "datetime"}.get(node.get("format", ""), "text")
        return None

    found: dict[tuple[str, str], dict[str, str]] = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"post", "put", "patch"}:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json") or content.get("multipart/form-data")
            properties = resolve(body["schema"]).get("properties", {}) if body else {}
            kinds = {name: kind(node) for name, node in properties.items()}
            found[(method, path)] = {name: k for name, k in kinds.items() if k}
    return found


@pytest.fixture
def operations(world: World, make_user: MakeUser, today: Any, monkeypatch: Any) -> Any:
    """Each write operation of the schema with a user allowed to call it and a valid payload."""
    # Hundreds of failed token requests are the point here, not the rate limit.
    monkeypatch.setattr(TokenView, "throttle_classes", [])
    staff = make_user("committee_staff", organization=world.committee)
    commissioner = make_user("commissioner", enterprise=world.enterprise)
    red_leader = make_user("red_leader")
    AssignmentFactory(officer=red_leader.officer, enterprise=None, park=world.enterprise.park)
    red_leader.set_password("Test@Pass2026")
    red_leader.save()
    member = MemberFactory(branch=world.branch)
    # stays in the branch when the transfer operation moves ``member`` out
    stays = MemberFactory(branch=world.branch)
    application = submit(world.branch, staff, on=datetime.date(2026, 11, 1))
    # The last step of an application of its own for each amendment, so that no other
    # operation's step makes it the second to last.
    to_correct = submit(
        world.branch,
        staff,
        on=datetime.date(2026, 11, 1),
        name="更正人",
        id_number=make_id_number(datetime.date(2000, 1, 1), seq=41),
        birth_date=datetime.date(2000, 1, 1),
    ).steps.get()
    to_void = submit(
        world.branch,
        staff,
        on=datetime.date(2026, 11, 1),
        name="作废人",
        id_number=make_id_number(datetime.date(2000, 1, 1), seq=43),
        birth_date=datetime.date(2000, 1, 1),
    )
    application_record_step(
        application=to_void, step=2, on=datetime.date(2026, 11, 5), actor=staff, note="谈话"
    )
    voidable = to_void.steps.get(step=2)
    case = CaseFactory(enterprise=world.enterprise, officer=commissioner.officer)
    meeting = JointMeetingFactory(convener=red_leader.officer)
    decision = DecisionFactory(meeting=meeting)
    visit = VisitFactory(officer=commissioner.officer, enterprise=world.enterprise)
    DuesStandardFactory(member=stays, effective_from=datetime.date(2015, 7, 1))
    shop = ShopFactory(enterprise=world.enterprise)
    plaque = plaque_apply(
        shop=ShopFactory(enterprise=world.enterprise), actor=staff, on=datetime.date(2026, 11, 1)
    )
    complaint = complaint_receive(
        complaint=Complaint(
            shop=shop, source="consumer", summary="货不对板", received_on=datetime.date(2026, 11, 2)
        ),
        actor=staff,
    )
    pledge = PledgeTextFactory()
    position = PositionFactory()
    session = TrainingSessionFactory(organizer=world.branch)
    policy = TalentPolicyFactory(number=91)

    def session_payload() -> dict[str, Any]:
        return {
            "topic": "直播带货研修班",
            "held_on": "2026-11-04",
            "hours": 8,
            "venue": position.pk,
            "trainer": "李讲师",
            "organizer": world.branch.pk,
        }

    def policy_payload() -> dict[str, Any]:
        return {
            "number": 92,
            "title": "头部主播培育",
            "amount_rule": "up_to",
            "amount": "50000.00",
            "conditions": "粉丝过百万",
        }

    def evidence() -> dict[str, Any]:
        upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n", content_type="application/pdf")
        return {"file": upload, "description": "检测报告"}

    def member_payload() -> dict[str, Any]:
        return {
            "name": "张三",
            "gender": "M",
            "birth_date": "1990-05-17",
            "id_number": make_id_number(datetime.date(1990, 5, 17), seq=11),
            "mobile": "13912345678",
            "branch": world.branch.pk,
            "category": "full",
            "admission_date": "2015-07-01",
            "full_membership_date": "2016-07-01",
            "native_place": "山东临沂",
            "address": "兰山区",
            "party_posts": "",
        }

    def case_payload() -> dict[str, Any]:
        return {
            "enterprise": world.enterprise.pk,
            "officer": commissioner.officer.pk,
            "title": "快递单价偏高",
            "description": "园区快递单价高于周边。",
            "category": "logistics",
            "responsible_unit": "区商务局",
            "registered_at": "2026-11-02T09:00:00+08:00",
        }

    def decision_payload() -> dict[str, Any]:
        return {
            "meeting": meeting.pk,
            "case": case.pk,
            "text": "协调降低快递单价",
            "responsible_unit": "区商务局",
            "deadline": "2026-12-31",
            "completed_on": "2026-12-01",
        }

    def visit_payload() -> dict[str, Any]:
        return {
            "officer": commissioner.officer.pk,
            "enterprise": world.enterprise.pk,
            "visited_on": "2026-11-03",
            "people_met": "总经理",
            "topics": "物流",
            "issues_raised": "快递单价偏高",
        }

    def roster() -> dict[str, Any]:
        upload = SimpleUploadedFile("roster.csv", "姓名\n".encode(), content_type="text/csv")
        return {"file": upload, "default_branch": world.branch.pk}

    table = {
        ("post", "/api/v1/auth/token/"): Operation(
            None,
            "/api/v1/auth/token/",
            lambda: {"username": red_leader.username, "password": "Test@Pass2026"},
        ),
        ("post", "/api/v1/members/"): Operation(staff, "/api/v1/members/", member_payload),
        ("put", "/api/v1/members/{id}/"): Operation(
            staff,
            f"/api/v1/members/{member.pk}/",
            lambda: {
                **{k: v for k, v in member_payload().items() if k != "id_number"},
                "birth_date": member.birth_date.isoformat(),
            },
        ),
        ("patch", "/api/v1/members/{id}/"): Operation(
            staff, f"/api/v1/members/{member.pk}/", lambda: {"party_posts": "支部委员"}
        ),
        ("post", "/api/v1/transfers/"): Operation(
            staff,
            "/api/v1/transfers/",
            lambda: {
                "member": member.pk,
                "kind": "internal",
                "to_branch": world.other_branch.pk,
                "issued_on": "2026-11-02",
                "received_on": "2026-11-03",
                "dues_paid_to": "2026-10-01",
                "valid_days": 10,
                "external_organization": "",
                "letter_number": "",
                "reason": "工作调动",
            },
        ),
        ("post", "/api/v1/applications/{id}/steps/"): Operation(
            staff,
            f"/api/v1/applications/{application.pk}/steps/",
            lambda: {"step": 2, "on": "2026-11-05", "note": "谈话"},
        ),
        ("post", "/api/v1/applications/{id}/steps/{record_id}/correct/"): Operation(
            staff,
            f"/api/v1/applications/{to_correct.application_id}/steps/{to_correct.pk}/correct/",
            lambda: {"step": 1, "on": "2026-11-01", "note": "申请书", "reason": "日期更正"},
        ),
        ("post", "/api/v1/applications/{id}/steps/{record_id}/void/"): Operation(
            staff,
            f"/api/v1/applications/{to_void.pk}/steps/{voidable.pk}/void/",
            lambda: {"reason": "误录"},
        ),
        ("post", "/api/v1/member-imports/"): Operation(
            staff, "/api/v1/member-imports/", roster, multipart=True
        ),
        ("post", "/api/v1/member-imports/{id}/confirm/"): Operation(
            staff, "/api/v1/member-imports/0/confirm/", dict, multipart=True, reads_body=False
        ),
        ("post", "/api/v1/cases/"): Operation(commissioner, "/api/v1/cases/", case_payload),
        ("put", "/api/v1/cases/{id}/"): Operation(
            commissioner, f"/api/v1/cases/{case.pk}/", case_payload
        ),
        ("patch", "/api/v1/cases/{id}/"): Operation(
            commissioner, f"/api/v1/cases/{case.pk}/", lambda: {"title": "新标题"}
        ),
        ("post", "/api/v1/cases/{id}/transition/"): Operation(
            commissioner,
            f"/api/v1/cases/{case.pk}/transition/",
            lambda: {"action": "grade", "grade": "general", "note": "定级"},
        ),
        ("post", "/api/v1/decisions/"): Operation(
            red_leader, "/api/v1/decisions/", decision_payload
        ),
        ("put", "/api/v1/decisions/{id}/"): Operation(
            red_leader, f"/api/v1/decisions/{decision.pk}/", decision_payload
        ),
        ("patch", "/api/v1/decisions/{id}/"): Operation(
            red_leader, f"/api/v1/decisions/{decision.pk}/", lambda: {"text": "新决定"}
        ),
        ("post", "/api/v1/plaques/"): Operation(
            staff, "/api/v1/plaques/", lambda: {"shop": shop.pk, "applied_on": "2026-11-02"}
        ),
        ("post", "/api/v1/plaques/{id}/transition/"): Operation(
            staff,
            f"/api/v1/plaques/{plaque.pk}/transition/",
            lambda: {"action": "review", "on": "2026-11-03", "note": "审核"},
        ),
        ("post", "/api/v1/complaints/"): Operation(
            staff,
            "/api/v1/complaints/",
            lambda: {
                "shop": shop.pk,
                "source": "consumer",
                "summary": "货不对板",
                "received_on": "2026-11-02",
            },
        ),
        ("post", "/api/v1/complaints/{id}/transition/"): Operation(
            staff,
            f"/api/v1/complaints/{complaint.pk}/transition/",
            lambda: {
                "action": "verify",
                "substantiated": False,
                "finding": "不属实",
                "on": "2026-11-03",
            },
        ),
        ("post", "/api/v1/pledge-signatures/"): Operation(
            staff,
            "/api/v1/pledge-signatures/",
            lambda: {
                "pledge": pledge.pk,
                "shop": shop.pk,
                "signed_on": "2026-11-02",
                "signed_by": "王丹",
            },
        ),
        ("post", "/api/v1/position-bookings/"): Operation(
            staff,
            "/api/v1/position-bookings/",
            lambda: {
                "position": position.pk,
                "organization": world.branch.pk,
                "starts_at": "2026-11-10T09:00:00+08:00",
                "ends_at": "2026-11-10T11:00:00+08:00",
                "purpose": "党课",
            },
        ),
        ("post", "/api/v1/visits/"): Operation(commissioner, "/api/v1/visits/", visit_payload),
        ("post", "/api/v1/dues-standards/"): Operation(
            staff,
            "/api/v1/dues-standards/",
            lambda: {
                "member": stays.pk,
                "effective_from": "2026-11-01",
                "basis": "wage",
                "declared_income": "4000.00",
                "declared_on": "2026-11-02",
                "reason": "declared_change",
            },
        ),
        ("post", "/api/v1/dues-payments/"): Operation(
            staff,
            "/api/v1/dues-payments/",
            lambda: {
                "member": stays.pk,
                "month": "2026-10-01",
                "months": 2,
                "paid_on": "2026-11-02",
                "method": "cash",
                "receipt_number": "DF-1",
                "collector": "张书记",
            },
        ),
        ("post", "/api/v1/branch-meetings/"): Operation(
            staff,
            "/api/v1/branch-meetings/",
            lambda: {
                "organization": world.branch.pk,
                "kind": "theme_day",
                "held_on": "2026-11-08",
                "topic": "主题党日",
                "place": "会议室",
                "host": "张书记",
                "minutes": "记录",
                "exceptions": [{"member": stays.pk, "status": "leave", "reason": "出差"}],
            },
        ),
        ("post", "/api/v1/party-posts/"): Operation(
            staff,
            "/api/v1/party-posts/",
            lambda: {
                "organization": world.branch.pk,
                "member": stays.pk,
                "post": "propaganda",
                "started_on": "2026-01-01",
            },
        ),
        ("post", "/api/v1/appraisals/"): Operation(
            staff,
            "/api/v1/appraisals/",
            lambda: {
                "branch": world.branch.pk,
                "year": 2026,
                "held_on": "2026-11-05",
                "summary": "总结",
                "grade_input": [{"member": stays.pk, "grade": "qualified"}],
            },
        ),
        ("post", "/api/v1/complaints/{id}/evidence/"): Operation(
            staff, f"/api/v1/complaints/{complaint.pk}/evidence/", evidence, multipart=True
        ),
        ("post", "/api/v1/talent-policies/"): Operation(
            staff, "/api/v1/talent-policies/", policy_payload
        ),
        ("put", "/api/v1/talent-policies/{id}/"): Operation(
            staff,
            f"/api/v1/talent-policies/{policy.pk}/",
            lambda: {**policy_payload(), "number": policy.number},
        ),
        ("patch", "/api/v1/talent-policies/{id}/"): Operation(
            staff, f"/api/v1/talent-policies/{policy.pk}/", lambda: {"title": "新标题"}
        ),
        ("post", "/api/v1/training-sessions/"): Operation(
            staff, "/api/v1/training-sessions/", session_payload
        ),
        ("put", "/api/v1/training-sessions/{id}/"): Operation(
            staff, f"/api/v1/training-sessions/{session.pk}/", session_payload
        ),
        ("patch", "/api/v1/training-sessions/{id}/"): Operation(
            staff, f"/api/v1/training-sessions/{session.pk}/", lambda: {"topic": "新主题"}
        ),
        ("post", "/api/v1/training-attendances/"): Operation(
            staff,
            "/api/v1/training-attendances/",
            lambda: {"session": session.pk, "member": stays.pk, "hours": 4},
        ),
        ("put", "/api/v1/visits/{id}/"): Operation(
            commissioner, f"/api/v1/visits/{visit.pk}/", visit_payload
        ),
        ("patch", "/api/v1/visits/{id}/"): Operation(
            commissioner, f"/api/v1/visits/{visit.pk}/", lambda: {"topics": "用电"}
        ),
    }
    schema = schema_operations()
    assert set(table) == set(schema), "every write operation of the schema needs a payload here"
    for key, operation in table.items():
        operation.fields = schema[key]
    return table


def client_for(operation: Operation, **headers: str) -> APIClient:
    client = APIClient()
    client.raise_request_exception = False
    client.credentials(**headers)
    if operation.user is not None:
        client.force_authenticate(operation.user)
    return client


def send(operation: Operation, method: str, body: Any, **headers: str) -> Any:
    """``body``: a dict (sent as JSON or multipart), or raw JSON text or bytes."""
    client = client_for(operation, **headers)
    call = getattr(client, method)
    if method == "put":  # a whole-row edit names the version it replaces
        call = partial(call, HTTP_IF_MATCH=client.get(operation.url).headers.get("ETag", ""))
    if isinstance(body, dict):
        if operation.multipart:
            return call(operation.url, body, format="multipart")
        return call(operation.url, body, format="json")
    return call(operation.url, body, content_type="application/json")


def raw_json(payload: dict[str, Any], name: str, token: str) -> str:
    """The payload as JSON text with ``name`` set to the literal ``token`` (which Python's
    encoder cannot write, such as ``1e400``)."""
    marker = "\ue000marker\ue000"
    text = json.dumps({**payload, name: marker}, ensure_ascii=False)
    return text.replace(json.dumps(marker, ensure_ascii=False), token)


WATCHED_APPS = ["orgs", "members", "merchants", "liaison", "knox", "axes"]


def rows() -> list[Any]:
    """Every row of the business tables, the audit log, tokens and login attempts."""
    models = [m for m in apps.get_models() if m._meta.app_label in WATCHED_APPS]
    return [list(m._default_manager.order_by("pk").values()) for m in models]


@dataclass
class Outcome:
    """The requests sent and what was wrong with their answers. Each request is rolled back, so
    the rows before it are the rows before the first."""

    sent: int = 0
    wrong: list[str] = field(default_factory=list)
    before: list[Any] = field(default_factory=rows)


def hostile_field_values(kind: str, multipart: bool) -> Iterator[str]:
    """Raw JSON tokens (or multipart strings) of hostile values for a field of ``kind``."""
    many = kind.endswith("[]")
    base = kind.removesuffix("[]")
    values = {"number": NUMBERS, "date": DATES, "datetime": DATETIMES, "text": TEXTS}[base]
    for value in values:
        token = value if base == "number" else json.dumps(value)
        if multipart:
            yield value
        else:
            yield f"[{token}]" if many else token


def check(outcome: Outcome, label: str, request: Callable[[], Any], field_name: str | None) -> Any:
    """Send the request and note what is wrong with the answer; whatever the request changed is
    rolled back afterwards, so that one accepted value does not spoil the next request."""
    outcome.sent += 1
    with transaction.atomic():
        response = request()
        changed = rows() != outcome.before
        transaction.set_rollback(True)
    status = response.status_code
    problem = ""
    if status >= 500:
        problem = "server error"
    elif not 400 <= status < 500:
        problem = "accepted"
    elif field_name is not None and status == 400:
        body = response.json()
        if not isinstance(body, dict) or field_name not in body:
            problem = f"no message on the field: {str(body)[:200]}"
    if not problem and changed:
        problem = "rows changed"
    if problem:
        outcome.wrong.append(f"{label} -> {status} {problem}")
    return response


def send_hostile_field_values(operations: Any, kind: str) -> Outcome:
    """Each hostile value of ``kind`` in each field of that kind, one request at a time."""
    outcome = Outcome()
    for (method, path), operation in operations.items():
        if not operation.reads_body:
            continue
        for name, field_kind in operation.fields.items():
            if field_kind.removesuffix("[]") != kind:
                continue
            for value in hostile_field_values(field_kind, operation.multipart):
                payload = operation.payload()
                if operation.multipart:
                    body: Any = {**payload, name: value}
                else:
                    body = raw_json(payload, name, value)
                label = f"{method.upper()} {path} {name}={value[:20]!r}"
                check(outcome, label, partial(send, operation, method, body), name)
    return outcome


@pytest.mark.parametrize("kind", ["number", "date", "datetime", "text"])
def test_hostile_field_values_are_400_on_the_field(operations: Any, kind: str) -> None:
    outcome = send_hostile_field_values(operations, kind)
    assert outcome.sent
    assert not outcome.wrong, "\n".join(outcome.wrong)


def hostile_bodies(operation: Operation) -> Iterator[tuple[str, Any]]:
    name = next(iter(operation.fields), "name")
    yield "list nested 10,000 deep", "[" * DEEP + "]" * DEEP
    yield "field nested 10,000 deep", f'{{"{name}": ' + "[" * DEEP + "]" * DEEP + "}"
    yield "object nested 10,000 deep", '{"a": ' * DEEP + "1" + "}" * DEEP
    yield "not UTF-8", f'{{"{name}": "'.encode() + b'\xff\xfe"}'
    yield "3 MB body", json.dumps({name: "x" * (3 * MEGABYTE)})


def test_hostile_bodies_are_4xx(operations: Any) -> None:
    outcome = Outcome()
    for (method, path), operation in operations.items():
        if not operation.reads_body:
            continue
        for label, body in hostile_bodies(operation):
            request = partial(send, operation, method, body)
            check(outcome, f"{method.upper()} {path} {label}", request, None)
    assert outcome.sent
    assert not outcome.wrong, "\n".join(outcome.wrong)


def test_valid_payloads_are_accepted(operations: Any) -> None:
    """The payloads above are valid, so that each refusal in these tests is the hostile
    value's doing."""
    for (method, path), operation in operations.items():
        if not operation.reads_body:
            continue
        response = send(operation, method, operation.payload())
        assert 200 <= response.status_code < 300, (method, path, response.content[:300])


def test_token_that_is_not_text_is_401(operations: Any) -> None:
    outcome = Outcome()
    for (method, path), operation in operations.items():
        if operation.user is None:
            continue  # the token endpoint reads no token
        anonymous = Operation(None, operation.url, operation.payload, operation.multipart)
        for token in ("Token \xff\xfe", "Token \xe4\xb8\xad\x00", "Token \xff"):
            response = check(
                outcome,
                f"{method.upper()} {path} {token!r}",
                partial(send, anonymous, method, anonymous.payload(), HTTP_AUTHORIZATION=token),
                None,
            )
            if response.status_code != 401:
                outcome.wrong.append(f"{method.upper()} {path} {token!r} -> not 401")
    assert outcome.sent
    assert not outcome.wrong, "\n".join(outcome.wrong)


# --- what the client reads -------------------------------------------------------------------


@pytest.fixture
def commissioner(world: World, make_user: MakeUser) -> Any:
    return make_user("commissioner", enterprise=world.enterprise)


def post_visit(user: Any, body: str, language: str | None = None) -> Any:
    client = APIClient()
    client.force_authenticate(user)
    if language:
        client.credentials(HTTP_ACCEPT_LANGUAGE=language)
    return client.post("/api/v1/visits/", body, content_type="application/json")


def visit_json(world: World, **fields: str) -> str:
    payload = {"enterprise": world.enterprise.pk, "visited_on": "2026-11-03", "topics": "物流"}
    return json.dumps({**payload, **fields}, ensure_ascii=False)


def test_date_out_of_range_is_explained_in_chinese_and_english(
    world: World, commissioner: Any
) -> None:
    body = visit_json(world, visited_on="9999-12-31")
    assert post_visit(commissioner, body).json() == {
        "visited_on": ["请输入 1900-01-01 至 2100-12-31 之间的日期。"]
    }
    assert post_visit(commissioner, body, "en").json() == {
        "visited_on": ["Enter a date between 1900-01-01 and 2100-12-31."]
    }


def test_date_range_follows_the_settings(world: World, commissioner: Any, settings: Any) -> None:
    settings.DANGJIAN_DATE_MIN_YEAR = 2000
    response = post_visit(commissioner, visit_json(world, visited_on="1999-12-31"))
    assert response.json() == {"visited_on": ["请输入 2000-01-01 至 2100-12-31 之间的日期。"]}
    assert post_visit(commissioner, visit_json(world, visited_on="2000-01-01")).status_code == 201


def test_free_text_is_bounded_and_the_schema_says_so(
    world: World, commissioner: Any, settings: Any
) -> None:
    limit = settings.DANGJIAN_TEXT_MAX_LENGTH
    response = post_visit(commissioner, visit_json(world, topics="长" * (limit + 1)))
    assert response.status_code == 400
    assert response.json() == {"topics": [f"请确保这个字段不能超过 {limit} 个字符。"]}
    assert post_visit(commissioner, visit_json(world, topics="长" * limit)).status_code == 201
    schema = json.loads(
        Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content
    )
    visit = schema["components"]["schemas"]["VisitRequest"]["properties"]
    assert visit["topics"]["maxLength"] == limit


def test_numbers_no_field_takes_are_refused_on_the_field(world: World, commissioner: Any) -> None:
    for token in ("1e400", "-1e400", str(2**64)):
        body = visit_json(world).replace(f'"enterprise": {world.enterprise.pk}', "")
        body = body.replace("{,", "{").replace("{", f'{{"enterprise": {token},', 1)
        response = post_visit(commissioner, body, "en")
        assert response.json() == {"enterprise": ["This number is out of range."]}, token
    for token in ("1.5", "true"):
        body = json.dumps({"enterprise": json.loads(token), "visited_on": "2026-11-03"})
        response = post_visit(commissioner, body)
        assert response.json() == {"enterprise": ["请填写合法的整数值。"]}, token


def test_nul_is_refused_on_the_field(world: World, commissioner: Any) -> None:
    response = post_visit(commissioner, visit_json(world, people_met="总经\x00理"))
    assert response.json() == {"people_met": ["不能包含空字符（NUL）。"]}


def test_json_deeper_than_the_limit_is_refused_before_parsing(
    world: World, commissioner: Any, settings: Any
) -> None:
    limit = settings.DANGJIAN_API_JSON_MAX_DEPTH
    # Brackets inside strings are text, not nesting.
    body = visit_json(world, topics="[" * 100)
    assert post_visit(commissioner, body).status_code == 201
    nested = "[" * (limit - 1) + "]" * (limit - 1)
    response = post_visit(commissioner, f'{{"topics": {nested}}}')
    assert response.status_code == 400 and "topics" in response.json()
    too_deep = "[" * limit + "]" * limit
    response = post_visit(commissioner, f'{{"topics": {too_deep}}}', "en")
    assert response.status_code == 400
    assert response.json() == {"detail": f"The JSON nests more than {limit} levels deep."}


def test_body_above_the_limit_is_413_without_parsing(
    world: World, commissioner: Any, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post_visit(commissioner, visit_json(world, topics="x" * 1000))
    assert response.status_code == 413
    assert response.json() == {"detail": "请求内容过大。"}
    assert not Visit.objects.exists()


def test_body_that_is_not_utf8_is_400(commissioner: Any) -> None:
    response = post_visit(commissioner, b'{"topics": "\xff\xfe"}')  # type: ignore[arg-type]
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容不是有效的 UTF-8 文本。"}


def test_token_that_is_not_text_is_401_with_the_reason(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token \xff\xfe")
    response = client.get("/api/v1/visits/")
    assert response.status_code == 401
    assert response.json() == {"detail": "认证令牌无效。"}
    assert response.headers["WWW-Authenticate"] == "Token"


@pytest.fixture
def at_step_seven(world: World, make_user: MakeUser, today: Any) -> tuple[Any, Any]:
    """An application whose next step, 8, takes a public notice; and committee staff."""
    staff = make_user("committee_staff", organization=world.committee)
    application = submit(world.branch, staff)
    walk(application, staff, 7)
    return application, staff


def record_step_eight(application: Any, staff: Any, start: str, end: str) -> Any:
    client = APIClient()
    client.raise_request_exception = False
    client.force_authenticate(staff)
    payload = {"step": 8, "on": "2023-05-15", "notice_start": start, "notice_end": end}
    url = f"/api/v1/applications/{application.pk}/steps/"
    return client.post(url, payload, format="json")


def test_notice_to_year_9999_is_refused_at_once(at_step_seven: tuple[Any, Any]) -> None:
    # Counting its working days day by day held the request for minutes, then failed.
    application, staff = at_step_seven
    response = record_step_eight(application, staff, "2023-05-08", "9999-12-31")
    assert response.status_code == 400
    assert "1900-01-01" in str(response.json())
    assert application.steps.count() == 7


def test_notice_from_year_1_is_400_on_the_field(at_step_seven: tuple[Any, Any]) -> None:
    application, staff = at_step_seven
    response = record_step_eight(application, staff, "0001-01-01", "2023-05-12")
    assert response.status_code == 400
    assert "notice_start" in response.json()
