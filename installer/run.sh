#!/usr/bin/env bash
# The main job on the bundled default: installs missing Debian packages, builds PointQ,
# then, on a desktop (DISPLAY or WAYLAND_DISPLAY set, no arguments), opens the
# pointq-studio workbench with the demo session: the bundled trained PointNeXt-S
# (cfgs/modelnet40ply2048/pointnext-s.yaml) and 113 real ModelNet40 shapes.
# Headless, with arguments, or with POINTQ_HEADLESS=1, it quantizes the bundled demo
# model (cfgs/pointnext-demo/pointnext-demo.yaml, trained by `pointq train`, see
# docs/training.md) to INT8 on its 300 held-out procedural test clouds, which it never
# trained on, and prints the FP32-vs-INT8 table; those generated shapes are marked
# SYNTHETIC. Extra arguments go to `pointq quantize`, e.g. --skip stage1 or --threads 1.
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
  --cfg cfgs/pointnext-demo/pointnext-demo.yaml \
  --pretrained resources/demo/pointnext-demo.pth \
  --data procedural:classes=10,train=60,test=30,points=512,seed=1 \
  --output "$out/pointnext-demo-int8.pq" \
  --report "$out/report.json" \
  "$@"
