"""Who may see the big screen: committee staff whose scope is the whole committee (or the
superuser), signed in as usual; or a hall's screen holding an active display token. The token
opens ``/screen/`` and its data and nothing else: it lives in a cookie limited to ``/screen/``
(or the ``X-Screen-Token`` header), and no other view reads it."""

from typing import Any

from django.http import HttpRequest

from config.models import DisplayToken
from config.screen.services import display_token_find
from orgs.roles import role_names
from orgs.scope import scope_for

COOKIE = "screen_token"
HEADER = "HTTP_X_SCREEN_TOKEN"
PATH = "/screen/"


def staff_may_view(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return "committee_staff" in role_names(user) and scope_for(user).unrestricted


def request_token(request: HttpRequest) -> DisplayToken | None:
    raw = request.META.get(HEADER) or request.COOKIES.get(COOKIE, "")
    return display_token_find(raw)


def may_view(request: HttpRequest) -> bool:
    return staff_may_view(request.user) or request_token(request) is not None
