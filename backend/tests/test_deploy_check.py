"""Production settings pass Django's deployment checklist with no warnings; the local default stays usable."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent


def _check_deploy(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "HTTPS"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BACKEND,
        env={**clean, "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path: Path) -> None:
    result = _check_deploy(
        {
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "music.example.com",
            "CSRF_TRUSTED_ORIGINS": "https://music.example.com",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_public_host_without_https_is_reported(tmp_path: Path) -> None:
    result = _check_deploy(
        {
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "music.example.com",
            "HTTPS": "0",
        },
        tmp_path,
    )

    assert result.returncode != 0
    for warning in ("security.W008", "security.W012", "security.W016", "security.W004"):
        assert warning in result.stderr


def test_https_without_a_secret_key_is_refused_at_start_up(tmp_path: Path) -> None:
    no_key = {"DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "music.example.com", "SECRET_KEY": ""}
    result = _check_deploy(no_key, tmp_path)
    print(f"\nHTTPS on, no SECRET_KEY: exit {result.returncode}")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set when HTTPS is on" in result.stderr

    explicit = _check_deploy({**no_key, "ALLOWED_HOSTS": "127.0.0.1", "HTTPS": "1"}, tmp_path)
    assert "ImproperlyConfigured: SECRET_KEY must be set when HTTPS is on" in explicit.stderr


def test_the_local_default_without_https_still_starts_without_a_secret_key(tmp_path: Path) -> None:
    result = _check_deploy({"SECRET_KEY": "", "ALLOWED_HOSTS": "127.0.0.1,localhost"}, tmp_path)
    assert "ImproperlyConfigured" not in result.stderr
    assert "System check identified" in result.stderr  # it started and checked (HTTPS is off: warnings)
