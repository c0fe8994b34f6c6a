"""API base classes that apply the access scope, the masking of personal data and the shared
conventions (choices as ``{"code", "label"}``, pagination) to every endpoint.

Like :mod:`orgs.admin_base`, they live in ``orgs`` because every app may import it: each app's
``api.py`` builds on them and ``config.api`` only wires the routes. A row outside the user's scope
is absent from lists and a 404 on detail (``get_queryset`` goes through :func:`visible`); a foreign
key in a write payload that points outside the scope is refused with a 400, exactly as if the row
did not exist. Every field of a serializer built on these bases is held to the input limits of
:mod:`orgs.api_limits`.

A row's detail, PUT and PATCH responses carry its version as ``ETag`` (:mod:`orgs.edits`). A
PUT must send it back as ``If-Match`` (428 without); a PUT or PATCH whose ``If-Match`` is no
longer the row's version is refused with 412, naming who changed the row, when and what. A
PATCH writes only the fields it names.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_field
from rest_framework import exceptions, pagination, permissions, serializers, viewsets
from rest_framework.fields import get_error_detail
from rest_framework.filters import OrderingFilter
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from orgs import audit, edits
from orgs.api_limits import InputLimitsMixin, RequestTooLarge
from orgs.api_relations import ScopedPrimaryKeyRelatedField
from orgs.hidden_relations import hidden_related_pks
from orgs.scope import visible

M = TypeVar("M", bound=models.Model)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with a body too large to read answered like every other API error."""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    return drf_exception_handler(exc, context)


class InputSerializer(InputLimitsMixin, serializers.Serializer[Any]):
    """Base of the serializers that take an action's inputs rather than a model's fields."""


class TokenScheme(KnoxTokenScheme):
    """Documents :class:`orgs.api_limits.TokenAuthentication` as knox's token scheme."""

    target_class = "orgs.api_limits.TokenAuthentication"


class ChoiceField(serializers.ChoiceField):
    """A choice rendered as ``{"code": "full", "label": "正式党员"}`` (``null`` while none is
    made); written as the bare code (or the same object, so that a client can send back what it
    read)."""

    def to_representation(self, value: Any) -> Any:
        if value in (None, ""):  # no choice made yet (e.g. an ungraded case)
            return None
        return {"code": value, "label": str(self.choices.get(value, ""))}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict) and "code" in data:
            data = data["code"]
        if isinstance(data, dict | list):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class ChoiceFieldSchema(OpenApiSerializerFieldExtension):
    """Documents :class:`ChoiceField`: the code in requests, ``{code, label}`` in responses."""

    target_class = ChoiceField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        code = build_choice_field(self.target)
        if direction == "request":
            return code
        code.pop("nullable", None)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {"code": code, "label": {"type": "string"}},
            "required": ["code", "label"],
            "nullable": True,
        }
        return schema


class RevealableField(serializers.CharField):
    """A personal-data field stored encrypted on the model (ID number, mobile).

    Read: the masked form, or the clear value when the view's context says the user may reveal
    it — the row is then noted in ``context["revealed"]`` so that the view audits the reveal.
    Write: clear text, normalised by ``normalize`` (whose ``ValidationError`` becomes a field
    error) and set through the model's property setter.
    """

    def __init__(self, *, masked_attr: str, normalize: Callable[[str], str], **kwargs: Any) -> None:
        self.masked_attr = masked_attr
        self.normalize = normalize
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return instance

    @property
    def bound_name(self) -> str:
        """The model property this field reads and sets (the field is bound before use)."""
        assert self.field_name is not None
        return self.field_name

    def to_representation(self, instance: Any) -> str:
        if self.context.get("reveal"):
            _obj, fields = self.context["revealed"].setdefault(instance.pk, (instance, set()))
            fields.add(self.bound_name)
            return str(getattr(instance, self.bound_name))
        return str(getattr(instance, self.masked_attr))

    # With ``source="*"`` DRF merges the dict returned here into the validated data.
    def to_internal_value(self, data: Any) -> dict[str, str]:  # type: ignore[override]
        text = super().to_internal_value(data)
        if not text:
            return {self.bound_name: ""}
        try:
            return {self.bound_name: self.normalize(text)}
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


def django_error_detail(error: DjangoValidationError) -> Any:
    """A model's ``ValidationError`` as DRF error detail, with ``__all__`` renamed."""
    detail = get_error_detail(error)
    if isinstance(detail, dict) and "__all__" in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
    return detail


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send the row's version (its ETag) as If-Match to replace it.")
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "stale"

    def __init__(self, stale: edits.StaleEdit) -> None:
        super().__init__({"detail": stale.headline, "changes": stale.changes})


def if_match_version(request: Request) -> str | None:
    """The version a request's ``If-Match`` names, ``None`` without one or for ``*``."""
    header = request.headers.get("If-Match", "").strip()
    if header in ("", "*"):
        return None
    return header.removeprefix("W/").strip('"')


