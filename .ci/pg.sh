#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests.
#
#   .ci/pg.sh start   initdb into a temp dir, start on 127.0.0.1:<free port>, create database trato_test,
#                     print its URL on stdout (everything else goes to stderr):
#                       export TEST_DATABASE_URL="$(.ci/pg.sh start)"
#   .ci/pg.sh url     print the URL of the running cluster
#   .ci/pg.sh stop    stop the cluster and delete its directory (no-op when none is running)
#
# State lives in $TRATO_PG_STATE (default .ci/out/pg.state), so start and stop can be separate commands.
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` system user, or as
# `trato-ci` (created on demand) when there is no such user.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${TRATO_PG_STATE:-$ROOT/.ci/out/pg.state}"
DB_NAME=trato_test
DB_USER=trato

log() { echo "pg.sh: $*" >&2; }
die() { log "$*"; exit 1; }

find_bindir() {
  local initdb
  if [[ -n "${PG_BINDIR:-}" && -x "$PG_BINDIR/initdb" ]]; then echo "$PG_BINDIR"; return; fi
  # Newest installed major version.
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -z "$initdb" ]]; then
    initdb="$(command -v initdb || true)"
  fi
  [[ -n "$initdb" ]] || die "initdb not found (install Debian's postgresql package)"
  dirname "$initdb"
}

# Run a command as the (non-root) cluster owner.
as_owner() {
  if [[ "$OWNER" == "$(id -un)" ]]; then
    "$@"
  else
    runuser -u "$OWNER" -- "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cmd_start() {
  if [[ -f "$STATE" ]]; then
    # shellcheck disable=SC1090
    source "$STATE"
    if [[ -d "${PGDATA_DIR:-}" ]] && as_owner "$BINDIR/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
      log "already running on port $PORT"
      echo "$URL"
      return
    fi
    rm -f "$STATE"
  fi

  BINDIR="$(find_bindir)"
  if [[ "$(id -u)" == 0 ]]; then
    if id postgres >/dev/null 2>&1; then
      OWNER=postgres
    else
      id trato-ci >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin trato-ci
      OWNER=trato-ci
    fi
  else
    OWNER="$(id -un)"
  fi

  local base
  base="$(mktemp -d "${TMPDIR:-/tmp}/trato-pg.XXXXXX")"
  chmod 755 "$base"
  PGDATA_DIR="$base/data"
  mkdir -p "$PGDATA_DIR"
  [[ "$OWNER" == "$(id -un)" ]] || chown -R "$OWNER" "$base"

  log "initdb ($BINDIR, owner $OWNER) in $PGDATA_DIR"
  if ! as_owner "$BINDIR/initdb" -D "$PGDATA_DIR" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync >"$base/initdb.log" 2>&1; then
    cat "$base/initdb.log" >&2
    rm -rf "$base"
    die "initdb failed"
  fi
  # Only TCP from localhost, trust auth (throwaway cluster), speed over durability.
  cat >"$PGDATA_DIR/pg_hba.conf" <<'EOF'
local all all              trust
host  all all 127.0.0.1/32 trust
EOF
  cat >>"$PGDATA_DIR/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 128MB
log_min_messages = warning
EOF

  local attempt started=0
  for attempt in 1 2 3 4 5 6 7 8; do
    PORT=$((20000 + RANDOM % 30000))
    port_in_use "$PORT" && continue
    if as_owner "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -o "-p $PORT" -l "$base/server.log" -w -t 60 start >/dev/null 2>&1; then
      started=1
      break
    fi
    log "start on port $PORT failed (attempt $attempt):"
    tail -n 5 "$base/server.log" >&2 || true
  done
  if [[ "$started" != 1 ]]; then
    rm -rf "$base"
    die "could not start PostgreSQL"
  fi

  URL="postgres://$DB_USER@127.0.0.1:$PORT/$DB_NAME"
  mkdir -p "$(dirname "$STATE")"
  cat >"$STATE" <<EOF
BINDIR='$BINDIR'
OWNER='$OWNER'
BASE='$base'
PGDATA_DIR='$PGDATA_DIR'
PORT='$PORT'
URL='$URL'
EOF
  if ! "$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U "$DB_USER" "$DB_NAME" >&2; then
    cmd_stop
    die "createdb $DB_NAME failed"
  fi
  log "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($PGDATA_DIR)"
  echo "$URL"
}

cmd_stop() {
  if [[ ! -f "$STATE" ]]; then
    log "no cluster running"
    return 0
  fi
  # shellcheck disable=SC1090
  source "$STATE"
  if [[ -d "$PGDATA_DIR" ]]; then
    as_owner "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  # Only ever delete the directory this script created.
  case "$BASE" in
    */trato-pg.*) rm -rf "$BASE" ;;
  esac
  rm -f "$STATE"
  log "stopped and removed cluster on port $PORT"
}

cmd_url() {
  [[ -f "$STATE" ]] || die "no cluster running"
  # shellcheck disable=SC1090
  source "$STATE"
  echo "$URL"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
