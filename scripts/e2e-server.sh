#!/usr/bin/env bash
# Serves the built app on 127.0.0.1:8765 (E2E_PORT) with a fresh database and media folder, for Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_DIR=${E2E_DIR:-/tmp/mag-e2e}
rm -rf "$E2E_DIR"
mkdir -p "$E2E_DIR/media"
export DATABASE_URL="sqlite:///$E2E_DIR/db.sqlite3"
export MEDIA_ROOT="$E2E_DIR/media"
export VAR_DIR="$E2E_DIR"
export DJANGO_DEBUG=0
export ALLOWED_HOSTS=127.0.0.1,localhost
E2E_PORT=${E2E_PORT:-8765}
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$E2E_PORT,http://localhost:$E2E_PORT"
# Mail (password resets) goes to files the browser tests read: $E2E_DIR/mail/*.log.
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
export EMAIL_FILE_PATH="$E2E_DIR/mail"
.venv/bin/python backend/manage.py migrate --noinput >/dev/null
cd backend
exec ../.venv/bin/gunicorn -c config/gunicorn.py -b "127.0.0.1:$E2E_PORT" --access-logfile /dev/null
