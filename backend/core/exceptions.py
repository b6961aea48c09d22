"""One family of user-facing errors and the handler that renders them as {"message", "extra"}."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

FIELDS_INVALID = "Some fields are not valid. Fix them and try again."
NOT_FOUND = "Not found."
THROTTLED = "You're doing this faster than we can take it. Please wait {seconds} s and try again."


class ApplicationError(Exception):
    """An error a user caused; rendered as a 4xx with a human message."""

    status_code = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    status_code = 404


class ConflictError(ApplicationError):
    """A request the object's current state refuses (409): not ready yet, nothing to undo, already done."""

    status_code = 409


class TooManyRequestsError(ApplicationError):
    """Fair use (429): the requester has more work pending than one may; `retry_after` in seconds."""

    status_code = 429

    def __init__(self, message: str, *, retry_after: int, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message, {"retry_after": retry_after, **(extra or {})})
        self.retry_after = retry_after


class ServiceUnavailableError(ApplicationError):
    """A service we depend on is away for now (503): nothing was changed; trying again later works."""

    status_code = 503


def _flatten(detail: Any) -> Any:
    """Turn DRF's nested ErrorDetail structures into plain strings/lists/dicts."""
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        return [_flatten(v) for v in detail]
    return str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        response = Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
        if isinstance(exc, TooManyRequestsError):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound(NOT_FOUND)
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if not isinstance(fields, dict):
            fields = {"non_field_errors": fields}
        response.data = {"message": FIELDS_INVALID, "extra": {"fields": fields}}
    elif isinstance(exc, drf_exceptions.Throttled):
        seconds = max(1, math.ceil(exc.wait or 1))
        response.data = {"message": THROTTLED.format(seconds=seconds), "extra": {"retry_after": seconds}}
        response["Retry-After"] = str(seconds)
    else:
        detail = exc.detail if isinstance(exc, drf_exceptions.APIException) else str(exc)
        response.data = {"message": str(detail), "extra": {}}
    return response


def not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for URLs no route matches: under /api/ the API's error shape, elsewhere the default."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": NOT_FOUND, "extra": {}}, status=404)
    return page_not_found(request, exception)
