"""Fair use: how often a requester, and an IP address, may start each kind of work.

A view names its kind of work in `throttle_scope` ("generate", "edit", "export"...); the rates per kind are
`settings.WORK_THROTTLE_RATES`. Both throttles run on every view (DRF's default throttle classes) and count
only the view's writes (or the methods it lists in `throttle_methods`): reading is never limited. Over a
rate, DRF answers 429 with Retry-After and core.exceptions words the message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class _WorkThrottle(SimpleRateThrottle):
    counts: str  # "requester" or "ip": which of a kind's two rates this throttle applies
    cache_format = "throttle:%(scope)s:%(ident)s"

    def __init__(self) -> None:  # the rate depends on the view: read in allow_request
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "throttle_scope", None)
        if scope is None or request.method not in getattr(view, "throttle_methods", WRITE_METHODS):
            return True
        self.scope = f"{scope}:{self.counts}"
        self.rate = settings.WORK_THROTTLE_RATES[scope][self.counts]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class RequesterWorkThrottle(_WorkThrottle):
    """Per signed-in user, else per anonymous session (else, before it has one, per IP address)."""

    counts = "requester"

    def get_cache_key(self, request: Request, view: Any) -> str:
        if request.user is not None and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        elif request.session.session_key:
            ident = f"session-{request.session.session_key}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class IpWorkThrottle(_WorkThrottle):
    """Per IP address, with higher rates: several people may share one (an office, a campus)."""

    counts = "ip"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
