"""Content-Security-Policy on every response: scripts and styles only from this origin, or inline ones
that carry the request's nonce; nothing from anywhere else.

`request.csp_nonce` is a fresh random value per request: the SPA's index.html hands it to the app (which
gives it to the style tags Mantine inserts) and the server-rendered pages put it on their own tags. A view
that sets its own policy (an SVG cover) keeps it; a page that may be framed anywhere (the share embed,
marked with `xframe_options_exempt`) gets `frame-ancestors *` instead of `'none'`."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def content_security_policy(nonce: str, *, framed_anywhere: bool = False) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": f"'self' 'nonce-{nonce}'",
        "img-src": "'self' data: blob:",
        "media-src": "'self' blob:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "*" if framed_anywhere else "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if HEADER not in response:
            framed = bool(getattr(response, "xframe_options_exempt", False))
            response[HEADER] = content_security_policy(nonce, framed_anywhere=framed)
        return response
