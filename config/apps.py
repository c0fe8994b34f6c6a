from django.apps import AppConfig
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = _("System configuration")

    def ready(self) -> None:
        from django.conf import settings
        from django.contrib import admin

        if settings.DANGJIAN_ADMIN_OTP:
            from django_otp.admin import OTPAdminSite

            admin.site.__class__ = OTPAdminSite
        committee = settings.DANGJIAN_COMMITTEE_NAME
        admin.site.site_header = format_lazy("{} · {}", committee, _("Party-building management"))
        admin.site.site_title = committee
        admin.site.index_title = _("Party-building workbench")
