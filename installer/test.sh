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

# On a CI machine (a throwaway one, as root) the package test also installs the
# Debian package with apt, runs it from /usr/bin and removes it again.
if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
  export POINTQ_TEST_INSTALL=1
fi

# Where OpenBLAS 0.3.21 does not know the CPU, it picks its SSE kernels and pointq
# restarts itself with faster ones. The test programs get the same kernels from here.
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  core=$("$root/build/app/pointq" --version | sed -n 's/.*, \([A-Za-z0-9]*\) kernels, chosen by PointQ.*/\1/p')
  if [ -n "$core" ]; then
    echo "test: OPENBLAS_CORETYPE=$core for the test programs"
    export OPENBLAS_CORETYPE=$core
  fi
fi

cd "$root/build"
ctest --output-on-failure --timeout 900
