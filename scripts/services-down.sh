#!/usr/bin/env bash
# Stops the loopback PostgreSQL and Redis that scripts/services-up.sh started (their data folders stay).
set -euo pipefail

SERVICES_DIR="${SERVICES_DIR:-/tmp/music-ai-services}"
REDIS_PORT="${REDIS_PORT:-56379}"

PGDATA="$SERVICES_DIR/pg"
if [[ -f "$PGDATA/postmaster.pid" ]]; then
  PG_CTL=$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$PG_CTL" -D "$PGDATA" -m fast stop >/dev/null || true
  else
    "$PG_CTL" -D "$PGDATA" -m fast stop >/dev/null || true
  fi
fi
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
echo "services-down: stopped" >&2
