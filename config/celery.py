"""The Celery application; tasks are discovered in each app's ``tasks`` module."""

import os
import resource
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dangjian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_process_init.connect
def limit_pool_memory(**kwargs: Any) -> None:
    """Cap a pool process's memory at ``DANGJIAN_WORKER_MEMORY_LIMIT_MB``: a file that needs
    more raises ``MemoryError`` inside its task, which fails that job with a message, instead
    of the process growing until the kernel kills it (or the machine swaps)."""
    from django.conf import settings

    limit = settings.DANGJIAN_WORKER_MEMORY_LIMIT_MB
    if limit:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = limit * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
