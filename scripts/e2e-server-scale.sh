#!/usr/bin/env bash
# scripts/e2e-server.sh on the scale-out stack: PostgreSQL (a fresh music_e2e_<port> database), JOBS_BACKEND=celery
# with a real Celery worker on Redis, gunicorn with 2 workers. Start it, then run Playwright outside CI
# (which reuses a server already listening): scripts/e2e-server-scale.sh & cd frontend && npx playwright test
set -euo pipefail
cd "$(dirname "$0")/.."
E2E_DIR=${E2E_DIR:-/tmp/mag-e2e}
E2E_PORT=${E2E_PORT:-8765}
# Per port: its own database on the shared PostgreSQL, and its own Redis server, so two checkouts' runs on
# one machine neither drop each other's database nor lose their broker when the fault tests of
# `make test-scale` shut the shared Redis down.
E2E_DB=${E2E_DB:-music_e2e_$E2E_PORT}
E2E_REDIS_PORT=${E2E_REDIS_PORT:-$((E2E_PORT + 48000))}
E2E_REDIS_DB=${E2E_REDIS_DB:-3}
rm -rf "$E2E_DIR"
mkdir -p "$E2E_DIR/media"
eval "$(REDIS_PORT=$E2E_REDIS_PORT REDIS_DIR="$E2E_DIR-redis" bash scripts/services-up.sh)"
admin="${DATABASE_URL%/*}/postgres"
admin="${admin/music:music@/postgres@}"
psql "$admin" -qc "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)" >/dev/null
psql "$admin" -qc "CREATE DATABASE $E2E_DB OWNER music" >/dev/null
export DATABASE_URL="${DATABASE_URL%/*}/$E2E_DB"
export CELERY_BROKER_URL="${CELERY_BROKER_URL%/*}/$E2E_REDIS_DB"
redis-cli -u "$CELERY_BROKER_URL" flushdb >/dev/null
# Both web workers count throttled requests in one place, as a deployment with several processes does.
export CACHE_URL="${CELERY_BROKER_URL%/*}/$((E2E_REDIS_DB + 1))"
redis-cli -u "$CACHE_URL" flushdb >/dev/null
export JOBS_BACKEND=celery MEDIA_ROOT="$E2E_DIR/media" VAR_DIR="$E2E_DIR" DJANGO_DEBUG=0
# One key for every process (web workers and Celery), as a deployment sets it: a session signed by one
# web process must read the same in the other.
SECRET_KEY=${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$E2E_PORT,http://localhost:$E2E_PORT"
export EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH="$E2E_DIR/mail"
# The worker imports this checkout's code, not the checkout an editable install of the shared virtualenv
# points at (as jobs/celery_pytest.py does; gunicorn's config/wsgi.py puts the checkout first itself).
export PYTHONPATH="$PWD/backend:$PWD${PYTHONPATH:+:$PYTHONPATH}"
.venv/bin/python backend/manage.py migrate --noinput >/dev/null
cd backend
../.venv/bin/celery -A config.celery worker -Q jobs,renders -c 2 --loglevel INFO >"$E2E_DIR/worker.log" 2>&1 &
worker=$!
trap 'kill -QUIT $worker 2>/dev/null || true; redis-cli -p "$E2E_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true' EXIT
../.venv/bin/gunicorn -c config/gunicorn.py -w 2 -b "127.0.0.1:$E2E_PORT" --access-logfile "${E2E_ACCESS_LOG:-/dev/null}" \
  --access-logformat "${E2E_ACCESS_FORMAT:-%(h)s %(t)s \"%(r)s\" %(s)s %(L)s}"
