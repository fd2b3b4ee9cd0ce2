#!/usr/bin/env bash
# Make the pgvector extension available to the PostgreSQL 15 server.
# Bookworm only ships an old pgvector, so when it is missing we build 0.8.x
# from the Debian trixie source package against the PG 15 server headers.
# Cache: the build is skipped when vector.control is already installed.
set -euo pipefail

# A mirror that stalls fails (and is retried) instead of holding the CI step.
APT_NET=(-o Acquire::http::Timeout=30 -o Acquire::Retries=3)

PG_MAJOR=15
PG_CONFIG=/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config
CONTROL_FILE=/usr/share/postgresql/${PG_MAJOR}/extension/vector.control
TRIXIE_SRC_LIST=/etc/apt/sources.list.d/trixie-src.sources
DEBIAN_SOURCES=/etc/apt/sources.list.d/debian.sources
PG_HOST=127.0.0.1
PG_PORT=5432
CHECK_DB=pgvector_check
APT_STAMP=${TMPDIR:-/tmp}/intellio-ci-apt-update.stamp

log() { printf '[ensure-pgvector] %s\n' "$*"; }
die() { printf '[ensure-pgvector] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
else
  SUDO=(sudo)
fi

apt_update() {
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q "${APT_NET[@]}"
  touch "$APT_STAMP"
}

build_pgvector() {
  local start=$SECONDS

  # 1. deb-src entry for trixie (same mirror as the main Debian entry).
  local need_update=0
  if [[ ! -f $TRIXIE_SRC_LIST ]]; then
    local uri=""
    if [[ -f $DEBIAN_SOURCES ]]; then
      # First URIs: line that is not the security mirror.
      uri=$(awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' "$DEBIAN_SOURCES")
    fi
    uri=${uri:-http://deb.debian.org/debian}
    log "adding $TRIXIE_SRC_LIST (deb-src $uri trixie main)"
    local tmp_list
    tmp_list=$(mktemp)
    cat >"$tmp_list" <<SOURCES
Types: deb-src
URIs: $uri
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    "${SUDO[@]}" install -m 0644 "$tmp_list" "$TRIXIE_SRC_LIST"
    rm -f "$tmp_list"
    need_update=1
  fi
  # The trixie Sources index must be present; otherwise (re)fetch indexes.
  if ! compgen -G '/var/lib/apt/lists/*_dists_trixie_main_source_Sources*' >/dev/null; then
    need_update=1
  fi
  if [[ -z $(find "$APT_STAMP" -mmin -60 2>/dev/null) ]]; then
    need_update=1
  fi
  if ((need_update)); then
    apt_update
  fi

  # 2. build dependencies.
  log "apt-get install postgresql-server-dev-${PG_MAJOR} build-essential"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q "${APT_NET[@]}" -o DPkg::Lock::Timeout=300 "postgresql-server-dev-${PG_MAJOR}" build-essential
  [[ -x $PG_CONFIG ]] || die "$PG_CONFIG not found after installing postgresql-server-dev-${PG_MAJOR}"

  # 3. fetch + build + install.
  local workdir
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/pgvector-build.XXXXXX")
  # apt-get source as root downloads as user _apt; let it write here
  # (avoids the "Download is performed unsandboxed as root" warning).
  chmod 0755 "$workdir"
  if id _apt >/dev/null 2>&1; then
    "${SUDO[@]}" chown _apt "$workdir"
  fi
  # shellcheck disable=SC2064 # expand $workdir now
  trap "rm -rf '$workdir'" EXIT
  log "apt-get source pgvector (trixie) in $workdir"
  (cd "$workdir" && apt-get source -q "${APT_NET[@]}" pgvector/trixie)
  local srcdir
  srcdir=$(find "$workdir" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  [[ -n $srcdir && -f $srcdir/Makefile ]] || die "pgvector source tree not found in $workdir"
  log "building $(basename "$srcdir") against $("$PG_CONFIG" --version)"
  make -C "$srcdir" -j"$(nproc 2>/dev/null || echo 2)" PG_CONFIG="$PG_CONFIG"
  "${SUDO[@]}" make -C "$srcdir" install PG_CONFIG="$PG_CONFIG"
  [[ -f $CONTROL_FILE ]] || die "make install did not produce $CONTROL_FILE"
  log "pgvector built and installed in $((SECONDS - start))s"
}

if [[ -f $CONTROL_FILE ]]; then
  log "pgvector already installed ($CONTROL_FILE, $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$CONTROL_FILE")); skipping build"
else
  build_pgvector
fi

# Verify the running server can actually load it (scratch database).
psql_pg() { PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@"; }
pg_isready -q -h "$PG_HOST" -p "$PG_PORT" \
  || die "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT (run scripts/ci/ensure-services.sh first)"
psql_pg -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $CHECK_DB" -c "CREATE DATABASE $CHECK_DB"
verify_rc=0
version=$(psql_pg -d "$CHECK_DB" -At \
  -c "CREATE EXTENSION IF NOT EXISTS vector" \
  -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'" \
  -c "SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector") || verify_rc=$?
psql_pg -d postgres -c "SET client_min_messages = warning" \
  -c "DROP DATABASE IF EXISTS $CHECK_DB" || true
((verify_rc == 0)) || die "CREATE EXTENSION vector failed on $PG_HOST:$PG_PORT"
log "pgvector OK: extversion $(sed -n 1p <<<"$version"), distance check $(sed -n 2p <<<"$version")"
