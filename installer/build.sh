#!/usr/bin/env bash
# Configures and builds PointQ in build/ (Release, Ninja). Used by run.sh and test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=${POINTQ_BUILD_JOBS:-$(nproc)}
# ccache, when installed, makes rebuilds in a second checkout or worktree quick.
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}"
cmake --build "$root/build" -j "$jobs"
