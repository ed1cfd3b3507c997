#!/usr/bin/env bash
# Installs missing Debian packages, builds PointQ and runs every test with CTest.
# Without a display it starts Xvfb, so that GUI tests have one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/installer/deps.sh"
bash "$root/installer/build.sh"

xvfb_pid=""
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null 2>&1; then
  display=:$((90 + RANDOM % 100))
  Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
fi

cd "$root/build"
ctest --output-on-failure --timeout 900
