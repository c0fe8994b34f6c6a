"""Roles as auth groups with exact permissions (DESIGN.md §1).

The table below is the single source: ``sync_roles`` (run after every ``migrate``) makes each
group hold exactly these permissions, so a permission added by hand to a role group is removed
again. Permissions are ``app_label.codename``; ``*`` after an app label means view on every
model of that app.

The three administrative roles — system, security and audit — are held by different people
(三员分立): :func:`check_separation` refuses any set of groups that holds two of them.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

BUSINESS_APPS = ("orgs", "members", "merchants", "liaison")


def _crud(label: str, *models: str, actions: str = "add change delete view") -> list[str]:
    return [f"{label}.{action}_{model}" for model in models for action in actions.split()]


def _view_all(*labels: str) -> list[str]:
    return [f"{label}.*" for label in labels]


ROLES: dict[str, dict[str, Any]] = {
    "committee_staff": {
        "name": "行业党委工作人员",
        "label": _("committee staff"),
        "permissions": [
            *_view_all(*BUSINESS_APPS),
            *_crud("orgs", "organization", "enterprise", "park", "position", "alliance"),
            *_crud("orgs", "alliancemembership", "organizationscope"),
            *_crud("orgs", "calendaryear", "calendarday"),
            *_crud("members", "member"),
            *_crud("members", "application", actions="add change view"),
            "members.export_member",
            "members.import_member",
            *_crud("members", "transfer", "mobilemembership", actions="add change view"),
            *_crud("members", "importjob", actions="add view"),
            *_crud("members", "duesstandard", actions="add view"),
            *_crud("members", "duespayment", actions="add delete view"),
            *_crud("members", "branchmeeting", "meetingattendance", "meetingattachment"),
            *_crud("members", "partypost"),
            *_crud("members", "appraisal", "appraisalgrade"),
            *_crud("members", "appraisalfollowup", actions="change view"),
            *_crud("members", "trainingsession", "trainingattendance"),
            *_crud("merchants", "shop", "streamer"),
            *_crud("merchants", "plaque", actions="add view"),
            *_crud("merchants", "complaint", "complaintevidence", actions="add view"),
            *_crud("merchants", "pledgetext", actions="add change view"),
            *_crud("merchants", "pledgesignature", actions="add view"),
            *_crud("merchants", "streameraccount"),
            *_crud("merchants", "salesreport", actions="add delete view"),
            *_crud("merchants", "positionbooking", actions="add view"),
            *_crud("merchants", "talentpolicy", actions="add change view"),
            *_crud("merchants", "talentaward", actions="add view"),
            *_crud("liaison", "officer", "assignment", actions="add change view"),
        ],
    },
    "branch_secretary": {
        "name": "支部书记",
        "label": _("branch secretary"),
        "permissions": [
            "orgs.view_organization",
            "orgs.view_enterprise",
            "orgs.view_park",
            "orgs.view_position",
            *_crud("members", "member", actions="add change view"),
            *_crud("members", "application", actions="add change view"),
            "members.view_steprecord",
            "members.view_stepdocument",
            "members.view_ruleset",
            "members.export_member",
            "members.import_member",
            *_crud("members", "transfer", "mobilemembership", actions="add change view"),
            *_crud("members", "importjob", actions="add view"),
            *_crud("members", "duesstandard", actions="add view"),
            *_crud("members", "duespayment", actions="add delete view"),
            *_crud("members", "branchmeeting", "meetingattendance", "meetingattachment"),
            *_crud("members", "partypost", actions="add change view"),
            *_crud("members", "appraisal", "appraisalgrade"),
            *_crud("members", "appraisalfollowup", actions="change view"),
            "members.view_trainingsession",
            "members.view_trainingattendance",
            "merchants.view_shop",
            "merchants.view_streamer",
            *_crud("merchants", "plaque", actions="add view"),
            "merchants.view_plaqueevent",
            *_crud("merchants", "complaint", "complaintevidence", actions="add view"),
            "merchants.view_pledgetext",
            *_crud("merchants", "pledgesignature", actions="add view"),
            "merchants.view_streameraccount",
            "merchants.view_salesreport",
            "merchants.view_talentpolicy",
            "merchants.view_talentaward",
            *_crud("merchants", "positionbooking", actions="add view"),
        ],
    },
    "commissioner": {
        "name": "服务专员",
        "label": _("service commissioner"),
        "permissions": [
            "orgs.view_enterprise",
            "orgs.view_park",
            "merchants.view_shop",
            "merchants.view_streamer",
            "merchants.view_plaque",
            "merchants.view_plaqueevent",
            *_crud("merchants", "complaint", "complaintevidence", actions="add view"),
            "merchants.view_pledgetext",
            *_crud("merchants", "pledgesignature", actions="add view"),
            "merchants.view_streameraccount",
            "merchants.view_salesreport",
            "merchants.view_talentpolicy",
            "merchants.view_talentaward",
            "liaison.view_officer",
            "liaison.view_assignment",
            *_crud("liaison", "case", actions="add change view"),
            "liaison.view_caseevent",
            *_crud("liaison", "visit", actions="add change view"),
            "liaison.view_jointmeeting",
            "liaison.view_decision",
            "liaison.view_supervisionnote",
        ],
    },
    "red_leader": {
        "name": "红领书记",
        "label": _("red-leader secretary"),
        "permissions": [
            "orgs.view_enterprise",
            "orgs.view_park",
            "orgs.view_position",
            "merchants.view_shop",
            "merchants.view_streamer",
            "merchants.view_plaque",
            "merchants.view_plaqueevent",
            *_crud("merchants", "complaint", "complaintevidence", actions="add view"),
            "merchants.view_pledgetext",
            *_crud("merchants", "pledgesignature", actions="add view"),
            "merchants.view_streameraccount",
            "merchants.view_salesreport",
            "merchants.view_talentpolicy",
            "merchants.view_talentaward",
            "liaison.view_officer",
            "liaison.view_assignment",
            *_crud("liaison", "case", actions="add change view"),
            "liaison.view_caseevent",
            "liaison.view_visit",
            *_crud("liaison", "jointmeeting", "decision", actions="add change view"),
            *_crud("liaison", "supervisionnote", actions="add view"),
        ],
    },
    "auditor": {
        "name": "审计管理员",
        "label": _("auditor"),
        "permissions": [*_view_all(*BUSINESS_APPS), "orgs.view_auditentry"],
    },
    "system_admin": {
        "name": "系统管理员",
        "label": _("system administrator"),
        "permissions": [*_crud("auth", "user", actions="add change view"), "auth.view_group"],
    },
    "security_admin": {
        "name": "安全管理员",
        "label": _("security administrator"),
        "permissions": [
            "auth.view_user",
            "auth.change_user",
            "auth.view_group",
            "auth.change_group",
            *_crud("orgs", "organizationscope"),
            "orgs.view_organization",
            "axes.view_accessattempt",
            "axes.delete_accessattempt",
            "axes.view_accessfailurelog",
        ],
    },
}

ADMINISTRATIVE_ROLES = ("system_admin", "security_admin", "auditor")
_NAME_TO_KEY = {spec["name"]: key for key, spec in ROLES.items()}


def _permissions(specs: list[str]) -> list[Permission]:
    found: list[Permission] = []
    for spec in specs:
        label, codename = spec.split(".", 1)
        query = Permission.objects.filter(content_type__app_label=label)
        if codename == "*":
            # The audit log is the auditor's alone, never part of "view everything".
            query = query.filter(codename__startswith="view_").exclude(codename="view_auditentry")
        else:
            query = query.filter(codename=codename)
        found.extend(query)
    return found


def sync_roles(**_kwargs: Any) -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    if not apps.is_installed("django.contrib.auth"):
        return
    for spec in ROLES.values():
        group, _created = Group.objects.get_or_create(name=spec["name"])
        group.permissions.set(_permissions(spec["permissions"]))


def role_group(key: str) -> Group:
    return Group.objects.get(name=ROLES[key]["name"])


def role_names(user: Any) -> set[str]:
    """The role keys a user holds, cached on the user object."""
    cached = getattr(user, "_dangjian_roles", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True) if user.is_authenticated else []
        cached = {_NAME_TO_KEY[name] for name in names if name in _NAME_TO_KEY}
        if user.is_authenticated:
            user._dangjian_roles = cached
    return cached


def check_separation(groups: Any) -> None:
    """Refuse a set of groups that holds two administrative roles (三员分立)."""
    names = {group.name for group in groups}
    held = [key for key in ADMINISTRATIVE_ROLES if ROLES[key]["name"] in names]
    if len(held) > 1:
        raise ValidationError(
            _(
                "The system, security and audit administrator roles must be held by different "
                "people; this account would hold: %(roles)s."
            ),
            code="separation",
            params={"roles": "、".join(str(ROLES[key]["label"]) for key in held)},
        )


def administrative_groups_q() -> Q:
    return Q(name__in=[ROLES[key]["name"] for key in ADMINISTRATIVE_ROLES])
