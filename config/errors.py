"""Friendly Chinese error pages (403, 404, 500) in the admin's look, in production and in
development alike: Django shows its debug page for a 404 when ``DEBUG`` is on, which in the demo
lists every URL of the site; :class:`FriendlyNotFoundMiddleware` answers a 404 raised inside a
view with the same page as production. A 500 in development keeps Django's traceback page."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    user = getattr(request, "user", None)
    context = {
        "site_header": settings.DANGJIAN_COMMITTEE_NAME,
        "site_title": settings.DANGJIAN_COMMITTEE_NAME,
        "title": title,
        "message": message,
        "status": status,
        "has_permission": bool(user and user.is_active and user.is_staff),
        "is_nav_sidebar_enabled": False,
    }
    body = loader.get_template("errors/page.html").render(context, request)
    return HttpResponse(body, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page not found"),
        _(
            "The page does not exist, or it lies outside your scope. Check the address, or go "
            "back to the home page."
        ),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("No permission"),
        _(
            "Your role may not open this page. If you need it, ask the security administrator "
            "for the permission."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the database: whatever failed may be the database itself."""
    body = loader.get_template("errors/500.html").render(
        {"site_header": settings.DANGJIAN_COMMITTEE_NAME}
    )
    return HttpResponse(body, status=500)


class FriendlyNotFoundMiddleware:
    """With ``DEBUG`` on, a 404 raised in a view (an out-of-scope row in the admin) gets the
    friendly page instead of Django's debug page; with it off, Django does the same already.
    The API answers its own errors (JSON) and is left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, Http404) and not request.path.startswith("/api/"):
            return not_found(request, exception)
        return None
