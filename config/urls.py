"""URL routes: the admin (main UI), language switching, the public plaque check, and the REST
API with its docs."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api import TokenView, router
from config.screen import views as screen_views
from merchants.verification import PublicPlaqueView, verify_page


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico before reading the page's icon link."""
    return HttpResponsePermanentRedirect(static("config/favicon.svg"))


urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("screen/", screen_views.screen, name="screen"),
    path("screen/data/", screen_views.data, name="screen-data"),
    # The one page without a login: the plaque check a plaque's QR code opens.
    path("verify/<str:code>/", verify_page, name="plaque-verify"),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path(
        "api/v1/public/plaques/<str:code>/",
        PublicPlaqueView.as_view(),
        name="api-public-plaque",
    ),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (?script) instead of an
    # inline <script>, so the page works under the site's script-src 'self' without exemption.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
