"""Run by :mod:`tests.members.test_roster_import_memory` in a child process: import one file
under an address-space cap and print the outcome and the peak resident memory as JSON.

``python -m tests.members.import_memory_child FILE CAP_MB`` with ``DATABASE_URL`` naming a
migrated database; the import runs in a transaction that is rolled back."""

import json
import os
import re
import resource
import sys
from pathlib import Path


def peak_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024  # type: ignore[index]


def main() -> None:
    path, cap_mb = Path(sys.argv[1]), int(sys.argv[2])
    cap = cap_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.utils import translation

    from members import imports
    from orgs.models import Organization

    settings.DEBUG = False  # as in production: no query log growing with the file
    data = path.read_bytes()
    outcome: dict[str, object] = {}
    with translation.override("zh-hans"), transaction.atomic():
        branch = Organization.objects.create(name="memory", code="MEMORY", kind="branch")
        try:
            result = imports.roster_import(
                data=data,
                file_name=path.name,
                actor=None,
                scope_user=None,
                default_branch=branch,
            )
        except imports.ImportFileError as error:
            outcome["refused"] = str(error)
        else:
            outcome.update(written=result.written, created=result.plan.created)
            if result.plan.errors:
                outcome["errors"] = result.plan.errors[:3]
        transaction.set_rollback(True)
    outcome["peak_mb"] = peak_mb()
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
