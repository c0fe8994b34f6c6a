"""The members demo's party posts: each branch's secretary, and in a branch with a committee
its propaganda and organization members, holding their posts since the current term began
(as the roster's 党内职务 says). A post already on file is left alone."""

from typing import Any

from members.demo.roster import MemberPlan
from members.models import Member, PartyPost
from members.posts import party_post_start
from orgs.models import Organization

POSTS = {
    "支部书记": PartyPost.Post.SECRETARY,
    "宣传委员": PartyPost.Post.PROPAGANDA,
    "组织委员": PartyPost.Post.ORGANIZATION,
}


def build_posts(
    plans: list[MemberPlan], members: list[Member], branches: list[Organization], actor: Any
) -> None:
    held = set(PartyPost.objects.values_list("organization_id", "member_id", "post"))
    for plan, member in zip(plans, members, strict=True):
        post = POSTS.get(plan.party_posts)
        branch = branches[plan.branch]
        if post is None or (branch.pk, member.pk, post) in held:
            continue
        assert branch.term_start is not None
        party_post_start(
            organization=branch,
            member=member,
            post=post,
            on=max(branch.term_start, plan.admission_date),
            actor=actor,
        )
