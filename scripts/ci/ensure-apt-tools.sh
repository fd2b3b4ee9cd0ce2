#!/usr/bin/env bash
# Install the OS tools the test suite needs, only if they are missing:
#   chromium (headless browser), poppler-utils (pdftotext), tesseract-ocr + English and Korean (OCR of
#   scanned PDFs), fonts-nanum (a Hangul font: the Korean OCR test draws its scanned page with Chromium, and it
#   is what that test was tuned with), fonts-noto-cjk (57 MB: the web app's Korean screenshots and overflow
#   checks render Hangul in Noto Sans CJK KR, the font Korean users of Chromium see), postgresql-client-15
#   (pg_dump / pg_restore).
set -euo pipefail

# A mirror that stalls fails (and is retried) instead of holding the CI step.
APT_NET=(-o Acquire::http::Timeout=30 -o Acquire::Retries=3)

APT_STAMP=${TMPDIR:-/tmp}/intellio-ci-apt-update.stamp

log() { printf '[ensure-apt-tools] %s\n' "$*"; }

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
else
  SUDO=(sudo)
fi

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[[ -n $(find /usr/share/tesseract-ocr -name eng.traineddata 2>/dev/null | head -n 1) ]] || missing+=(tesseract-ocr-eng)
[[ -n $(find /usr/share/tesseract-ocr -name kor.traineddata 2>/dev/null | head -n 1) ]] || missing+=(tesseract-ocr-kor)
[[ -n $(fc-list :lang=ko family 2>/dev/null | grep -i nanum | head -n 1) ]] || missing+=(fonts-nanum)
[[ -n $(fc-list :lang=ko family 2>/dev/null | grep -i 'noto sans cjk' | head -n 1) ]] || missing+=(fonts-noto-cjk)
if [[ ! -x /usr/lib/postgresql/15/bin/pg_dump || ! -x /usr/lib/postgresql/15/bin/pg_restore ]] \
  || ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then
  missing+=(postgresql-client-15)
fi

if ((${#missing[@]} > 0)); then
  if [[ -z $(find "$APT_STAMP" -mmin -60 2>/dev/null) ]]; then
    log "apt-get update"
    "${SUDO[@]}" apt-get update -q "${APT_NET[@]}"
    touch "$APT_STAMP"
  fi
  log "installing: ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q "${APT_NET[@]}" --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
else
  log "all tools present; nothing to install"
fi

# stderr dropped: Debian's /etc/chromium.d/dev-shm can print a harmless
# "[: unexpected operator" when /dev/shm has stacked mounts.
log "chromium:   $(chromium --version 2>/dev/null | head -n 1 || true)"
log "pdftotext:  $(pdftotext -v 2>&1 | head -n 1 || true)"
log "tesseract:  $(tesseract --version 2>&1 | head -n 1 || true); languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ' || true)"
log "hangul fonts: $(fc-list :lang=ko family 2>/dev/null | grep -Eio 'nanumgothic|noto sans cjk kr' | sort -u | tr '\n' ' ' || true)"
log "pg_dump:    $(pg_dump --version 2>&1 | head -n 1)"
log "pg_restore: $(pg_restore --version 2>&1 | head -n 1)"
