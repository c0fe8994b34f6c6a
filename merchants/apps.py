from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MerchantsConfig(AppConfig):
    name = "merchants"
    verbose_name = _("Merchants and streamers")

    def ready(self) -> None:
        from merchants import selectors

        selectors.register_scope_rules()