class ScopedModelSerializer(InputLimitsMixin, serializers.ModelSerializer[M]):
    """Base of every serializer: explicit fields, choices as ``{code, label}``, foreign keys
    narrowed to the requesting user's scope, and writes through a service function.

    Subclasses that write implement :meth:`persist` (call the app's service, passing
    :attr:`edited_fields` on: the fields a PATCH names, ``None`` for a whole row); a model
    ``ValidationError`` raised there becomes a 400 with field messages. Related values outside
    the user's scope are kept on every write (:mod:`orgs.api_relations`). An update checks the
    request's ``If-Match`` against the row's version (:mod:`orgs.edits`).
    """

    edited_fields: list[str] | None = None

    serializer_choice_field = ChoiceField
    serializer_related_field = ScopedPrimaryKeyRelatedField

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        for field in fields.values():
            relation = field.child_relation if isinstance(field, ManyRelatedField) else field
            if not isinstance(relation, RelatedField):
                continue
            # The stubs declare ``queryset`` on the class as a Manager, which mypy reads through
            # ``Manager.__get__``; ModelSerializer sets the model's default manager there.
            queryset: Any = relation.queryset  # type: ignore[arg-type]
            if queryset is not None:
                relation.queryset = visible(queryset, request.user)  # type: ignore[arg-type]
        return fields

    @property
    def _model(self) -> type[M]:
        """``Meta.model``, which the stubs type with an unbound type variable."""
        model: type[M] = self.Meta.model
        return model

    def persist(self, instance: M) -> M:
        raise NotImplementedError(f"{type(self).__name__} is read-only.")

    def create(self, validated_data: dict[str, Any]) -> M:
        many = self._pop_many(validated_data)
        instance = self._model()
        return self._write(instance, validated_data, many)

    def update(self, instance: M, validated_data: dict[str, Any]) -> M:
        many = self._pop_many(validated_data)
        with transaction.atomic():
            request = self.context.get("request")
            version = if_match_version(request) if request is not None else None
            if version is None and not self.partial:
                raise PreconditionRequired()
            if version is not None:
                try:
                    edits.check_version(instance, version)
                except edits.StaleEdit as stale:
                    raise PreconditionFailed(stale) from None
            if self.partial:
                self.edited_fields = list(validated_data)
            return self._write(instance, validated_data, many)

    def _pop_many(self, validated_data: dict[str, Any]) -> dict[str, Any]:
        names = {f.name for f in self._model._meta.many_to_many}
        return {name: validated_data.pop(name) for name in list(validated_data) if name in names}

    def _write(self, instance: M, validated_data: dict[str, Any], many: dict[str, Any]) -> M:
        for name, value in validated_data.items():
            setattr(instance, name, value)
        try:
            instance = self.persist(instance)
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_error_detail(error)) from None
        user = getattr(self.context.get("request"), "user", None)
        for name, value in many.items():
            kept = hidden_related_pks(instance, name, user) if user is not None else []
            getattr(instance, name).set([*value, *kept])
        return instance


class ScopedModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions for every method, reads included: listing members needs
    ``members.view_member``, as in the admin."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages; ``page_size`` above the maximum is clamped, never an error."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class IdCursorPagination(pagination.CursorPagination):
    """Cursor pages for the big tables (members, cases): ordered by the primary key, which is
    unique and indexed, so a page costs the same at row 10 and at row 1,000,000."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"


class ScopedViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Base of every viewset: model permissions, scope, filters, ordering, pagination, and the
    audit of revealed personal data (one ``REVEAL`` entry per row shown in clear)."""

    permission_classes = [ScopedModelPermissions]
    pagination_class: type[pagination.BasePagination] | None = PageNumberPagination
    filter_backends = [
        # The stubs type the setting as the dotted paths; api_settings imports them.
        *api_settings.DEFAULT_FILTER_BACKENDS,  # type: ignore[list-item]
        OrderingFilter,
    ]
    reveal_permission: str | None = None

    def get_queryset(self) -> QuerySet[Any]:
        return visible(super().get_queryset(), self.request.user)

    def get_object(self) -> Any:
        obj = super().get_object()
        self._detail_object = obj
        return obj

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self._revealed: dict[Any, tuple[models.Model, set[str]]] = {}
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        user = self.request.user
        permission = self.reveal_permission
        return {
            **super().get_serializer_context(),
            "reveal": bool(permission and user.is_authenticated and user.has_perm(permission)),
            "revealed": getattr(self, "_revealed", {}),
        }

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        revealed = getattr(self, "_revealed", {})
        if revealed and 200 <= response.status_code < 300:
            audit.record_many(
                [
                    audit.Event(
                        action=audit.Action.REVEAL, obj=obj, changes={"fields": sorted(fields)}
                    )
                    for obj, fields in revealed.values()
                ]
            )
        detail = getattr(self, "_detail_object", None)
        if detail is not None and 200 <= response.status_code < 300 and self.action in VERSIONED:
            response["ETag"] = f'"{edits.row_version(detail)}"'
        return super().finalize_response(request, response, *args, **kwargs)


# The actions whose response carries the row's version as ETag.
VERSIONED = {"retrieve", "update", "partial_update"}
