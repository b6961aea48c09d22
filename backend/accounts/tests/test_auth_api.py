"""Sign-up, log-in, log-out, password change and reset through allauth's headless API, as the SPA uses it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client

from accounts.tests.support import AUTH, PASSWORD, Browser, last_code_for


def _pending(response: Any) -> list[str]:
    """The flows a 401 from allauth says are waiting (e.g. "verify_email")."""
    flows = response.json()["data"]["flows"]
    return [flow["id"] for flow in flows if flow.get("is_pending")]


@pytest.mark.django_db
def test_sign_up_mails_a_code_that_logs_in_and_log_out_ends_the_session() -> None:
    browser = Browser()

    started = browser.start_sign_up("ana@example.com")

    assert started.status_code == 401, started.content
    assert _pending(started) == ["verify_email"]
    assert browser.get("/api/account").json()["is_authenticated"] is False
    assert [m.to for m in mail.outbox] == [["ana@example.com"]]
    assert mail.outbox[0].subject.startswith("[Music AI Generator]")
    assert "Music AI Generator" in mail.outbox[0].body

    wrong = browser.verify("AAAA-AAAA")
    right = browser.verify(last_code_for("ana@example.com"))

    assert wrong.status_code == 400
    assert right.status_code == 200, right.content
    assert right.json()["meta"]["is_authenticated"] is True
    assert browser.get("/api/account").json() == {
        "is_authenticated": True,
        "email": "ana@example.com",
        "email_verified": True,
    }
    user = get_user_model().objects.get(email="ana@example.com")
    assert user.check_password(PASSWORD)

    logged_out = browser.log_out()

    assert logged_out.status_code == 401  # allauth: "no session any more"
    assert browser.get("/api/account").json() == {
        "is_authenticated": False,
        "email": None,
        "email_verified": False,
    }


@pytest.mark.django_db
def test_a_code_works_only_in_the_tab_that_signed_up_and_only_a_few_tries() -> None:
    browser = Browser()
    browser.start_sign_up("ana@example.com")
    code = last_code_for("ana@example.com")

    elsewhere = Browser().verify(code)
    tries = [browser.verify("AAAA-AAAA") for _ in range(3)]
    after_tries = browser.verify(code)

    assert elsewhere.status_code == 409  # no sign-up is waiting in that browser
    assert [t.status_code for t in tries] == [400, 400, 400]
    assert after_tries.status_code == 409  # three wrong codes end the sign-up: start again
    assert browser.get("/api/account").json()["is_authenticated"] is False


@pytest.mark.django_db
def test_sign_up_with_a_taken_email_answers_like_a_new_one_and_mails_the_owner() -> None:
    Browser().sign_up("ana@example.com")
    cache.clear()  # allauth allows one mail per address per 10 s; a prober comes later than that
    mail.outbox.clear()

    taken = Browser().start_sign_up("ana@example.com", "somebody else's guess")
    new = Browser().start_sign_up("bo@example.com")

    assert taken.status_code == new.status_code == 401
    assert _pending(taken) == _pending(new) == ["verify_email"]
    assert taken.json()["data"].keys() == new.json()["data"].keys()
    to_owner, to_new = mail.outbox
    assert to_owner.to == ["ana@example.com"]
    assert "already" in to_owner.subject.lower(), to_owner.subject
    assert re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", to_owner.body, re.MULTILINE) is None  # no code
    assert to_new.to == ["bo@example.com"]
    # Nothing was made or changed for the taken address.
    assert get_user_model().objects.filter(email="ana@example.com").count() == 1
    assert Browser().log_in("ana@example.com").status_code == 200


@pytest.mark.django_db
def test_sign_up_rejects_a_weak_password() -> None:
    weak = Browser().start_sign_up("bo@example.com", "12345678")

    assert weak.status_code == 400
    assert "password" in {e["param"] for e in weak.json()["errors"]}
    assert get_user_model().objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_account_made_before_verification_verifies_at_log_in() -> None:
    user = get_user_model().objects.create_user("ana", "ana@example.com", PASSWORD)
    browser = Browser()

    logged_in = browser.log_in("ana@example.com")

    assert logged_in.status_code == 401
    assert _pending(logged_in) == ["verify_email"]
    assert browser.get("/api/account").json()["is_authenticated"] is False
    verified = browser.verify(last_code_for("ana@example.com"))
    assert verified.status_code == 200, verified.content
    assert browser.get("/api/account").json()["email_verified"] is True
    assert EmailAddress.objects.get(user=user).verified


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
    mail.outbox.clear()
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


@pytest.mark.django_db
def test_a_reset_for_an_unknown_address_answers_like_a_known_one() -> None:
    Browser().sign_up("ana@example.com")
    mail.outbox.clear()

    known = Browser().send("post", f"{AUTH}/auth/password/request", {"email": "ana@example.com"})
    unknown = Browser().send("post", f"{AUTH}/auth/password/request", {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    to_known, to_unknown = mail.outbox
    assert "/account/reset/" in to_known.body
    assert to_unknown.to == ["nobody@example.com"]
    assert "/account/reset/" not in to_unknown.body  # it says no account uses the address
