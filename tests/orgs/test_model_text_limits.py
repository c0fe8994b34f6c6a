"""Free text is bounded wherever it is written, not only in the API and the admin's model forms:
a model's ``full_clean`` (which every service calls) and the admin's own step and case-action
forms refuse text longer than ``DANGJIAN_TEXT_MAX_LENGTH``."""

from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from liaison.admin.cases import TransitionForm
from liaison.models import Case
from members.admin.development_forms import VoidStepForm
from orgs.audit import AuditedModel
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

LIMIT = 10_000


def test_full_clean_refuses_a_description_over_the_limit() -> None:
    case = CaseFactory()
    case.description = "诉" * LIMIT
    case.full_clean()
    case.description = "诉" * (LIMIT + 1)
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert list(refused.value.message_dict) == ["description"]
    assert "10000" in refused.value.message_dict["description"][0]
    case.refresh_from_db()
    assert len(Case.objects.get(pk=case.pk).description) < LIMIT


def test_the_limit_follows_the_setting(settings: Any) -> None:
    settings.DANGJIAN_TEXT_MAX_LENGTH = 20
    case = CaseFactory()
    case.answer = "答" * 21
    with pytest.raises(ValidationError) as refused:
        case.full_clean()
    assert list(refused.value.message_dict) == ["answer"]


def test_every_editable_text_field_is_bounded() -> None:
    """Each business model's free text is a CharField (with its length) or a TextField, which
    :class:`AuditedModel` bounds."""
    for model in apps.get_models():
        if model._meta.app_label not in {"orgs", "members", "merchants", "liaison"}:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.TextField) and field.editable:
                assert issubclass(model, AuditedModel), model
            elif isinstance(field, models.CharField):
                assert field.max_length is not None, (model, field.name)


@pytest.mark.parametrize(
    ("form", "data"),
    [
        (lambda data: VoidStepForm(data), {"reason": "理" * (LIMIT + 1)}),
        (
            lambda data: TransitionForm(data, inputs=("answer",)),
            {"answer": "答" * (LIMIT + 1), "note": ""},
        ),
        (lambda data: TransitionForm(data, inputs=()), {"note": "注" * (LIMIT + 1)}),
    ],
)
def test_the_admin_action_forms_bound_their_text(form: Any, data: dict[str, str]) -> None:
    bound = form(data)
    assert not bound.is_valid()
    assert set(bound.errors) == set(data) - {k for k, v in data.items() if not v}
