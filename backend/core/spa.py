"""Serves the built React app's index.html for every non-API path (client-side routing)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

NONCE_PLACEHOLDER = b"__CSP_NONCE__"
FRONTEND_NOT_BUILT = (
    "<!doctype html><title>Music-AI-Generator</title>"
    "<p>The front end is not built yet. Run <code>make run</code> (or <code>make frontend</code>).</p>"
)


@require_GET
@ensure_csrf_cookie
def spa_index(request: HttpRequest) -> HttpResponse:
    index = settings.FRONTEND_DIST / "index.html"
    if not index.is_file():
        return HttpResponse(FRONTEND_NOT_BUILT, status=503)
    # The app reads the request's CSP nonce from its meta tag (core.csp) for the style tags it inserts.
    page = index.read_bytes().replace(NONCE_PLACEHOLDER, request.csp_nonce.encode())  # type: ignore[attr-defined]
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
