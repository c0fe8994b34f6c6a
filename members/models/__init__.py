"""The models of the members app, one module per topic; every model is importable from here
(``from members.models import Member``), as migrations and ``apps.get_model`` expect.

- :mod:`~members.models.roster`: members, their choice lists and status history.
- :mod:`~members.models.transfers`: transfers and mobile memberships.
- :mod:`~members.models.imports`: roster import jobs.
- :mod:`~members.models.development`: rule sets, applications, steps, documents, digests.
- :mod:`~members.models.dues`: dues standards and payments.
- :mod:`~members.models.meetings`: branch meetings, attendance, attachments.
- :mod:`~members.models.posts`: party posts held in organizations.
- :mod:`~members.models.appraisals`: democratic appraisals, grades, follow-ups.
- :mod:`~members.models.training`: training sessions and attendance (step 11's hours).
"""

# In the order the models were declared before the split, so that the app's model order (and
# with it the content types a new database creates) stays the same.
from members.models.roster import (
    Degree,
    Education,
    Ethnicity,
    Gender,
    HoldsIdNumber,
    Member,
    MemberStatusChange,
    Occupation,
)

# isort: split
from members.models.transfers import MobileMembership, Transfer

# isort: split
from members.models.imports import ImportJob

# isort: split
from members.models.development import (
    ALLOWED_DOCUMENT_TYPES,
    Application,
    DevelopmentDigest,
    DocumentKind,
    RuleSet,
    StepDocument,
    StepRecord,
    validate_document,
)

# isort: split
# Migration 0003 names the upload path by its place in the former single module.
from members.models.development import _document_path as _document_path
from members.models.dues import DuesPayment, DuesStandard

# isort: split
from members.models.meetings import BranchMeeting, MeetingAttachment, MeetingAttendance

# isort: split
from members.models.posts import PartyPost

# isort: split
from members.models.appraisals import Appraisal, AppraisalFollowUp, AppraisalGrade

# isort: split
from members.models.training import TrainingAttendance, TrainingSession

__all__ = [
    "ALLOWED_DOCUMENT_TYPES",
    "Application",
    "Appraisal",
    "AppraisalFollowUp",
    "AppraisalGrade",
    "BranchMeeting",
    "Degree",
    "DevelopmentDigest",
    "DocumentKind",
    "DuesPayment",
    "DuesStandard",
    "Education",
    "Ethnicity",
    "Gender",
    "HoldsIdNumber",
    "ImportJob",
    "MeetingAttachment",
    "MeetingAttendance",
    "Member",
    "MemberStatusChange",
    "MobileMembership",
    "Occupation",
    "PartyPost",
    "RuleSet",
    "StepDocument",
    "StepRecord",
    "TrainingAttendance",
    "TrainingSession",
    "Transfer",
    "validate_document",
]
