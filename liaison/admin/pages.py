"""What the liaison admin pages share: the officer record of the signed-in user, and the page
that shows the form of an action (a reassignment, a case transition)."""

from typing import Any

from django import forms
from django.http import HttpRequest
from django.template.response import TemplateResponse

from liaison.models import Officer


def current_officer(request: HttpRequest) -> Officer | None:
    """The officer record of the signed-in user, if they are an officer."""
    return Officer.objects.filter(user_id=request.user.pk).first()


def action_form_page(
    model_admin: Any, request: HttpRequest, form: forms.Form, *, title: str, obj: Any
) -> TemplateResponse:
    """The admin page of one action's form on ``obj``."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "original": obj,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/liaison/action_form.html", context)
