"""``/screen/``: the page, and ``/screen/data/``: the latest snapshot as JSON, which the page
fetches every few minutes."""

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache

from config.screen import access
from config.screen.services import display_token_find, snapshot_latest, snapshot_take
from liaison.models import Case
from members.models import BranchMeeting

REFRESH_SECONDS = 180
# The tiles across the top: keys of the ``totals`` panel; ``plaques`` is a panel of its own.
TOTALS = (
    ("members_full", _lazy("Full members")),
    ("members_probationary", _lazy("Probationary members")),
    ("branches", _lazy("Branches")),
    ("parks", _lazy("Parks and bases")),
    ("alliance_enterprises", _lazy("Alliance enterprises")),
    ("head_streamers", _lazy("Streamers with 1M+ followers")),
    ("member_streamers", _lazy("Party-member streamers")),
    ("integrity_shops", _lazy("Integrity shops")),
    ("plaques", _lazy("Valid integrity plaques")),
)
# The small panels (config.screen.figures.PANELS): a summary once a selector provides the
# figures, 暂无数据 until then.
PENDING = (
    ("dues_by_branch", _lazy("Dues collection rate by branch")),
    ("meetings_this_quarter", _lazy("Meetings held vs required this quarter")),
    ("member_streamer_sales", _lazy("Sales of party-member streamers")),
    ("training_attendance", _lazy("Training attendance")),
)


def _refuse(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated or access.HEADER in request.META:
        raise PermissionDenied
    return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))


def _labels() -> dict[str, Any]:
    return {
        "status": {value: str(label) for value, label in Case.Status.choices},
        "development": {
            "applicants": _("Applicants"),
            "activists": _("Activists"),
            "candidates": _("Candidates"),
            "probationary": _("Probationary members"),
            "full_this_year": _("Full members this year"),
        },
        "registered": _("Registered"),
        "closed": _("Closed"),
        "no_data": _("No data yet"),
        "members": _("Members"),
        "yuan": _("yuan"),
        "meetings": {value: str(label) for value, label in BranchMeeting.Kind.choices},
        "training_sessions": _("sessions"),
        "training_attendances": _("attendances"),
        "training_hours": _("class hours"),
    }


@never_cache
def screen(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("token")
    if raw is not None:
        # A hall's screen opens /screen/?token=...: the key moves into a cookie limited to
        # /screen/, and the address bar loses it.
        if display_token_find(raw) is None:
            raise PermissionDenied
        response = HttpResponseRedirect(access.PATH)
        response.set_cookie(
            access.COOKIE,
            raw,
            max_age=365 * 24 * 3600,
            path=access.PATH,
            httponly=True,
            samesite="Strict",
            secure=request.is_secure(),
        )
        return response
    if not access.may_view(request):
        return _refuse(request)
    context = {
        "title": settings.DANGJIAN_COMMITTEE_NAME,
        "totals": TOTALS,
        "pending": PENDING,
        "labels": _labels(),
        "refresh_seconds": REFRESH_SECONDS,
    }
    return render(request, "screen/screen.html", context)


@never_cache
def data(request: HttpRequest) -> HttpResponse:
    if not access.may_view(request):
        return _refuse(request)
    # Before the beat task's first run (a fresh install, the demo) the first reader takes one.
    snapshot = snapshot_latest() or snapshot_take()
    at = timezone.localtime(snapshot.created_at)
    return JsonResponse({"at": at.isoformat(), "panels": snapshot.payload.get("panels", {})})
