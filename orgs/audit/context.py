"""Who is acting: the user (or named system actor) and IP address that audited writes are
attributed to, set per request by :class:`AuditContextMiddleware` and by commands and tasks
through :func:`acting_as`."""

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


@dataclass
class _Context:
    user: Any = None
    name: str = ""
    ip: str | None = None
    request: HttpRequest | None = None


_context: contextvars.ContextVar[_Context | None] = contextvars.ContextVar(
    "audit_context", default=None
)


@contextlib.contextmanager
def acting_as(user: Any = None, *, name: str = "", ip: str | None = None) -> Iterator[None]:
    """Attribute the writes inside the block to ``user`` (or to a named system actor)."""
    outer = _context.get()
    context = _Context(
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
        name=name,
        ip=ip or (outer.ip if outer else None),
    )
    if context.user is None and not name and outer is not None:
        context = outer
    token = _context.set(context)
    try:
        yield
    finally:
        _context.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address; behind a proxy set ``DANGJIAN_TRUSTED_PROXY_HEADER``."""
    header = getattr(settings, "DANGJIAN_TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return str(request.META[header]).split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Makes the request's user and IP the actor of every write during the request."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _context.set(_Context(request=request, ip=client_ip(request)))
        try:
            response: HttpResponse = self.get_response(request)
            return response
        finally:
            _context.reset(token)


def current_actor() -> tuple[Any, str, str | None]:
    """The acting user (or ``None``), the name to record and the IP address."""
    context = _context.get()
    if context is None:
        return None, "system", None
    user = context.user
    if user is None and context.request is not None:
        request_user = getattr(context.request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None:
        return user, user.get_username(), context.ip
    return None, context.name or "system", context.ip
