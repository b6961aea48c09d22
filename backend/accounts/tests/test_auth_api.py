"""Sign-up, log-in, log-out, password change and reset through allauth's headless API, as the SPA uses it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from accounts.tests.support import AUTH, PASSWORD, Browser


@pytest.mark.django_db
def test_sign_up_logs_in_and_log_out_ends_the_session() -> None:
    browser = Browser()

    signed_up = browser.sign_up("ana@example.com")

    assert signed_up.status_code == 200, signed_up.content
    assert signed_up.json()["meta"]["is_authenticated"] is True
    assert browser.get("/api/account").json() == {"is_authenticated": True, "email": "ana@example.com"}
    user = get_user_model().objects.get(email="ana@example.com")
    assert user.check_password(PASSWORD)

    logged_out = browser.log_out()

    assert logged_out.status_code == 401  # allauth: "no session any more"
    assert browser.get("/api/account").json() == {"is_authenticated": False, "email": None}


@pytest.mark.django_db
def test_log_in_with_the_right_password_only() -> None:
    Browser().sign_up("ana@example.com")
    browser = Browser()

    wrong = browser.log_in("ana@example.com", "not the password")
    right = browser.log_in("ana@example.com")

    assert wrong.status_code == 400
    assert browser.get("/api/account").json()["email"] == "ana@example.com"
    assert right.status_code == 200


@pytest.mark.django_db
def test_sign_up_rejects_a_taken_email_and_a_weak_password() -> None:
    Browser().sign_up("ana@example.com")

    taken = Browser().sign_up("ana@example.com")
    weak = Browser().sign_up("bo@example.com", "12345678")

    assert taken.status_code == 400
    assert "email" in {e["param"] for e in taken.json()["errors"]}
    assert weak.status_code == 400
    assert "password" in {e["param"] for e in weak.json()["errors"]}
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_auth_writes_need_the_csrf_token() -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get("/api/account")

    response = browser.post(
        f"{AUTH}/auth/signup",
        {"email": "ana@example.com", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_password_change_needs_the_current_password() -> None:
    browser = Browser()
    browser.sign_up("ana@example.com")

    wrong = browser.send(
        "post", f"{AUTH}/account/password/change", {"current_password": "nope", "new_password": "x" * 3}
    )
    changed = browser.send(
        "post",
        f"{AUTH}/account/password/change",
        {"current_password": PASSWORD, "new_password": "another fine melody"},
    )

    assert wrong.status_code == 400
    assert changed.status_code == 200, changed.content
    assert Browser().log_in("ana@example.com", "another fine melody").status_code == 200
    assert Browser().log_in("ana@example.com").status_code == 400


@pytest.mark.django_db
def test_password_reset_by_the_link_in_the_email() -> None:
    Browser().sign_up("ana@example.com")
    browser = Browser()

    requested = browser.send("post", f"{AUTH}/auth/password/request", {"email": "ana@example.com"})

    assert requested.status_code == 200
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    link = re.search(r"https?://\S+/account/reset/(\S+)", message.body)
    assert link is not None, message.body
    key = link.group(1)

    bad = browser.send(
        "post", f"{AUTH}/auth/password/reset", {"key": "forged-key", "password": "whatever 123 x"}
    )
    reset = browser.send(
        "post", f"{AUTH}/auth/password/reset", {"key": key, "password": "a brand new song 7"}
    )

    assert bad.status_code == 400
    assert reset.status_code in (200, 401), reset.content  # 401: reset done, log in next
    assert Browser().log_in("ana@example.com", "a brand new song 7").status_code == 200
    assert Browser().log_in("ana@example.com").status_code == 400


@pytest.mark.django_db
def test_failed_log_ins_are_throttled() -> None:
    Browser().sign_up("ana@example.com")
    browser = Browser()

    answers = [browser.log_in("ana@example.com", f"guess {n}") for n in range(6)]
    right_password = browser.log_in("ana@example.com")

    codes = [{e["code"] for e in a.json()["errors"]} for a in answers]
    assert codes[:5] == [{"email_password_mismatch"}] * 5, codes
    assert codes[5] == {"too_many_login_attempts"}
    assert right_password.status_code == 400  # even the right password waits
    assert {e["code"] for e in right_password.json()["errors"]} == {"too_many_login_attempts"}
    assert browser.get("/api/account").json()["is_authenticated"] is False
