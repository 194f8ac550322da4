#!/usr/bin/env bash
# Installs what building, running and testing need on Debian 12, and nothing twice.
# Usage: scripts/install-deps.sh [build|test]
set -euo pipefail

want=(g++ cmake ninja-build pkg-config make
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
      libtomlplusplus-dev libssl-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
      libspdlog-dev libcli11-dev libsqlite3-dev libgtest-dev libvips-dev libre2-dev)
if [ "${1:-build}" = test ]; then
  # coturn: the TURN browser test; nginx-light: the reverse-proxy integration test.
  want+=(chromium clang-14 libclang-rt-14-dev coturn nginx-light)
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
