"""What the liaison admin pages share: the officer record of the signed-in user, the page that
shows the form of an action (a reassignment, a case transition), landing on a visible page after
a save, and related cases shown by their scoped label."""

from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext

from liaison.models import Officer
from orgs.admin_base import ScopedAdmin
from orgs.scope import can_see

M = TypeVar("M", bound=Model)


def current_officer(request: HttpRequest) -> Officer | None:
    """The officer record of the signed-in user, if they are an officer."""
    user_id = request.user.pk
    if user_id is None:  # anonymous: no officer
        return None
    return Officer.objects.filter(user_id=user_id).first()


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


class StaysInSightAdmin(ScopedAdmin[M]):
    """After a save, a user who no longer sees the row (they left the meeting's attendees, moved
    the decision to a meeting of others) lands on the list with a message, not on a 404."""

    def response_add(
        self, request: HttpRequest, obj: M, post_url_continue: str | None = None
    ) -> HttpResponse:
        if not can_see(request.user, obj):
            return self._out_of_sight(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: M) -> HttpResponse:
        if not can_see(request.user, obj):
            return self._out_of_sight(request, obj)
        return super().response_change(request, obj)

    def _out_of_sight(self, request: HttpRequest, obj: M) -> HttpResponse:
        self.message_user(
            request,
            gettext("“%(object)s” was saved; it is now outside your scope.") % {"object": obj},
            messages.WARNING,
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))


def without_case_titles(fields: list[Any], field: str, label: str) -> list[Any]:
    """``fields`` with the relation ``field`` shown as its scoped label ``label`` instead: for
    viewers who cannot edit, whose read-only page would name every related case."""
    return [label if name == field else name for name in fields if name != label]
