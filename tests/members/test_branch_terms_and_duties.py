"""Terms and posts: the term's end reminded 6 months ahead and flagged once passed, the
organization size rules, posts scoped like the roster, and the branch duties in the
secretaries' one daily digest."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from members.branch_life import (
    branch_life,
    digest_lines,
    size_flags,
    terms_due_count,
)
from members.development_digest import development_digest_send
from members.models import PartyPost
from members.posts import party_post_start
from orgs import terms
from orgs.models import Organization
from tests.conftest import World
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
M = datetime.date


@pytest.mark.parametrize(
    ("end", "state"),
    [
        (M(2027, 6, 3), terms.TermState.CURRENT),
        (M(2027, 6, 2), terms.TermState.DUE),
        (M(2026, 12, 2), terms.TermState.DUE),
        (M(2026, 12, 1), terms.TermState.OVERDUE),
    ],
)
def test_a_term_is_reminded_six_months_ahead_and_flagged_once_ended(
    end: datetime.date, state: str
) -> None:
    assert terms.term_state(end, M(2026, 12, 1) + datetime.timedelta(days=1)) == state


def test_term_length_by_kind() -> None:
    assert terms.term_end_for(Organization.Kind.COMMITTEE, M(2021, 3, 1)) == M(2026, 3, 1)
    assert terms.term_end_for(Organization.Kind.BRANCH, M(2023, 11, 20)) == M(2026, 11, 20)
    assert terms.term_end_for(Organization.Kind.GENERAL_BRANCH, M(2024, 2, 29)) == M(2027, 2, 28)
    assert terms.term_end_for(Organization.Kind.PARTY_GROUP, M(2024, 1, 1)) is None


def test_size_rules() -> None:
    assert len(size_flags(members=2, full_members=2, has_committee=False)) == 1
    assert size_flags(members=8, full_members=7, has_committee=True) == []
    assert len(size_flags(members=8, full_members=6, has_committee=True)) == 1
    assert len(size_flags(members=51, full_members=40, has_committee=False)) == 1


def test_terms_due_are_counted_in_the_users_scope(world: World) -> None:
    world.branch_a.term_start, world.branch_a.term_end = M(2023, 11, 20), M(2026, 11, 20)
    world.branch_a.save()
    world.branch_b.term_start, world.branch_b.term_end = M(2023, 11, 20), M(2026, 11, 20)
    world.branch_b.save()
    assert terms_due_count(world.users["secretary_a"], M(2026, 12, 2)) == 1
    assert terms_due_count(world.users["staff"], M(2026, 12, 2)) == 2
    lines = digest_lines(world.users["secretary_a"], M(2026, 12, 2))
    assert any("2026-11-20" in line and world.branch_a.name in line for line in lines)
    assert not any(world.branch_b.name in line for line in lines)


def test_a_committee_with_fewer_than_seven_full_members_is_flagged(world: World) -> None:
    party_post_start(
        organization=world.branch_a,
        member=world.member_a,
        post=PartyPost.Post.PROPAGANDA,
        on=M(2024, 1, 1),
        actor=None,
    )
    row = branch_life([world.branch_a], M(2026, 12, 2))[0]
    assert any("7" in flag for flag in row.flags)
    with pytest.raises(ValidationError):
        party_post_start(
            organization=world.branch_a,
            member=world.member_b,
            post=PartyPost.Post.SECRETARY,
            on=M(2024, 1, 1),
            actor=None,
        )


def test_posts_are_scoped_like_the_roster(world: World) -> None:
    own = party_post_start(
        organization=world.branch_a,
        member=world.member_a,
        post=PartyPost.Post.SECRETARY,
        on=M(2024, 1, 1),
        actor=None,
    )
    other = party_post_start(
        organization=world.branch_b,
        member=world.member_b,
        post=PartyPost.Post.SECRETARY,
        on=M(2024, 1, 1),
        actor=None,
    )
    client = world.client("secretary_a")
    assert client.get(f"/admin/members/partypost/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/members/partypost/{other.pk}/change/").status_code == 404
    page = client.get("/admin/members/partypost/overview/").content.decode()
    assert world.branch_a.name in page and world.branch_b.name not in page


def test_branch_duties_ride_in_the_one_daily_digest(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    secretary = world.users["secretary_a"]
    secretary.email = "a@example.com"
    secretary.save()
    MemberFactory(branch=world.branch_a)  # nothing paid since 2015: six months and more
    today = M(2026, 12, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert development_digest_send(today=today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert development_digest_send(today=today) == 0
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "6" in body and world.branch_a.name in body and world.branch_b.name not in body
