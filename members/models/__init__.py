"""The models of the members app."""

from members.models.roster import *  # noqa: F403
from members.models.roster import _document_path, validate_document  # noqa: F401
