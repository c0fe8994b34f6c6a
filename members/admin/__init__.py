"""Admin pages of the members app."""

from members.admin import roster  # noqa: F401
