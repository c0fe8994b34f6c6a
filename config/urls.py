"""URL routes: the admin (main UI), language switching, the public plaque check, and the REST
API with its docs."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.api import TokenView, router
from merchants.verification import PublicPlaqueView, verify_page

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
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
