"""Admin pages of the liaison app, by topic. The pages are thin: every write goes through
:mod:`liaison.services`.

* :mod:`~liaison.admin.officers` — officers, assignments and reassignment;
* :mod:`~liaison.admin.cases` — visits and enterprise cases, their transitions and figures;
* :mod:`~liaison.admin.meetings` — joint meetings, decisions and supervision notes.
"""

from liaison.admin import cases, meetings, officers

__all__ = ["cases", "meetings", "officers"]
