"""How lists show a deadline and a long text: a coloured badge with words (超期 / 即将到期 /
正常) instead of a boolean icon, and a cell cut to one line with the full text on hover. The
styles are in ``config/static/config/lists.css``."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

OVERDUE, DUE, OK = "overdue", "due", "ok"
_WORDS = {OVERDUE: _("overdue"), DUE: _("due soon"), OK: _("on time")}


def deadline_badge(state: str | None) -> SafeString | str:
    """The badge of ``"overdue"``, ``"due"`` or ``"ok"``; a dash for a closed row (None)."""
    if state is None:
        return "—"
    return format_html('<span class="deadline-badge deadline-{}">{}</span>', state, _WORDS[state])


def truncated(text: object, width_em: int = 16) -> SafeString:
    """``text`` on one line at most ``width_em`` wide, the whole of it in the tooltip."""
    value = str(text or "")
    return format_html(
        '<span class="cell-truncate" style="max-width: {}em" title="{}">{}</span>',
        width_em,
        value,
        value or "—",
    )
