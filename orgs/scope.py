"""Access scope: the one answer to "which rows of model M may user U see".

A user's scope is a set of organization subtrees (``OrganizationScope`` rows) plus, for liaison
officers, sets of enterprises and parks contributed by the liaison app. A scope that includes a
root organization, an auditor's role or a superuser is unrestricted.

Each app registers, in its ``AppConfig.ready``, one rule per model: a function that narrows a
queryset to a scope. The admin (lists, change pages, foreign-key choices, autocomplete, filters,
actions, history, export, import), the API and Celery digests all call :func:`visible`; a model
nobody registered is visible only to unrestricted users, so a forgotten rule fails closed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save

M = TypeVar("M", bound=Model)
User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Scope:
    """What one user may see. ``unrestricted`` short-cuts every rule; ``roles`` (the keys of
    :data:`orgs.roles.ROLES` the user holds) lets a rule widen the scope for a role."""

    unrestricted: bool = False
    org_paths: tuple[str, ...] = ()
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    park_ids: frozenset[int] = field(default_factory=frozenset)
    user_id: int | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    # Values a rule resolves once per scope (i.e. once per request), by key.
    _resolved: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def org_q(self, path_field: str) -> Q:
        """Rows whose organization path lies in one of the scope's subtrees."""
        q = Q(pk__in=[])
        for path in self.org_paths:
            q |= Q(**{f"{path_field}__startswith": path})
        return q

    def resolved(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, run once per scope (i.e. once per request) until a row is written:
        rules turn a scope into the ids of the rows it reaches (its organizations, the members
        its transfers take away, an officer's record), so that a list filters with an indexed
        ``IN`` on those ids instead of a join or an ``OR EXISTS`` that no index serves. Any
        save or delete forgets them, so that code holding a user across writes (a task, a
        test) never reads an old answer."""
        cached = self._resolved.get(key)
        if cached is None or cached[0] != _generation[0]:
            cached = self._resolved[key] = (_generation[0], compute())
        return cached[1]

    def org_ids(self) -> list[int]:
        """The ids of every organization in the scope's subtrees, in one query per request."""
        from orgs.models import Organization

        def compute() -> list[int]:
            if not self.org_paths:
                return []
            return list(
                Organization._base_manager.filter(self.org_q("path")).values_list("pk", flat=True)
            )

        return self.resolved("orgs.org_ids", compute)  # type: ignore[no-any-return]

    def org_id_q(self, fk_field: str) -> Q:
        """Rows whose organization (the foreign key ``fk_field``) lies in the scope."""
        return Q(**{f"{fk_field}__in": self.org_ids()})


Rule = Callable[[QuerySet[Any], Scope], QuerySet[Any]]
ScopeProvider = Callable[[Any], dict[str, set[int]]]

_rules: dict[type[Model], Rule] = {}
_providers: list[ScopeProvider] = []

# Bumped by every save and delete: resolved ids older than the last write are computed again.
_generation = [0]


def _forget_resolved(**_kwargs: Any) -> None:
    _generation[0] += 1


post_save.connect(_forget_resolved, dispatch_uid="orgs.scope.forget_resolved.save")
post_delete.connect(_forget_resolved, dispatch_uid="orgs.scope.forget_resolved.delete")

# Roles whose members see every row (read-only roles still have no write permissions).
UNRESTRICTED_ROLES = {"auditor"}


def register(model: type[Model], rule: Rule) -> None:
    """Declare how ``model`` is narrowed to a scope."""
    _rules[model] = rule


def register_provider(provider: ScopeProvider) -> None:
    """Let another app add enterprises and parks to a user's scope (e.g. liaison assignments).

    The provider gets the user and returns ``{"enterprise_ids": {...}, "park_ids": {...}}``.
    """
    _providers.append(provider)


def registered_models() -> Iterable[type[Model]]:
    return _rules.keys()


def scope_for(user: User) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    cached: Scope | None = getattr(user, "_dangjian_scope", None)
    if cached is not None:
        return cached
    scope = _compute(user)
    if user.is_authenticated:
        setattr(user, "_dangjian_scope", scope)  # noqa: B010  # a per-request cache on the user
    return scope


def _compute(user: User) -> Scope:
    from orgs.models import OrganizationScope

    if not user.is_authenticated or not user.is_active:
        return Scope()
    if getattr(user, "is_superuser", False):
        return Scope(unrestricted=True, user_id=user.pk)
    from orgs.roles import role_names

    roles = frozenset(role_names(user))
    if roles & UNRESTRICTED_ROLES:
        return Scope(unrestricted=True, user_id=user.pk, roles=roles)
    paths = tuple(
        OrganizationScope.objects.filter(user_id=user.pk).values_list(
            "organization__path", flat=True
        )
    )
    if any(path.count("/") == 2 for path in paths):  # a root organization: everything
        return Scope(unrestricted=True, org_paths=paths, user_id=user.pk, roles=roles)
    enterprise_ids: set[int] = set()
    park_ids: set[int] = set()
    for provider in _providers:
        extra = provider(user)
        enterprise_ids |= extra.get("enterprise_ids", set())
        park_ids |= extra.get("park_ids", set())
    if park_ids:
        from orgs.models import Enterprise

        enterprise_ids |= set(
            Enterprise.objects.filter(park_id__in=park_ids).values_list("pk", flat=True)
        )
    return Scope(
        org_paths=paths,
        enterprise_ids=frozenset(enterprise_ids),
        park_ids=frozenset(park_ids),
        user_id=user.pk,
        roles=roles,
    )


def visible(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """The rows of ``queryset`` that ``user`` may see."""
    scope = scope_for(user)
    if scope.unrestricted:
        return queryset
    if scope.user_id is None:  # anonymous or inactive
        return queryset.none()
    rule = _rules.get(queryset.model)
    if rule is None:
        return queryset.none()
    return rule(queryset, scope)


def can_see(user: User, obj: Model) -> bool:
    """Whether one object lies inside the user's scope."""
    return visible(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
