"""Shared positions: overlapping bookings are refused at the edges (end = next start is allowed),
naming the booking in the way; any branch books any position; the calendar hides other
organizations' bookings' details; scope in the admin."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from merchants import bookings
from merchants.models import PositionBooking
from tests.conftest import World
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 6, day, hour, minute, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def position(world: World) -> Any:
    return PositionFactory(organization=world.branch_b, name="红色直播间")


def book(
    position: Any,
    organization: Any,
    start: datetime.datetime,
    end: datetime.datetime,
    actor: Any = None,
) -> PositionBooking:
    return bookings.booking_create(
        booking=PositionBooking(
            position=position,
            organization=organization,
            starts_at=start,
            ends_at=end,
            purpose="主题党日",
        ),
        actor=actor,
    )


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        (at(1, 8), at(1, 9), True),  # ends when the other starts
        (at(1, 11), at(1, 12), True),  # starts when the other ends
        (at(1, 8), at(1, 9, 1), False),  # one minute into it
        (at(1, 10, 59), at(1, 12), False),  # one minute before its end
        (at(1, 9, 30), at(1, 10), False),  # inside
        (at(1, 8), at(1, 12), False),  # around
        (at(1, 9), at(1, 11), False),  # the same slot
    ],
)
def test_overlaps_are_refused_at_the_edges(
    world: World, position: Any, start: datetime.datetime, end: datetime.datetime, allowed: bool
) -> None:
    book(position, world.branch_b, at(1, 9), at(1, 11))
    if allowed:
        assert book(position, world.branch_a, start, end).pk
        return
    with pytest.raises(ValidationError) as info:
        book(position, world.branch_a, start, end)
    assert info.value.error_list[0].code == "overlap"
    assert world.branch_b.name in str(info.value)
    assert "2026-06-01 09:00–11:00" in str(info.value)


def test_a_cancelled_booking_frees_its_slot_and_other_positions_are_independent(
    world: World, position: Any
) -> None:
    first = book(position, world.branch_b, at(2, 9), at(2, 11))
    assert book(PositionFactory(), world.branch_a, at(2, 9), at(2, 11)).pk
    bookings.booking_cancel(booking=first, actor=None)
    assert book(position, world.branch_a, at(2, 9), at(2, 11)).pk


def test_a_booking_ends_after_it_starts(world: World, position: Any) -> None:
    with pytest.raises(ValidationError):
        book(position, world.branch_a, at(3, 10), at(3, 10))


def test_a_secretary_books_another_branch_s_position_and_sees_the_refusal_in_the_form(
    world: World, position: Any
) -> None:
    book(position, world.branch_b, at(4, 9), at(4, 11))
    client = world.client("secretary_a")
    url = reverse("admin:merchants_positionbooking_add")
    data = {
        "position": position.pk,
        "organization": world.branch_a.pk,
        "starts_at_0": "2026-06-04",
        "starts_at_1": "10:00",
        "ends_at_0": "2026-06-04",
        "ends_at_1": "12:00",
        "purpose": "支部党员大会",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert world.branch_b.name in response.content.decode()
    data["starts_at_1"] = "11:00"
    assert client.post(url, data).status_code == 302
    assert PositionBooking.objects.filter(organization=world.branch_a).count() == 1
    data["organization"] = world.branch_b.pk  # not hers to book for
    data["starts_at_1"], data["ends_at_1"] = "13:00", "14:00"
    assert client.post(url, data).status_code == 200


def test_the_calendar_hides_other_organizations_bookings(world: World, position: Any) -> None:
    book(position, world.branch_b, at(1, 9), at(1, 11))
    book(position, world.branch_a, at(3, 14), at(3, 16))
    url = (
        reverse("admin:merchants_positionbooking_calendar", args=[position.pk]) + "?week=2026-06-03"
    )
    page = world.client("secretary_a").get(url).content.decode()
    assert "2026-06-03 14:00–16:00 · 一支部" in page
    assert "2026-06-01 09:00–11:00" in page
    assert "二支部（" not in page
    keeper = world.client("secretary_b").get(url).content.decode()
    assert "二支部（主题党日）" in keeper and "一支部（主题党日）" in keeper


def test_bookings_follow_scope(world: World, position: Any) -> None:
    mine = book(position, world.branch_a, at(5, 9), at(5, 10))
    other = book(PositionFactory(organization=world.branch_b), world.branch_b, at(5, 9), at(5, 10))
    client = world.client("secretary_a")
    assert (
        client.get(reverse("admin:merchants_positionbooking_change", args=[mine.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:merchants_positionbooking_change", args=[other.pk])).status_code
        == 404
    )
