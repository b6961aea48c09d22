"""Teaches drf-spectacular about our session authentication (it documents as a cookie scheme)."""

from drf_spectacular.authentication import SessionScheme


class CsrfSessionScheme(SessionScheme):
    target_class = "core.authentication.CsrfSessionAuthentication"
