"""Public verification of integrity-shop plaques (扫码验牌): the only page of the system that
answers without a login, and its read-only API twin.

The QR code on a plaque carries an unguessable code
(:func:`merchants.models.plaques.new_public_code`), never an id. The page shows what a customer
needs — shop, platform account, plaque number, the plaque's status today — and nothing personal
(no owner, no responsible member). It answers from a cached snapshot
(``DANGJIAN_VERIFY_CACHE_SECONDS``, dropped whenever the plaque moves), and is rate limited per
address (``DANGJIAN_VERIFY_RATE``, django-ratelimit on the cache).
"""

import datetime
import io
import re
from typing import Any

import segno
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from merchants.models import Plaque, Platform
from orgs.audit import client_ip

CACHE_PREFIX = "merchants:plaque-verify:"
MISSING = "missing"
# The shape of a code from ``secrets.token_urlsafe``.
CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def cache_key(code: str) -> str:
    return f"{CACHE_PREFIX}{code}"


def forget(code: str) -> None:
    """Drop the cached snapshot of a plaque (called when the plaque moves)."""
    cache.delete(cache_key(code))


def snapshot(code: str) -> dict[str, Any] | None:
    """What the public may know of the plaque with ``code``, from the cache or one query; None
    for an unknown code or a plaque never awarded."""
    if not CODE_SHAPE.fullmatch(code):  # not a code we issue: no lookup, no cache entry
        return None
    key = cache_key(code)
    cached = cache.get(key)
    if cached == MISSING:
        return None
    if cached is None:
        plaque = Plaque.objects.select_related("shop").filter(code=code).first()
        if plaque is None or plaque.awarded_on is None:
            cache.set(key, MISSING, settings.DANGJIAN_VERIFY_CACHE_SECONDS)
            return None
        cached = {
            "shop": plaque.shop.name,
            "platform": plaque.shop.platform,
            "account": plaque.shop.account,
            "number": plaque.number,
            "status": plaque.status,
            "awarded_on": plaque.awarded_on.isoformat(),
            "valid_until": plaque.valid_until.isoformat() if plaque.valid_until else None,
        }
        cache.set(key, cached, settings.DANGJIAN_VERIFY_CACHE_SECONDS)
    return _with_status(cached)


def _with_status(data: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with today's public status (an awarded plaque expires by the calendar, not
    by a write)."""
    plaque = Plaque(
        status=data["status"],
        awarded_on=datetime.date.fromisoformat(data["awarded_on"]),
        valid_until=(
            datetime.date.fromisoformat(data["valid_until"]) if data["valid_until"] else None
        ),
    )
    status = plaque.public_status(timezone.localdate())
    return {
        **data,
        "public_status": status,
        "public_status_label": str(Plaque.PublicStatus(status or "").label),
        "platform_label": str(Platform(data["platform"]).label),
    }


def limited(request: HttpRequest) -> bool:
    """Count this request against the address's allowance; True once it is used up."""
    return bool(
        is_ratelimited(
            request,
            group="merchants.verify",
            key=lambda _group, req: client_ip(req) or "unknown",
            rate=settings.DANGJIAN_VERIFY_RATE,
            increment=True,
        )
    )


def _page(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    context["committee_name"] = settings.DANGJIAN_COMMITTEE_NAME
    response = TemplateResponse(request, f"merchants/{template}", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def verify_page(request: HttpRequest, code: str) -> HttpResponse:
    """The page a plaque's QR code opens: 429 past the address's allowance, 404 with a clear
    page for an unknown code."""
    if limited(request):
        return _page(request, "verify_limited.html", 429)
    data = snapshot(code)
    if data is None:
        return _page(request, "verify_unknown.html", 404)
    return _page(request, "verify.html", 200, plaque=data)


class PublicPlaqueSerializer(serializers.Serializer[Any]):
    shop = serializers.CharField()
    platform = serializers.CharField()
    platform_label = serializers.CharField()
    account = serializers.CharField()
    number = serializers.CharField()
    public_status = serializers.CharField()
    public_status_label = serializers.CharField()
    valid_until = serializers.CharField(allow_null=True)


class PublicPlaqueView(APIView):
    """``GET /api/v1/public/plaques/{code}/``: the plaque check without a token, read-only,
    rate limited like the page."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicPlaqueSerializer

    def get(self, request: Request, code: str) -> Response:
        if limited(request._request):
            return Response({"detail": _limited_message()}, status=429)
        data = snapshot(code)
        if data is None:
            raise Http404
        return Response(PublicPlaqueSerializer(data).data)


def _limited_message() -> str:
    return gettext("Too many checks from your address; please try again in a minute.")


def verify_url(request: HttpRequest, plaque: Plaque) -> str:
    """The address the plaque's QR code carries: ``DANGJIAN_PUBLIC_BASE_URL`` when set (the
    public host name), otherwise the host the admin was reached on."""
    path = reverse("plaque-verify", args=[plaque.code])
    base = settings.DANGJIAN_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def qr_code(url: str, kind: str) -> bytes:
    """The QR code of ``url`` as SVG or PNG (segno, error correction M, print-ready scale)."""
    qr = segno.make(url, error="m")
    out = io.BytesIO()
    if kind == "svg":
        qr.save(out, kind="svg", scale=8, border=2, xmldecl=False)
    else:
        qr.save(out, kind="png", scale=12, border=2)
    return out.getvalue()
