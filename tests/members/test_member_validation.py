"""Member rows: bad identifiers and inconsistent dates are refused with a Chinese reason and
nothing is saved; database constraints hold on SQLite and PostgreSQL alike."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from members.models import Member
from members.services import member_save
from orgs.models import Organization
from tests.factories import MemberFactory, make_id_number

pytestmark = pytest.mark.django_db


def build(branch: Organization, **overrides: object) -> Member:
    values: dict[str, object] = {
        "name": "张红",
        "gender": "F",
        "birth_date": datetime.date(1992, 4, 5),
        "branch": branch,
        "category": Member.Category.FULL,
        "admission_date": datetime.date(2018, 6, 30),
        "full_membership_date": datetime.date(2019, 6, 30),
    }
    values.update(overrides)
    member = Member(**values)
    member.id_number = make_id_number(datetime.date(1992, 4, 5), 124)
    return member


def refused(member: Member) -> dict[str, list[str]]:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        member_save(member=member, actor=None)
    assert Member.objects.count() == 0
    return error.value.message_dict


def test_valid_member_is_saved_encrypted(branch: Organization) -> None:
    member = member_save(member=build(branch), actor=None)
    stored = Member.objects.get(pk=member.pk)
    assert stored.id_number == make_id_number(datetime.date(1992, 4, 5), 124)
    assert stored.id_number_masked.startswith("371302") and "*" in stored.id_number_masked
    assert stored.id_number not in stored.id_number_cipher


def test_birth_date_must_match_id_number(branch: Organization) -> None:
    errors = refused(build(branch, birth_date=datetime.date(1992, 4, 6)))
    assert "出生日期" in errors["birth_date"][0]


def test_gender_must_match_id_number(branch: Organization) -> None:
    errors = refused(build(branch, gender="M"))
    assert "性别" in errors["gender"][0]


def test_admission_in_the_future_is_refused(branch: Organization) -> None:
    future = datetime.date.today() + datetime.timedelta(days=3)
    errors = refused(
        build(
            branch,
            category=Member.Category.PROBATIONARY,
            admission_date=future,
            full_membership_date=None,
        )
    )
    assert "admission_date" in errors


def test_admission_under_eighteen_is_refused(branch: Organization) -> None:
    errors = refused(build(branch, admission_date=datetime.date(2010, 4, 4)))
    assert "18" in errors["admission_date"][0]


def test_full_membership_before_admission_is_refused(branch: Organization) -> None:
    errors = refused(build(branch, full_membership_date=datetime.date(2018, 1, 1)))
    assert errors


def test_duplicate_id_number_is_refused(branch: Organization) -> None:
    member_save(member=build(branch), actor=None)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        member_save(member=build(branch, name="张红二"), actor=None)
    assert "id_number" in error.value.message_dict
    assert Member.objects.count() == 1


def test_database_refuses_full_member_without_full_date(branch: Organization) -> None:
    member = build(branch, full_membership_date=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_database_refuses_duplicate_id_hash(branch: Organization) -> None:
    first = MemberFactory(branch=branch)
    clone = build(branch)
    clone.id_number = first.id_number
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
