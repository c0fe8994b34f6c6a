"""Admin pages of roster imports: the upload, a job's progress, preview and result, the
template download, and the list of import jobs."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from members import imports, resources
from members.models import ImportJob
from orgs.admin_base import ScopedAdmin
from orgs.models import Organization
from orgs.scope import visible


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("roster file (.xlsx or .csv)"))
    default_branch = forms.ModelChoiceField(
        label=_("default branch"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Used for rows that name no party organization."),
    )


class RosterImportMixin(ImportExportMixin):  # type: ignore[misc]  # import-export is untyped
    """django-import-export's import and export for the member admin, with the roster's own
    import pages: our all-or-nothing service (:mod:`members.imports`) instead of its row loop,
    a template download and a page per import job."""

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "import/template/",
                view(self.import_template_view),
                name="members_member_import_template",
            ),
            path(
                "import/<int:job_id>/",
                view(self.import_job_view),
                name="members_member_import_job",
            ),
            *super().get_urls(),
        ]

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Upload a roster: the file is validated (in Celery when large) and previewed; nothing
        is written until the user confirms on the job page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        branches = visible(Organization.objects.all(), request.user)
        form.fields["default_branch"].queryset = branches  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            try:
                job = imports.import_job_create(
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                    default_branch=form.cleaned_data["default_branch"],
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return HttpResponseRedirect(
                    reverse("admin:members_member_import_job", args=[job.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import party members"),
            "opts": self.opts,
            "form": form,
            "headers": resources.HEADERS,
            "jobs": visible(ImportJob.objects.all(), request.user)[:10],
        }
        return TemplateResponse(request, "members/import.html", context)

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        raise Http404

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """A job's progress, preview (with the confirm button) or result (a failed job with the
        retry button); the notices are listed apart from the errors, and do not stand in the
        way of the confirm button."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = visible(ImportJob.objects.all(), request.user).filter(pk=job_id).first()
        if job is None:
            raise Http404
        if request.method == "POST" and "confirm" in request.POST:
            try:
                imports.import_job_confirm(job=job, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        if request.method == "POST" and "retry" in request.POST:
            try:
                imports.import_job_retry(job=job, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The import is running again."))
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import: %(file)s") % {"file": job.original_name},
            "opts": self.opts,
            "job": job,
            "report": imports.format_report(job.report[:1000]),
            "report_truncated": len(job.report) > 1000,
            "notices": imports.format_report(job.notices[:1000]),
            "notices_truncated": len(job.notices) > 1000,
        }
        return TemplateResponse(request, "members/import_job.html", context)

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            resources.template_bytes(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
        return response


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin[ImportJob]):
    """The user's own import jobs; each opens its progress or result page."""

    list_display = [
        "job_link",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "error_count",
        "notice_count",
        "attempts",
        "created_at",
    ]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("file name"))
    def job_link(self, obj: ImportJob) -> str:
        url = reverse("admin:members_member_import_job", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)
