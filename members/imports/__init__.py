"""Roster import."""

from members.imports.validation import *  # noqa: F403
