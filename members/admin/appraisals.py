"""Admin pages of democratic appraisal: a branch's yearly appraisal with each member's grade
and the share of each grade, and the follow-ups the unqualified grades opened."""

from typing import Any

from django.contrib import admin
from django.db.models import Count
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from members.appraisals import grade_opened, shares
from members.models import Appraisal, AppraisalFollowUp, AppraisalGrade
from orgs.admin_base import ScopedAdmin, ScopedTabularInline


class GradeInline(ScopedTabularInline):
    model = AppraisalGrade
    extra = 3
    autocomplete_fields = ["member"]


@admin.register(Appraisal)
class AppraisalAdmin(ScopedAdmin[Appraisal]):
    list_display = ["branch", "year", "held_on", "grade_count"]
    list_filter = ["year"]
    search_fields = ["branch__name"]
    autocomplete_fields = ["branch"]
    list_select_related = ["branch"]
    inlines = [GradeInline]
    readonly_fields = ["grade_shares"]
    fields = ["branch", ("year", "held_on"), "summary", "grade_shares"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).annotate(graded=Count("grades"))

    @admin.display(description=_("members graded"), ordering="graded")
    def grade_count(self, obj: Any) -> int:
        return obj.graded  # type: ignore[no-any-return]

    @admin.display(description=_("share of each grade"))
    def grade_shares(self, obj: Appraisal) -> str:
        if not obj.pk:
            return "-"
        figures = shares(obj.grades.values_list("grade", flat=True))
        return format_html_join(
            "，",
            "{}：{}%",
            ((AppraisalGrade.Grade(grade).label, share) for grade, share in figures.items()),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        for row in form.instance.grades.all():
            grade_opened(row, form.instance.held_on)


@admin.register(AppraisalFollowUp)
class AppraisalFollowUpAdmin(ScopedAdmin[AppraisalFollowUp]):
    list_display = ["grade", "measure", "due_on", "closed_on"]
    list_select_related = ["grade__member", "grade__appraisal"]
    readonly_fields = ["grade"]
    search_fields = ["grade__member__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # opened by an unqualified grade
