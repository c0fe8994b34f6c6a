"""Forms of the development admin: opening an application (its step 1), recording a step,
and correcting or voiding the last one. The forms only collect inputs; the services in
:mod:`members.development` and :mod:`members.development_corrections` decide."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelectMultiple
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import rules
from members.development import Actor, step_one_blocks
from members.models import Application, DocumentKind, Member, RuleSet, StepRecord
from orgs.identifiers import normalize_id_number


class ApplicationAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """Opening an application is recording its step 1: the identity, the application date and
    the applicant's signed letter."""

    id_number = forms.CharField(label=_("ID number"), max_length=30)
    applied_on = forms.DateField(label=_("application date"), widget=AdminDateWidget)
    letter = forms.FileField(label=_("signed application letter"))
    actor: Actor  # set on the form class by the admin's get_form

    class Meta:
        model = Application
        fields = ["name", "gender", "birth_date", "branch", "workplace", "rule_set"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].required = False
        self.fields["rule_set"].help_text = _(
            "Empty: the rule set in force on the application date."
        )

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"])

    def _post_clean(self) -> None:
        if "id_number" in self.cleaned_data:
            self.instance.id_number = self.cleaned_data["id_number"]
        super()._post_clean()  # type: ignore[misc]  # Django's private hook, not in the stubs
        if self.errors or "applied_on" not in self.cleaned_data:
            return
        found = step_one_blocks(
            application=self.instance,
            on=self.cleaned_data["applied_on"],
            actor=self.actor,
            documents=[self.cleaned_data["letter"]],
        )
        for block in found:
            self.add_error(None, block.message)


