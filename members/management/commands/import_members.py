"""``manage.py import_members FILE [--dry-run] [--branch CODE] [--user NAME]``."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from members import imports
from orgs import audit
from orgs.models import Organization


class Command(BaseCommand):
    help = "Import a party roster (.xlsx or .csv): every row or none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate only.")
        parser.add_argument("--branch", help="Organization code for rows that name none.")
        parser.add_argument(
            "--user", help="Import with this user's scope and as this user (default: unrestricted)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("zh-hans")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']!r}")
        branch = None
        if options["branch"]:
            branch = Organization.objects.filter(code=options["branch"]).first()
            if branch is None:
                raise CommandError(f"no organization with code {options['branch']!r}")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from None
        with audit.acting_as(user, name="command:import_members"):
            try:
                result = imports.roster_import(
                    data=data,
                    file_name=path.name,
                    actor=user,
                    scope_user=user,
                    default_branch=branch,
                    commit=not options["dry_run"],
                )
            except imports.ImportFileError as error:
                raise CommandError(str(error)) from None
        plan = result.plan
        if not plan.ok:
            for line in imports.format_report(plan.errors):
                self.stderr.write(line)
            raise CommandError(
                f"{plan.error_count} 处错误，未导入任何记录 / "
                f"{plan.error_count} errors, nothing imported."
            )
        verb = "已导入" if result.written else "校验通过（未写入）"
        self.stdout.write(
            f"{verb}: {plan.total} 行; 新增 {plan.created}, 更新 {plan.updated}, "
            f"未变 {plan.unchanged}"
        )
