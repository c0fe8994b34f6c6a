"""Admin pages for the party roster."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from members.forms import MemberForm
from members.models import Member
from members.services import member_save
from orgs.identifiers import normalize_id_number


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin[Member]):
    form = MemberForm
    list_display = [
        "name",
        "gender",
        "id_number_masked",
        "branch",
        "category",
        "status",
        "occupation",
        "admission_date",
        "mobile_masked",
    ]
    list_filter = ["category", "status", "occupation", "education", "gender", "branch"]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "workplace"]
    list_select_related = ["branch"]
    readonly_fields = ["id_number_masked", "mobile_masked", "created_at", "updated_at"]
    date_hierarchy = "admission_date"
    fieldsets = [
        (
            _("Basic data"),
            {
                "fields": [
                    ("name", "gender", "ethnicity"),
                    ("id_number", "birth_date"),
                    ("mobile", "native_place"),
                    ("education", "degree"),
                    ("occupation", "workplace"),
                    "address",
                ]
            },
        ),
        (
            _("Party data"),
            {
                "fields": [
                    "branch",
                    ("category", "status", "source"),
                    ("admission_date", "full_membership_date"),
                    ("party_posts", "lost_contact"),
                    ("dues_standard", "dues_paid_to"),
                ]
            },
        ),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        """A full ID number in the search box finds its member through the blind index."""
        try:
            number = normalize_id_number(search_term)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(id_number_hash=Member.hash_id_number(number)), False

    def save_model(
        self, request: HttpRequest, obj: Member, form: ModelForm[Member], change: bool
    ) -> None:
        member_save(member=obj, actor=request.user)
