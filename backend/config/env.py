"""Typed helpers that read settings from the environment and refuse bad values."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


_RATE_PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


def env_rate(name: str, default: str) -> str:
    """A request rate as DRF's throttles read it: "<count>/<second|minute|hour|day>" ("10/min" works)."""
    value = os.environ.get(name, default).strip()
    count, _, period = value.partition("/")
    if not (count.isdigit() and int(count) > 0 and period[:1] in _RATE_PERIODS):
        raise ImproperlyConfigured(f"{name} must be a rate such as 10/min or 100/hour, not {value!r}.")
    return value
