"""Party posts (党内职务) held in an organization's committee, from when to when. The rules on
terms are :mod:`orgs.terms`; the organization checks :mod:`members.branch_life`."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models.roster import Member
from orgs.audit import AuditedModel


class PartyPost(AuditedModel):
    """One member holding one post (secretary, deputy secretary, committee member for
    organization, propaganda, discipline, …) in one organization, from ``started_on`` until
    ``ended_on`` (empty while held)."""

    class Post(models.TextChoices):
        SECRETARY = "secretary", _("secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        ORGANIZATION = "organization", _("organization member")
        PROPAGANDA = "propaganda", _("propaganda member")
        DISCIPLINE = "discipline", _("discipline member")
        YOUTH = "youth", _("youth member")
        WOMEN = "women", _("women's member")
        MEMBER = "member", _("committee member")
        GROUP_LEADER = "group_leader", _("party group leader")

    # Posts that make a committee: a branch with any of them has set up a committee.
    COMMITTEE_POSTS = frozenset(
        {
            Post.ORGANIZATION,
            Post.PROPAGANDA,
            Post.DISCIPLINE,
            Post.YOUTH,
            Post.WOMEN,
            Post.MEMBER,
        }
    )

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("party organization"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("party member"), on_delete=models.CASCADE, related_name="posts"
    )
    post = models.CharField(_("post"), max_length=20, choices=Post)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("party post")
        verbose_name_plural = _("party posts")
        ordering = ["organization__path", "post", "-started_on"]
        indexes = [
            models.Index(fields=["organization", "ended_on"], name="members_post_org_current")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="members_partypost_end_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_post_display()} {self.member}"
