"""Role × model × action: each role can do exactly what DESIGN.md §1 gives it, through the
admin. The expectations are written out here, independently of orgs/roles.py."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import World

pytestmark = pytest.mark.django_db

V, A, C, D = "view", "add", "change", "delete"
ALL = {V, A, C, D}
EXPECTED: dict[str, dict[str, set[str]]] = {
    "staff": {
        # The screen's tokens: created and revoked (the revoke action), never edited or deleted.
        "config.displaytoken": {V, A, C},
        "orgs.organization": ALL,
        "orgs.enterprise": ALL,
        "orgs.park": ALL,
        "orgs.position": ALL,
        "orgs.alliance": ALL,
        "orgs.calendaryear": ALL,
        "members.member": ALL,
        "members.transfer": {V, A, C},
        "members.mobilemembership": {V, A, C},
        "members.importjob": {V},
        "members.application": {V, A, C},
        "members.ruleset": {V},
        "members.duesstandard": {V, A},
        "members.duespayment": {V, A, D},
        "members.branchmeeting": ALL,
        "members.partypost": ALL,
        "members.appraisal": ALL,
        "members.appraisalfollowup": {V, C},
        "merchants.shop": ALL,
        "merchants.streamer": ALL,
        "members.trainingsession": ALL,
        "merchants.plaque": {V, A},
        "merchants.complaint": {V, A},
        "merchants.pledgetext": {V, A, C},
        "merchants.pledgesignature": {V, A},
        "merchants.salesreport": {V, D},
        "merchants.positionbooking": {V, A},
        "merchants.talentpolicy": {V, A, C},
        "merchants.talentaward": {V, A},
        "liaison.officer": {V, A, C},
        "liaison.assignment": {V, A, C},
        "liaison.case": {V},
        "liaison.jointmeeting": {V},
        "liaison.decision": {V},
        "liaison.visit": {V},
        "orgs.auditentry": set(),
    },
    "secretary_a": {
        "orgs.organization": {V},
        "orgs.enterprise": {V},
        "orgs.park": {V},
        "orgs.position": {V},
        "members.member": {V, A, C},
        "members.transfer": {V, A, C},
        "members.mobilemembership": {V, A, C},
        "members.importjob": {V},
        "members.application": {V, A, C},
        "members.ruleset": {V},
        "members.duesstandard": {V, A},
        "members.duespayment": {V, A, D},
        "members.branchmeeting": ALL,
        "members.partypost": {V, A, C},
        "members.appraisal": ALL,
        "members.appraisalfollowup": {V, C},
        "merchants.shop": {V},
        "merchants.streamer": {V},
        "members.trainingsession": {V},
        "merchants.plaque": {V, A},
        "merchants.complaint": {V, A},
        "merchants.pledgetext": {V},
        "merchants.pledgesignature": {V, A},
        "merchants.salesreport": {V},
        "merchants.positionbooking": {V, A},
        "merchants.talentpolicy": {V},
        "merchants.talentaward": {V},
    },
    "commissioner_1": {
        "orgs.enterprise": {V},
        "orgs.park": {V},
        "merchants.shop": {V},
        "merchants.streamer": {V},
        "merchants.plaque": {V},
        "merchants.complaint": {V, A},
        "merchants.pledgetext": {V},
        "merchants.pledgesignature": {V, A},
        "merchants.salesreport": {V},
        "merchants.talentpolicy": {V},
        "merchants.talentaward": {V},
        "liaison.officer": {V},
        "liaison.assignment": {V},
        "liaison.case": {V, A, C},
        "liaison.visit": {V, A, C},
        "liaison.jointmeeting": {V},
        "liaison.decision": {V},
    },
    "red_leader": {
        "orgs.enterprise": {V},
        "orgs.park": {V},
        "orgs.position": {V},
        "merchants.shop": {V},
        "merchants.streamer": {V},
        "merchants.plaque": {V},
        "merchants.complaint": {V, A},
        "merchants.pledgetext": {V},
        "merchants.pledgesignature": {V, A},
        "merchants.salesreport": {V},
        "merchants.talentpolicy": {V},
        "merchants.talentaward": {V},
        "liaison.officer": {V},
        "liaison.assignment": {V},
        "liaison.case": {V, A, C},
        "liaison.visit": {V},
        "liaison.jointmeeting": {V, A, C},
        "liaison.decision": {V, A, C},
    },
    "auditor": {
        **{
            label: {V}
            for label in [
                "orgs.organization",
                "orgs.enterprise",
                "orgs.park",
                "orgs.position",
                "orgs.alliance",
                "orgs.calendaryear",
                "members.member",
                "members.transfer",
                "members.mobilemembership",
                "members.importjob",
                "members.application",
                "members.ruleset",
                "members.duesstandard",
                "members.duespayment",
                "members.branchmeeting",
                "members.partypost",
                "members.appraisal",
                "members.appraisalfollowup",
                "merchants.shop",
                "merchants.streamer",
                "members.trainingsession",
                "merchants.plaque",
                "merchants.complaint",
                "merchants.pledgetext",
                "merchants.pledgesignature",
                "merchants.salesreport",
                "merchants.positionbooking",
                "merchants.talentpolicy",
                "merchants.talentaward",
                "liaison.officer",
                "liaison.assignment",
                "liaison.case",
                "liaison.jointmeeting",
                "liaison.decision",
                "liaison.visit",
                "orgs.auditentry",
            ]
        }
    },
    "system_admin": {"auth.user": {V, A, C}, "auth.group": {V}},
    "security_admin": {
        "auth.user": {V, C},
        "auth.group": {V, C},
        "orgs.organization": {V},
        "axes.accessattempt": {V, D},
        "axes.accessfailurelog": {V},
    },
}
MODELS = {model._meta.label_lower: model for model in admin.site._registry}
CASES = [(role, label) for role in EXPECTED for label in sorted(MODELS)]


@pytest.mark.parametrize(("role", "label"), CASES)
def test_role_can_do_exactly_its_actions(world: World, role: str, label: str) -> None:
    model = MODELS[label]
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = world.users[role]
    allowed = {
        V: model_admin.has_view_permission(request),
        A: model_admin.has_add_permission(request),
        C: model_admin.has_change_permission(request),
        D: model_admin.has_delete_permission(request),
    }
    expected = EXPECTED[role].get(label, set())
    assert {action for action, ok in allowed.items() if ok} == expected

    client = world.client(role)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = client.get(reverse(f"{prefix}_changelist"))
    assert changelist.status_code == (200 if V in expected or C in expected else 403)
    add = client.get(reverse(f"{prefix}_add"))
    assert add.status_code == (200 if A in expected else 403)
