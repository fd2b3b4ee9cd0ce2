#!/usr/bin/env bash
# npm ci that cannot hang CI: each attempt has a time budget, and a stalled or failed attempt is retried.
# --prefer-offline takes every tarball the npm cache already holds (all of them on a machine that has
# installed this lockfile before) without asking the registry again; short fetch timeouts make a stalled
# registry connection fail fast and be retried by npm itself. When an attempt is stopped, the tail of npm's
# own debug log says what it was waiting for.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ATTEMPTS=${NPM_INSTALL_ATTEMPTS:-3}
BUDGET_S=${NPM_INSTALL_BUDGET_S:-420}
LOG_DIR=$(npm config get cache 2>/dev/null || echo "$HOME/.npm")/_logs

log() { printf '[npm-install] %s\n' "$*"; }

for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
  marker=$(mktemp)
  log "attempt ${attempt}/${ATTEMPTS}: npm ci (budget ${BUDGET_S}s)"
  timeout --kill-after=20 "$BUDGET_S" \
    npm ci --no-audit --no-fund --prefer-offline \
      --fetch-timeout=60000 --fetch-retries=4 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=20000
  rc=$?
  if ((rc == 0)); then
    rm -f "$marker"
    exit 0
  fi
  if ((rc == 124 || rc == 137)); then
    log "attempt ${attempt} still running after ${BUDGET_S}s; stopped"
  else
    log "attempt ${attempt} failed (exit ${rc})"
  fi
  debug_log=$(find "$LOG_DIR" -maxdepth 1 -name '*-debug-*.log' -newer "$marker" 2>/dev/null | sort | tail -n 1)
  rm -f "$marker"
  if [[ -n $debug_log ]]; then
    log "last lines of ${debug_log}:"
    tail -n 25 "$debug_log" | sed 's/^/    /'
  fi
  ((attempt < ATTEMPTS)) && sleep $((attempt * 5))
done
log "npm ci did not succeed in ${ATTEMPTS} attempts"
exit 1
