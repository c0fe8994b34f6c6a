"""The rules of membership development (DESIGN.md §4), as data and pure functions.

``STEPS`` (:mod:`~members.rules.steps`) is the one table of the 25 steps: stage, name, who
records each, whether it repeats and which of the national handbook's forms belong to it.
:func:`blocks` (:mod:`~members.rules.blocking`) lists what forbids a step on a date (blocking
rules: order, age, minimum intervals, notices, training, introducers, votes, probation);
:func:`progress` (:mod:`~members.rules.history`) derives an application's stage, next step and
nearest deadline (deadline rules: talk, assessment, admission meeting, approval, conversion)
from its recorded steps; :mod:`~members.rules.standing` tells how a member stood on a past
date (full, in good standing, under discipline, in which branch), so that back-dated steps are
judged as of their date. The parameters come from the application's
:class:`~members.models.RuleSet`.

Nothing here writes; :mod:`members.development` calls these functions and refuses or saves.
"""

from members.rules.blocking import Block, blocks, notice_runs_until
from members.rules.history import (
    DUE_WINDOW_DAYS,
    History,
    Progress,
    allowed_steps,
    deadline_state,
    deadlines,
    outcome,
    probation_end,
    progress,
    training_complete,
)
from members.rules.standing import (
    IN_GOOD_STANDING,
    branch_on,
    full_member_on,
    may_sponsor_on,
    status_on,
)
from members.rules.steps import (
    APPLICANT,
    BRANCH,
    COMMITTEE,
    COMMITTEE_STEPS,
    GRASSROOTS,
    SIGNED_STEPS,
    STEPS,
    VOTE_STEPS,
    Step,
    is_committee_staff,
    member_under_discipline,
    notice_steps,
    step_inputs,
    step_label,
)

__all__ = [
    "APPLICANT",
    "BRANCH",
    "COMMITTEE",
    "COMMITTEE_STEPS",
    "DUE_WINDOW_DAYS",
    "GRASSROOTS",
    "IN_GOOD_STANDING",
    "SIGNED_STEPS",
    "STEPS",
    "VOTE_STEPS",
    "Block",
    "History",
    "Progress",
    "Step",
    "allowed_steps",
    "blocks",
    "branch_on",
    "deadline_state",
    "deadlines",
    "full_member_on",
    "is_committee_staff",
    "may_sponsor_on",
    "member_under_discipline",
    "notice_runs_until",
    "notice_steps",
    "outcome",
    "probation_end",
    "progress",
    "status_on",
    "step_inputs",
    "step_label",
    "training_complete",
]
