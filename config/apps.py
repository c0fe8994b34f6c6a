from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = _("System configuration")

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin

        from config.site import site_class

        base: type[admin.AdminSite] = admin.AdminSite
        if settings.DANGJIAN_ADMIN_OTP:
            from django_otp.admin import OTPAdminSite

            base = OTPAdminSite
        admin.site.__class__ = site_class(base)
        name_technical_apps()
        committee = settings.DANGJIAN_COMMITTEE_NAME
        admin.site.site_header = format_lazy("{} · {}", committee, _("Party-building management"))
        admin.site.site_title = committee
        admin.site.index_title = _("Party-building workbench")
        admin.site.site_url = None  # "/" only leads back to the admin


def name_technical_apps() -> None:
    """Chinese names for the third-party apps and the models whose names their authors did not
    mark for translation, wherever the admin shows them (the 系统 group, page titles, the audit
    log's object types). Only the labels change: the migration state reads the models' original
    Meta, so no migration follows."""
    from django.apps import apps
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from knox.models import AuthToken

    apps.get_app_config("axes").verbose_name = _("Login lockout")
    apps.get_app_config("knox").verbose_name = _("API tokens")
    apps.get_app_config("otp_totp").verbose_name = _("Second factor")
    for model, singular, plural in (
        (AuthToken, _("API token"), _("API tokens")),
        (TOTPDevice, _("TOTP device"), _("TOTP devices")),
    ):
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
