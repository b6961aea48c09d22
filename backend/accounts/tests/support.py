"""A browser that signs up and logs in through allauth's headless API, CSRF included."""

from __future__ import annotations

from typing import Any

from django.test import Client

AUTH = "/api/auth/browser/v1"
PASSWORD = "a long tune 4 you"


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

    def sign_up(self, email: str, password: str = PASSWORD) -> Any:
        return self.send("post", f"{AUTH}/auth/signup", {"email": email, "password": password})

    def log_in(self, email: str, password: str = PASSWORD) -> Any:
        return self.send("post", f"{AUTH}/auth/login", {"email": email, "password": password})

    def log_out(self) -> Any:
        return self.send("delete", f"{AUTH}/auth/session")
