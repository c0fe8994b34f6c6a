from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Party members")

    def ready(self) -> None:
        from members import selectors, training
        from members.models import Member
        from orgs.hidden_relations import register_label

        selectors.register_scope_rules()
        training.register_scope_rules()
        # A member of another branch, shown inside a visible row (a shop's owner), is not named.
        register_label(Member, _("a party member of another branch"))
