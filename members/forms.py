"""Forms for the roster: the ID number and phone are entered in clear and stored encrypted."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Member


class MemberForm(forms.ModelForm[Member]):
    """Member form with the two encrypted fields as plain inputs.

    On a change form the ID number field is left empty: the stored number is only ever shown
    masked, and an empty field keeps it.
    """

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=30,
        required=False,
        help_text=_("18 characters; leave empty to keep the stored number."),
    )
    mobile = forms.CharField(label=_("mobile"), max_length=20, required=False)

    class Meta:
        model = Member
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "native_place",
            "education",
            "degree",
            "occupation",
            "address",
            "workplace_name",
            "workplace",
            "branch",
            "category",
            "admission_date",
            "full_membership_date",
            "status",
            "source",
            "party_posts",
            "lost_contact",
            "discipline_until",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["id_number"].label = _("correct the ID number")
            self.fields["id_number"].help_text = _(
                "Stored: %(masked)s. Leave empty to keep it, or enter a new number."
            ) % {"masked": self.instance.id_number_masked}
            self.fields["mobile"].initial = self.instance.mobile_masked
        else:
            self.fields["id_number"].required = True

    def clean_id_number(self) -> str:
        raw: str = self.cleaned_data["id_number"]
        if raw:
            self.instance.id_number = raw  # normalises; raises ValidationError with the reason
        return raw

    def clean_mobile(self) -> str:
        raw: str = self.cleaned_data["mobile"]
        if raw != self.instance.mobile_masked or not self.instance.pk:
            try:
                self.instance.mobile = raw
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return raw
