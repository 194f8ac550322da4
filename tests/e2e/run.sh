#!/usr/bin/env bash
# Browser tests of the web client against the real server.
#   BARERTC_BINARY  server binary (default: build/barertc under the repository root)
#   CHROMIUM_PATH   browser (default: /usr/bin/chromium)
#   TURNSERVER_PATH coturn, for turn.test.mjs (default: /usr/bin/turnserver)
# The client must be built first (cd web && npm run build). Screenshots go to artifacts/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export BARERTC_BINARY="${BARERTC_BINARY:-build/barertc}"
case "$BARERTC_BINARY" in
  /*) binary="$BARERTC_BINARY" ;;
  *) binary="$root/$BARERTC_BINARY" ;;
esac

export BARERTC_BINARY="$binary"

if [[ ! -x "$binary" ]]; then
  echo "e2e: server binary not found: $binary (build it, or set BARERTC_BINARY)" >&2
  exit 1
fi
if [[ ! -f "$root/web/dist/index.html" ]]; then
  echo "e2e: web/dist is missing: run 'cd web && npm ci && npm run build' first" >&2
  exit 1
fi
if [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
  echo "e2e: chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install -y chromium)" >&2
  exit 1
fi

if [[ ! -x "${TURNSERVER_PATH:-/usr/bin/turnserver}" ]]; then
  echo "e2e: coturn not found at ${TURNSERVER_PATH:-/usr/bin/turnserver} (apt-get install -y coturn)" >&2
  exit 1
fi

cd "$here"
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund
fi
mkdir -p artifacts

# One file at a time: each starts its own server and browser, and WebRTC video is CPU-heavy.
exec node --test --test-concurrency=1 --test-timeout=120000 ./*.test.mjs
