#!/usr/bin/env bash
# Ensure the CI backing services are up:
#   - PostgreSQL 15 on 127.0.0.1:5432 (trust auth, user postgres)
#   - Redis on 127.0.0.1:6379
# Installs the server packages with apt only if the binaries are missing,
# starts whatever is not answering, then waits (bounded) for both.
set -euo pipefail

# A mirror that stalls fails (and is retried) instead of holding the CI step.
APT_NET=(-o Acquire::http::Timeout=30 -o Acquire::Retries=3)

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
WAIT_SECONDS=${CI_SERVICE_WAIT_SECONDS:-30}
APT_STAMP=${TMPDIR:-/tmp}/intellio-ci-apt-update.stamp

log() { printf '[ensure-services] %s\n' "$*"; }
warn() { printf '[ensure-services] %s\n' "$*" >&2; }
die() { printf '[ensure-services] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
else
  SUDO=(sudo)
fi

# apt-get update at most once per hour across the CI helper scripts.
apt_update_once() {
  if [[ -n $(find "$APT_STAMP" -mmin -60 2>/dev/null) ]]; then
    return 0
  fi
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q "${APT_NET[@]}"
  touch "$APT_STAMP"
}

apt_install() {
  apt_update_once
  log "apt-get install $*"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q "${APT_NET[@]}" --no-install-recommends -o DPkg::Lock::Timeout=300 "$@"
}

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; }
redis_up() { [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

# --- 1. binaries -----------------------------------------------------------
missing=()
pg_installed_now=0
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ ! -x /usr/lib/postgresql/15/bin/postgres ]] \
  || ! command -v pg_isready >/dev/null 2>&1; then
  missing+=(postgresql-15)
  pg_installed_now=1
fi
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  missing+=(redis-server)
fi
if ((${#missing[@]} > 0)); then
  log "missing server binaries, installing: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# A freshly installed Debian cluster uses peer/scram auth; CI needs trust.
if ((pg_installed_now)); then
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [[ -f $hba ]] || continue
    if ! grep -Eq '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
      log "configuring trust auth for local connections in $hba"
      tmp_hba=$(mktemp)
      {
        echo 'local all all trust'
        echo 'host all all 127.0.0.1/32 trust'
        echo 'host all all ::1/128 trust'
        cat "$hba"
      } >"$tmp_hba"
      "${SUDO[@]}" cp "$tmp_hba" "$hba"
      rm -f "$tmp_hba"
      # Apply the new pg_hba if the package already started the cluster.
      if pg_up; then
        "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$(basename "$(dirname "$(dirname "$hba")")")" main reload || true
      fi
    fi
  done
fi

# --- 2. PostgreSQL ---------------------------------------------------------
if pg_up; then
  log "PostgreSQL already accepting connections on $PG_HOST:$PG_PORT"
else
  # pg_isready exit code 1 = server is starting up / rejecting: just wait.
  pg_state=0
  pg_isready -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1 || pg_state=$?
  if ((pg_state == 1)); then
    log "PostgreSQL is starting up; waiting"
  else
    [[ -d /etc/postgresql ]] || die "no /etc/postgresql directory: no PostgreSQL cluster configured"
    log "starting PostgreSQL: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
    if ! "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start; then
      log "WARNING: pg_ctlcluster start returned non-zero; will still wait for the server"
    fi
  fi
fi

# --- 3. Redis --------------------------------------------------------------
if redis_up; then
  log "Redis already answering PONG on $REDIS_HOST:$REDIS_PORT"
else
  log "starting Redis on $REDIS_HOST:$REDIS_PORT"
  "${SUDO[@]}" mkdir -p /var/lib/redis /var/log/redis
  if ! "${SUDO[@]}" redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
    --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log; then
    log "WARNING: redis-server returned non-zero; will still wait for the server"
  fi
fi

# --- 4. wait (bounded) -----------------------------------------------------
deadline=$((SECONDS + WAIT_SECONDS))
until pg_up && redis_up; do
  if ((SECONDS >= deadline)); then
    if ! pg_up; then
      warn "PostgreSQL NOT ready: $(pg_isready -h "$PG_HOST" -p "$PG_PORT" 2>&1 || true)"
      for pglog in /var/log/postgresql/postgresql-*-main.log; do
        if [[ -f $pglog ]]; then
          warn "tail of $pglog:"
          tail -n 20 "$pglog" >&2 || true
        fi
      done
    fi
    if ! redis_up; then
      warn "Redis NOT ready: $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>&1 || true)"
      if [[ -f /var/log/redis/ci.log ]]; then
        warn "tail of /var/log/redis/ci.log:"
        tail -n 20 /var/log/redis/ci.log >&2 || true
      fi
    fi
    die "services did not become ready within ${WAIT_SECONDS}s"
  fi
  sleep 1
done

# Trust auth check: CI connects as postgres without a password.
if ! PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atc 'SELECT 1' >/dev/null; then
  die "PostgreSQL is up but 'psql -h $PG_HOST -U postgres' failed without a password (trust auth expected)"
fi

log "PostgreSQL: $(psql -X -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atc 'SHOW server_version')"
log "Redis: $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" info server | tr -d '\r' | sed -n 's/^redis_version://p')"
log "services ready"
