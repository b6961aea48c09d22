#!/usr/bin/env bash
# Scale-out services on loopback for tests and local runs: PostgreSQL and Redis, each with its own data folder.
# Idempotent: installs what is missing (Debian packages), starts what is down, leaves running ones alone.
# Prints the environment that points the app at them (eval "$(scripts/services-up.sh)").
set -euo pipefail

SERVICES_DIR="${SERVICES_DIR:-/tmp/music-ai-services}"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
PG_DB="${PG_DB:-music}"
PG_USER="${PG_USER:-music}"

log() { echo "services-up: $*" >&2; }

need_apt=()
PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do
  [[ -x "$dir/pg_ctl" ]] && PG_BIN="$dir"
done
[[ -n "$PG_BIN" ]] || need_apt+=(postgresql)
command -v redis-server >/dev/null || need_apt+=(redis-server)
if ((${#need_apt[@]})); then
  log "installing ${need_apt[*]}"
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
  "${SUDO[@]}" apt-get update -qq >&2
  # The packages' own init scripts must not start system-wide servers.
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq "${need_apt[@]}" >&2
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/pg_ctl" ]] && PG_BIN="$dir"
  done
fi

mkdir -p "$SERVICES_DIR"
chmod 755 "$SERVICES_DIR"

# PostgreSQL refuses to run as root: as root, run it as the postgres user.
PGDATA="$SERVICES_DIR/pg"
if [[ $(id -u) -eq 0 ]]; then
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
if [[ ! -f "$PGDATA/PG_VERSION" ]]; then
  log "initialising PostgreSQL in $PGDATA"
  mkdir -p "$PGDATA"
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$PGDATA"
  as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    >/dev/null
fi
psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" ]]; then
  psql_admin -c "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_USER'" >/dev/null
fi
if [[ -z "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" ]]; then
  psql_admin -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
fi

# Redis: no persistence (the broker's messages live while it runs; tests stop and start it on purpose).
REDIS_DIR="${REDIS_DIR:-$SERVICES_DIR/redis}"
mkdir -p "$REDIS_DIR"
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --save "" --appendonly no \
    --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
fi

echo "export DATABASE_URL=postgres://$PG_USER:$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"
echo "export REDIS_PORT=$REDIS_PORT"
