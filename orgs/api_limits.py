"""The API's input limits, in one place for every endpoint: the request parsers, the limits on
each serializer field, and token authentication that survives a header that is not text.

A body above ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is read (413). Every other body
passes through the parsers below (``DEFAULT_PARSER_CLASSES``): JSON nested deeper than
``DANGJIAN_API_JSON_MAX_DEPTH`` is refused before it is parsed, and no value anywhere in a body may
carry a NUL character, a number outside 64 bits or text longer than ``DANGJIAN_TEXT_MAX_LENGTH``.
The serializer bases of :mod:`orgs.api_base` then hold each field to its own range
(:func:`limit_input`).

The settings name these classes, so this module must not import DRF's views (which read the
settings on import): the serializer and viewset bases live in :mod:`orgs.api_base`.
"""

import json
import math
import re
from collections.abc import Iterable
from typing import IO, Any

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Manager, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions, parsers, serializers
from rest_framework.relations import ManyRelatedField, PrimaryKeyRelatedField
from rest_framework.settings import api_settings

from orgs.dates import validate_supported_date

INT64 = (-(2**63), 2**63 - 1)
NUL_MESSAGE = _("Null characters are not allowed.")
NUMBER_MESSAGE = _("This number is out of range.")
LENGTH_MESSAGE = _("Ensure this field has no more than {max_length} characters.")


class RequestTooLarge(exceptions.APIException):
    """A body above ``DATA_UPLOAD_MAX_MEMORY_SIZE``: Django refuses to read it (checking its
    Content-Length first), and :func:`orgs.api_base.exception_handler` answers this."""

    status_code = 413
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def _value_problem(value: Any) -> Any:
    """The message for the first value inside ``value`` that no field accepts, else ``None``."""
    limit = settings.DANGJIAN_TEXT_MAX_LENGTH
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return NUL_MESSAGE
            if len(item) > limit:
                return format_lazy(LENGTH_MESSAGE, max_length=limit)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return NUMBER_MESSAGE
        elif isinstance(item, int) and not isinstance(item, bool):
            if not INT64[0] <= item <= INT64[1]:
                return NUMBER_MESSAGE
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return None


def check_values(items: Iterable[tuple[str, Any]]) -> None:
    """Raises a 400 naming each field whose value holds something no field accepts."""
    errors: dict[str, list[Any]] = {}
    for name, value in items:
        problem = _value_problem(name) or _value_problem(value)
        if problem is not None:
            errors.setdefault(str(name).replace("\x00", ""), []).append(problem)
    if errors:
        raise exceptions.ValidationError(errors)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, limit: int) -> bool:
    """Whether arrays and objects in ``text`` nest more than ``limit`` levels, counted without
    parsing (the parser recurses, and would run out of stack first)."""
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    """JSON with the depth and value limits above; a body that is not UTF-8 is a 400.

    DRF hands the parser ``request.body``, which Django has already held to
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
    """

    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        try:
            # get_encoding is missing from djangorestframework-stubs.
            encoding = parsers.get_encoding(parser_context or {})  # type: ignore[attr-defined]
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError(_("The request body is not valid UTF-8 text.")) from None
        limit = settings.DANGJIAN_API_JSON_MAX_DEPTH
        if json_too_deep(text, limit):
            raise exceptions.ParseError(
                format_lazy(_("The JSON nests more than {limit} levels deep."), limit=limit)
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise exceptions.ParseError(
                format_lazy(_("JSON parse error - {error}"), error=error)
            ) from None
        check_values(
            data.items() if isinstance(data, dict) else [(api_settings.NON_FIELD_ERRORS_KEY, data)]
        )
        return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class FormParser(parsers.FormParser):
    """URL-encoded forms with the value limits above."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        check_values(data.lists())
        return data


class MultiPartParser(parsers.MultiPartParser):
    """Multipart forms (uploads) with the value limits above on the fields that are not files."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        check_values(parsed.data.lists())
        return parsed


def text_length_validator() -> MaxLengthValidator:
    """The limit of all free text that has none of its own, ``DANGJIAN_TEXT_MAX_LENGTH``
    characters: serializer fields (:func:`limit_input`), model validation
    (:meth:`orgs.audit.AuditedModel.clean_fields`) and admin forms
    (:class:`orgs.admin_base.ScopedFormfieldsMixin`) hold text to it."""
    limit = settings.DANGJIAN_TEXT_MAX_LENGTH
    return MaxLengthValidator(limit, message=format_lazy(LENGTH_MESSAGE, max_length=limit))


def limit_input(field: serializers.Field[Any, Any, Any, Any]) -> None:
    """Holds one writable field to what the database and the rules can take: free text to
    ``DANGJIAN_TEXT_MAX_LENGTH``, dates to :func:`orgs.dates.supported_range`, whole numbers and
    primary keys to whole numbers of 64 bits (or their column's range)."""
    if field.read_only:
        return
    if isinstance(field, ManyRelatedField):
        limit_input(field.child_relation)
    elif isinstance(field, serializers.ListField):
        limit_input(field.child)
    elif isinstance(field, serializers.CharField) and field.max_length is None:
        field.max_length = settings.DANGJIAN_TEXT_MAX_LENGTH
        field.validators.append(text_length_validator())
    elif isinstance(field, serializers.DateField | serializers.DateTimeField):
        field.validators.append(validate_supported_date)
    elif isinstance(field, serializers.IntegerField):
        _limit_integer(field, *INT64)
    elif isinstance(field, PrimaryKeyRelatedField) and field.pk_field is None:
        # The stubs declare ``queryset`` on the class as a Manager, which mypy reads through
        # ``Manager.__get__``.
        queryset: QuerySet[Any] | Manager[Any] | None = field.queryset  # type: ignore[arg-type]
        primary_key = queryset.model._meta.pk if queryset is not None else None
        if isinstance(primary_key, models.IntegerField):
            # Without this, 1.5 and true would select the row with id 1 and 1e400 would fail
            # deep inside the database adapter.
            low, high = connection.ops.integer_field_range(primary_key.get_internal_type())
            field.pk_field = serializers.IntegerField()
            _limit_integer(field.pk_field, low, high)


def _limit_integer(field: serializers.IntegerField, low: int | None, high: int | None) -> None:
    if field.max_value is None and high is not None:
        field.max_value = high
        message = format_lazy(field.error_messages["max_value"], max_value=high)
        field.validators.append(MaxValueValidator(high, message=message))
    if field.min_value is None and low is not None:
        field.min_value = low
        message = format_lazy(field.error_messages["min_value"], min_value=low)
        field.validators.append(MinValueValidator(low, message=message))


class InputLimitsMixin:
    """Applies :func:`limit_input` to every field of a serializer."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()  # type: ignore[misc]
        for field in fields.values():
            limit_input(field)
        return fields  # type: ignore[no-any-return]


class TokenAuthentication(KnoxTokenAuthentication):  # type: ignore[misc]  # knox is untyped
    """Knox's token authentication; a token that is not ASCII letters and digits (bytes that are
    not UTF-8, which knox fails to decode, or a NUL, which PostgreSQL refuses in a query) is a bad
    token, 401, before any lookup."""

    def authenticate_credentials(self, token: bytes) -> Any:
        if not (token.isascii() and token.isalnum()):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)
