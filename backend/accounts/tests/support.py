"""A browser that signs up and logs in through allauth's headless API, CSRF included, and reads the
verification code from the mail it was sent."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

AUTH = "/api/auth/browser/v1"
PASSWORD = "a long tune 4 you"


def last_code_for(email: str) -> str:
    """The verification code in the newest message mailed to `email`."""
    for message in reversed(mail.outbox):
        if message.to == [email]:
            found = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.MULTILINE)
            assert found is not None, message.body
            return found.group(1)
    raise AssertionError(f"no mail to {email}: {[m.to for m in mail.outbox]}")


class Browser(Client):
    """A test client that checks CSRF like a real browser and sends the token like the SPA does."""

    def __init__(self) -> None:
        super().__init__(enforce_csrf_checks=True)
        self.get("/api/account")  # the SPA's first call sets the CSRF cookie

    def _token(self) -> dict[str, str]:
        return {"HTTP_X_CSRFTOKEN": self.cookies["csrftoken"].value}

    def send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self, method.lower())
        if body is None:
            return call(path, **self._token())
        return call(path, body, content_type="application/json", **self._token())

    def start_sign_up(self, email: str, password: str = PASSWORD) -> Any:
        """The sign-up form's answer: 401 with e-mail verification pending when it was taken."""
        return self.send("post", f"{AUTH}/auth/signup", {"email": email, "password": password})

    def verify(self, code: str) -> Any:
        return self.send("post", f"{AUTH}/auth/email/verify", {"key": code})

    def sign_up(self, email: str, password: str = PASSWORD) -> Any:
        """Sign up and type the code mailed to `email`: the answer of the step that fails, else of the
        verification (which logs in)."""
        started = self.start_sign_up(email, password)
        if started.status_code != 401:
            return started
        return self.verify(last_code_for(email))

    def log_in(self, email: str, password: str = PASSWORD) -> Any:
        return self.send("post", f"{AUTH}/auth/login", {"email": email, "password": password})

    def log_out(self) -> Any:
        return self.send("delete", f"{AUTH}/auth/session")
