#!/usr/bin/env bash
# npm audit of production dependencies: fails on high/critical advisories. If the registry's audit endpoint
# cannot be reached (offline CI, a proxy that refuses the bulk POST), it says so loudly and does not fail:
# an unreachable service is not a clean bill of health, but it must not block every build either.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# Bounded: a registry that accepts the connection and then stalls must not hold the build.
out=$(timeout --kill-after=10 60 npm audit --omit=dev --audit-level=high --json --fetch-timeout=30000 --fetch-retries=1 2>/dev/null)
rc=$?
if ((rc == 124 || rc == 137)); then
  echo "WARNING: npm audit got no answer from the registry within 60s; not failing the build. Run it where the registry is reachable." >&2
  exit 0
fi
summary=$(printf '%s' "$out" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    let j; try { j = JSON.parse(s); } catch { console.log("unreadable"); return; }
    const v = j.metadata && j.metadata.vulnerabilities;
    if (v) { console.log(`counts info=${v.info} low=${v.low} moderate=${v.moderate} high=${v.high} critical=${v.critical}`); return; }
    console.log(`unavailable ${j.statusCode || ""} ${j.message || (j.error && j.error.summary) || "no audit report"}`.trim());
  });')

case "$summary" in
  counts*)
    echo "npm audit (production dependencies): ${summary#counts }"
    if ((rc != 0)); then
      timeout 60 npm audit --omit=dev --audit-level=high 2>/dev/null | tail -40
      echo "npm audit: high or critical advisories in production dependencies" >&2
      exit 1
    fi
    ;;
  *)
    echo "WARNING: npm audit could not get a report (${summary}); not failing the build. Run it where the registry is reachable." >&2
    ;;
esac
exit 0
