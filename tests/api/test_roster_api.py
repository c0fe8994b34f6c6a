"""Roster operations through the API: import jobs (upload, preview, confirm) and transfers, with
the same validation and scope as the admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import ImportJob, Member, Transfer
from tests.api.conftest import MakeUser, World, client_for
from tests.factories import MemberFactory
from tests.members.test_roster_import_export import csv_bytes, row

pytestmark = pytest.mark.django_db


def upload(user: object, data: bytes, name: str = "roster.csv"):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        "/api/v1/member-imports/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
        format="multipart",
    )


def test_secretary_imports_into_own_branch(world: World, make_user: MakeUser) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    created = upload(user, csv_bytes([row(n, world.branch.code) for n in range(3)]))
    assert created.status_code == 201, created.json()
    job = created.json()
    assert job["status"]["code"] == "validated" and Member.objects.count() == 0
    confirmed = client_for(user).post(f"/api/v1/member-imports/{job['id']}/confirm/")
    assert confirmed.status_code == 200, confirmed.json()
    assert (
        client_for(user).get(f"/api/v1/member-imports/{job['id']}/").json()["status"]["code"]
        == "done"
    )
    assert Member.objects.filter(branch=world.branch).count() == 3


def test_import_with_a_bad_row_reports_it_and_writes_nothing(
    world: World, make_user: MakeUser
) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    bad = row(1, world.branch.code, 公民身份号码="371302197501020000")
    created = upload(user, csv_bytes([row(0, world.branch.code), bad]))
    job = created.json()
    assert job["status"]["code"] != "validated"
    assert job["error_count"] == 1 and "3" in str(job["report"])
    refused = client_for(user).post(f"/api/v1/member-imports/{job['id']}/confirm/")
    assert refused.status_code == 400
    assert Member.objects.count() == 0


def test_import_into_another_branch_is_refused(world: World, make_user: MakeUser) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    job = upload(user, csv_bytes([row(0, world.other_branch.code)])).json()
    assert job["status"]["code"] != "validated"
    assert Member.objects.count() == 0


def test_not_a_spreadsheet_gets_a_message(world: World, make_user: MakeUser) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    response = upload(user, b"\x89PNG\r\n\x1a\n\x00\x00", name="photo.xlsx")
    assert response.status_code in {201, 400}
    body = response.json()
    assert body.get("message") or body.get("file")
    assert Member.objects.count() == 0


def test_outsider_cannot_see_an_import_job(world: World, make_user: MakeUser) -> None:
    owner = make_user("branch_secretary", organization=world.branch)
    outsider = make_user("branch_secretary", organization=world.other_branch)
    job = upload(owner, csv_bytes([row(0, world.branch.code)])).json()
    assert client_for(outsider).get(f"/api/v1/member-imports/{job['id']}/").status_code == 404
    assert (
        client_for(outsider).post(f"/api/v1/member-imports/{job['id']}/confirm/").status_code == 404
    )
    assert ImportJob.objects.get(pk=job["id"]).status == "validated"


def test_secretary_issues_a_transfer_letter_for_own_member_only(
    world: World, make_user: MakeUser
) -> None:
    user = make_user("branch_secretary", organization=world.branch)
    own = MemberFactory(branch=world.branch)
    other = MemberFactory(branch=world.other_branch)
    payload = {
        "kind": "outgoing",
        "external_organization": "临沂市河东区某街道党工委",
        "letter_number": "鲁组转字第0001号",
        "issued_on": datetime.date.today().isoformat(),
        "in_city": True,
    }
    ok = client_for(user).post("/api/v1/transfers/", {**payload, "member": own.pk}, format="json")
    assert ok.status_code == 201, ok.json()
    assert ok.json()["state"]["code"] == "issued"
    refused = client_for(user).post(
        "/api/v1/transfers/",
        {**payload, "member": other.pk, "letter_number": "鲁组转字第0002号"},
        format="json",
    )
    assert refused.status_code == 400 and "member" in refused.json()
    assert Transfer.objects.count() == 1
    listed = client_for(user).get("/api/v1/transfers/").json()["results"]
    assert [t["id"] for t in listed] == [ok.json()["id"]]
