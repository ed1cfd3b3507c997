#!/usr/bin/env bash
# The main job on the bundled default: installs missing Debian packages, builds PointQ,
# then, on a desktop (DISPLAY or WAYLAND_DISPLAY set, no arguments), opens the
# pointq-studio workbench with the demo session: the bundled trained PointNeXt-S
# (cfgs/modelnet40ply2048/pointnext-s.yaml) and 113 real ModelNet40 shapes.
# Headless, with arguments, or with POINTQ_HEADLESS=1, it quantizes the same model
# to INT8 with `pointq quantize` and prints the FP32-vs-INT8 table. Extra arguments
# go to `pointq quantize`, e.g. --skip stage1 or --threads 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/installer/deps.sh"
bash "$root/installer/build.sh"

cd "$root"
has_display=0
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then has_display=1; fi
if [ "$has_display" = 1 ] && [ $# -eq 0 ] && [ "${POINTQ_HEADLESS:-0}" != 1 ] && [ -x ./build/app/pointq-studio ]; then
  exec ./build/app/pointq-studio
fi

out="$root/build/demo"
mkdir -p "$out"
./build/app/pointq quantize \
  --cfg cfgs/modelnet40ply2048/pointnext-s.yaml \
  --pretrained tests/data/parity/mn40_s_trained_weights_only.pth \
  --data tests/data/modelnet40/modelnet40_ply_hdf5_2048 \
  --output "$out/pointnext-s-int8.pq" \
  --report "$out/report.json" \
  "$@"