class RecordStepForm(forms.Form):
    """The inputs of one step: its date, note and document, and what the rules table says the
    step asks (:func:`members.rules.step_inputs`); the service decides."""

    step = forms.TypedChoiceField(label=_("step"), coerce=int)
    on = forms.DateField(label=_("date"), widget=AdminDateWidget)
    note = forms.CharField(
        label=_("note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=settings.DANGJIAN_TEXT_MAX_LENGTH,
    )
    document_kind = forms.ChoiceField(
        label=_("document"), choices=DocumentKind.choices, required=False
    )
    document = forms.FileField(label=_("file"), required=False)
    contacts = forms.ModelMultipleChoiceField(
        label=_("cultivation contacts"), queryset=Member.objects.none(), required=False
    )
    introducers = forms.ModelMultipleChoiceField(
        label=_("introducers"), queryset=Member.objects.none(), required=False
    )
    political_review_result = forms.ChoiceField(
        label=_("political review result"),
        choices=[("", "---------"), *Application.Review.choices],
        required=False,
    )
    training_days = forms.IntegerField(
        label=_("training days"),
        min_value=0,
        required=False,
        help_text=_("Training may be recorded in several parts; the parts add up."),
    )
    training_hours = forms.IntegerField(
        label=_("training class hours"), min_value=0, required=False
    )
    notice_start = forms.DateField(
        label=_("public notice from"), widget=AdminDateWidget, required=False
    )
    notice_end = forms.DateField(
        label=_("public notice until"), widget=AdminDateWidget, required=False
    )
    vote_entitled = forms.IntegerField(
        label=_("members entitled to vote"), min_value=0, required=False
    )
    vote_present = forms.IntegerField(
        label=_("entitled members present"), min_value=0, required=False
    )
    vote_for = forms.IntegerField(label=_("votes for"), min_value=0, required=False)
    vote_against = forms.IntegerField(label=_("votes against"), min_value=0, required=False)
    vote_abstain = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    vote_entitled_reason = forms.CharField(
        label=_("why fewer members were entitled to vote than the roster lists"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=settings.DANGJIAN_TEXT_MAX_LENGTH,
        help_text=_("For example: members on probation within the party, who have no vote."),
    )
    conversion_outcome = forms.ChoiceField(
        label=_("decision on conversion"),
        choices=[("", "---------"), *StepRecord.ConversionOutcome.choices],
        required=False,
    )
    extension_months = forms.IntegerField(
        label=_("extension (months)"), min_value=0, required=False
    )

    def __init__(
        self,
        *args: Any,
        step: int,
        allowed: list[int],
        rule_set: RuleSet,
        members: Any,
        voters: int | None = None,
        training_found: tuple[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        step_field = self.fields["step"]
        step_field.choices = [(n, rules.step_label(n)) for n in allowed]  # type: ignore[attr-defined]
        step_field.initial = step
        step_field.widget = forms.HiddenInput()
        self.fields["on"].initial = self.initial.get("on") or timezone.localdate
        shown = {"step", "on", "note", "document_kind", "document", "reason"}
        shown.update(rules.step_inputs(step, rule_set))
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
        kinds = rules.STEPS[step].documents
        self.fields["document_kind"].initial = kinds[0] if kinds else DocumentKind.OTHER
        for name in ("contacts", "introducers"):
            if name in self.fields:
                field = self.fields[name]
                field.widget = AutocompleteSelectMultiple(
                    Application._meta.get_field(f"{name[:-1]}_1"), admin.site
                )
                field.queryset = members  # type: ignore[attr-defined]  # sets the widget's choices
                field.help_text = _("Type a name to search the full members you may see.")
        if training_found is not None and "training_hours" in self.fields:
            attended, untaken = training_found
            hours = self.fields["training_hours"]
            hours.initial = self.initial.get("training_hours", untaken or None)
            hours.help_text = _(
                "The academy's attendance list shows %(attended)s class hours for this "
                "applicant, %(untaken)s of them not yet recorded; they are filled in."
            ) % {"attended": attended, "untaken": untaken}
        if voters is not None and "vote_entitled" in self.fields:
            entitled = self.fields["vote_entitled"]
            entitled.initial = self.initial.get("vote_entitled", voters)
            entitled.help_text = _(
                "The roster lists %(count)s full members of the branch today. Left empty, the "
                "full members on the meeting date are counted; a smaller number needs the reason."
            ) % {"count": voters}

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned inputs as the service's keyword arguments (empty ones left out)."""
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}
        upload = data.pop("document", None)
        kind = data.pop("document_kind", None)
        if upload is not None:
            data["documents"] = [(kind or DocumentKind.OTHER, upload)]
        for name in ("contacts", "introducers"):
            if name in data:
                data[name] = list(data[name])
        return data


# The record's fields a correction starts from (besides its date and note).
_RECORD_INPUTS = (
    "notice_start",
    "notice_end",
    "vote_entitled",
    "vote_present",
    "vote_for",
    "vote_against",
    "vote_abstain",
    "vote_entitled_reason",
    "conversion_outcome",
    "extension_months",
    "training_days",
    "training_hours",
    "political_review_result",
)


class CorrectStepForm(RecordStepForm):
    """The inputs of the step being corrected, filled in from its record, and the reason. The
    documents of the record stay with the correction; another one may be added."""

    reason = forms.CharField(
        label=_("reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=settings.DANGJIAN_TEXT_MAX_LENGTH,
    )

    def __init__(self, *args: Any, record: StepRecord, **kwargs: Any) -> None:
        application = record.application
        initial = {"on": record.on, "note": record.note}
        initial.update({name: getattr(record, name) for name in _RECORD_INPUTS})
        if record.step == 5:
            initial["contacts"] = [m for m in (application.contact_1, application.contact_2) if m]
        elif record.step == 9:
            initial["introducers"] = [application.introducer_1, application.introducer_2]
        super().__init__(
            *args,
            step=record.step,
            allowed=[record.step],
            rule_set=application.rule_set,
            initial=initial,
            **kwargs,
        )
        del self.fields["step"]

    def service_arguments(self) -> dict[str, Any]:
        data = super().service_arguments()
        data.pop("reason", None)
        data.setdefault("note", "")
        return data


class VoidStepForm(forms.Form):
    """Voiding the last step needs only the reason."""

    reason = forms.CharField(
        label=_("reason for voiding"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=settings.DANGJIAN_TEXT_MAX_LENGTH,
    )
