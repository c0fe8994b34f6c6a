"""The application admin's step pages: record a step, and correct or void the last one. Each
page collects the inputs and calls one service; a refusal is shown as the service words it."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import rules, training
from members.admin.development_forms import CorrectStepForm, RecordStepForm, VoidStepForm
from members.development import application_record_step
from members.development_corrections import step_record_correct, step_record_void
from members.development_roster import branch_full_members_on
from members.models import Application, DocumentKind, Member, StepRecord
from orgs.admin_display import deadline_badge
from orgs.scope import visible


def _chosen_step(request: HttpRequest, allowed: list[int], next_step: int | None) -> int:
    """The step asked for (``?step=`` or the posted one) when it may follow now, else the
    application's next step: the periodic step that may repeat is never the default."""
    asked = request.POST.get("step") or request.GET.get("step") or ""
    if asked.isdigit() and int(asked) in allowed:
        return int(asked)
    return next_step if next_step in allowed else allowed[-1]


def step_guide(
    request: HttpRequest,
    application: Application,
    history: rules.History,
    step: int,
    allowed: list[int],
) -> dict[str, Any]:
    """What the step page tells before saving: who records the step, the forms that belong in
    the file, the rules that forbid it today with the earliest date they allow, its deadline,
    and the other steps that may follow now."""
    today = timezone.localdate()
    found = rules.blocks(
        application=application,
        records=history.records,
        step=step,
        on=today,
        actor=request.user,
        details={},
        timing_only=True,
    )
    dates = [b.earliest for b in found if b.earliest is not None]
    if not found:
        earliest = today
    elif len(dates) == len(found):
        earliest = max(dates)
    else:
        earliest = None
    definition = rules.STEPS[step]
    url = reverse("admin:members_application_record_step", args=[application.pk])
    return {
        "step_number": step,
        "recorder": RECORDERS[definition.recorder],
        "periodic": definition.periodic,
        "document_kinds": [DocumentKind(kind).label for kind in definition.documents],
        "blocks": [b.message for b in found],
        "earliest": earliest,
        "today": today,
        "due_on": application.due_on if application.due_step == step else None,
        "due_badge": deadline_badge(rules.deadline_state(application.due_on, today)),
        "other_steps": [(f"{url}?step={n}", rules.step_label(n)) for n in allowed if n != step],
    }


RECORDERS = {
    rules.APPLICANT: _("the applicant (recorded on their behalf with the signed document)"),
    rules.BRANCH: _("the branch"),
    rules.GRASSROOTS: _("the grassroots committee or the branch"),
    rules.COMMITTEE: _("the committee's staff"),
}


class StepPagesMixin:
    """Mixed into the application admin (a scoped ``ModelAdmin``): its ``get_object`` keeps
    every page inside the user's scope, so another branch's application is a 404."""

    admin_site: Any
    opts: Any
    media: Any
    get_object: Callable[..., Any]
    has_change_permission: Callable[..., bool]
    message_user: Callable[..., None]

    def step_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/record-step/",
                wrap(self.record_step_view),
                name="members_application_record_step",
            ),
            path(
                "<path:object_id>/steps/<int:record_id>/correct/",
                wrap(self.correct_step_view),
                name="members_application_correct_step",
            ),
            path(
                "<path:object_id>/steps/<int:record_id>/void/",
                wrap(self.void_step_view),
                name="members_application_void_step",
            ),
        ]

    def _application(self, request: HttpRequest, object_id: str) -> Application:
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        return application  # type: ignore[no-any-return]

    def _record(self, application: Application, record_id: int) -> StepRecord:
        record = application.steps.filter(pk=record_id).first()
        if record is None:
            raise Http404
        return record

    def _members(self, request: HttpRequest) -> Any:
        return visible(Member.objects.all(), request.user).filter(category=Member.Category.FULL)

    def _voters(self, application: Application, steps: list[int]) -> int | None:
        """The branch's full members today, to prefill the members entitled to vote."""
        if not rules.VOTE_STEPS & set(steps):
            return None
        return len(branch_full_members_on(application.branch, timezone.localdate()))

    def _page(
        self, request: HttpRequest, application: Application, form: Form, title: str, intro: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "intro": intro,
            "form": form,
            "original": application,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/members/application/record_step.html", context)

    def _done(self, request: HttpRequest, application: Application, message: str) -> HttpResponse:
        self.message_user(request, message)
        return HttpResponseRedirect(
            reverse("admin:members_application_change", args=[application.pk])
        )

    def record_step_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The form of one step, the next one unless another allowed step is chosen, with the
        rules that stand in its way today; the service decides, and its refusal is shown as
        is."""
        application = self._application(request, object_id)
        history = rules.History(list(application.steps.in_force()))
        allowed = rules.allowed_steps(application.rule_set, history)
        if not allowed:
            raise PermissionDenied
        step = _chosen_step(request, allowed, application.next_step)
        form = RecordStepForm(
            request.POST or None,
            request.FILES or None,
            step=step,
            allowed=allowed,
            rule_set=application.rule_set,
            members=self._members(request),
            voters=self._voters(application, [step]),
            training_found=self._training_found(application, [step]),
        )
        if request.method == "POST" and form.is_valid():
            try:
                application_record_step(
                    application=application, actor=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self._done(request, application, gettext("The step is recorded."))
        title = gettext("Record step %(step)s") % {"step": rules.step_label(step)}
        response = self._page(request, application, form, title, "")
        response.context_data.update(  # type: ignore[attr-defined]
            step_guide(request, application, history, step, allowed)
        )
        return response

    @staticmethod
    def _training_found(application: Any, allowed: list[int]) -> tuple[int, int] | None:
        """The academy's hours of the applicant, when step 11 may be recorded."""
        if 11 not in allowed:
            return None
        return training.attended_hours(application), training.untaken_hours(application)

    def correct_step_view(
        self, request: HttpRequest, object_id: str, record_id: int
    ) -> HttpResponse:
        """The last step's inputs, filled in; saved through the same rules as a new record."""
        application = self._application(request, object_id)
        record = self._record(application, record_id)
        form = CorrectStepForm(
            request.POST or None,
            request.FILES or None,
            record=record,
            members=self._members(request),
            voters=self._voters(application, [record.step]),
        )
        if request.method == "POST" and form.is_valid():
            try:
                step_record_correct(
                    record=record,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self._done(request, application, gettext("The step is corrected."))
        title = gettext("Correct step %(step)s") % {"step": rules.step_label(record.step)}
        intro = gettext(
            "The record of %(date)s is voided and replaced by the corrected one, which the "
            "rules check again; both stay in the timeline."
        ) % {"date": record.on.isoformat()}
        return self._page(request, application, form, title, intro)

    def void_step_view(self, request: HttpRequest, object_id: str, record_id: int) -> HttpResponse:
        """Void the last step with a reason; the step can then be recorded again."""
        application = self._application(request, object_id)
        record = self._record(application, record_id)
        form = VoidStepForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                step_record_void(
                    record=record, reason=form.cleaned_data["reason"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return self._done(request, application, gettext("The step is voided."))
        title = gettext("Void step %(step)s") % {"step": rules.step_label(record.step)}
        intro = gettext(
            "The record of %(date)s stays in the timeline as voided, and the step can be "
            "recorded again."
        ) % {"date": record.on.isoformat()}
        return self._page(request, application, form, title, intro)
