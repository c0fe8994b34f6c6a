"""Membership development rules."""

from members.rules.blocking import *  # noqa: F403
