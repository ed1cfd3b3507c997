#!/usr/bin/env bash
# The main job on the bundled default: installs missing Debian packages, builds PointQ,
# then, on a desktop (DISPLAY or WAYLAND_DISPLAY set, no arguments), opens the
# pointq-studio workbench with the demo session. Headless, with arguments, or with
# POINTQ_HEADLESS=1, it runs `pointq quantize` on the same bundled default and prints the
# FP32-vs-INT8 table. The bundled default is PointQ's demo model for 9 ModelNet40 classes
# (cfgs/pointnext-demo/pointnext-demo.yaml, resources/demo/pointnext-demo.pth, trained by
# `pointq train`, see resources/demo/README.md) with real clouds in resources/demo/data.
# It is evaluated on the 21 held-out shapes it never trained on and calibrated on the first
# 32 clouds of its training shapes (--calib-split train). Extra arguments go to
# `pointq quantize`, e.g. --skip stage1.
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
  --data resources/demo/data \
  --calib-split train \
  --output "$out/pointnext-demo-int8.pq" \
  --report "$out/report.json" \
  "$@"
