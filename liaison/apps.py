from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Enterprise liaison")

    def ready(self) -> None:
        from liaison import checks, selectors  # noqa: F401

        selectors.register_scope_rules()
