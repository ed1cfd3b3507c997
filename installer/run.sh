#!/usr/bin/env bash
# The main job on the bundled default: installs missing Debian packages, builds PointQ,
# then quantizes the bundled demo model (cfgs/pointnext-demo/pointnext-demo.yaml, trained
# by `pointq train`, see docs/training.md) to INT8 on its 300 held-out procedural test
# clouds, which it never trained on, and prints the FP32-vs-INT8 table. The clouds are
# generated shapes, so every figure is marked SYNTHETIC.
# Extra arguments go to `pointq quantize`, e.g. --skip stage1 or --threads 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/installer/deps.sh"
bash "$root/installer/build.sh"

out="$root/build/demo"
mkdir -p "$out"
cd "$root"
./build/app/pointq quantize \
  --cfg cfgs/pointnext-demo/pointnext-demo.yaml \
  --pretrained resources/demo/pointnext-demo.pth \
  --data procedural:classes=10,train=60,test=30,points=512,seed=1 \
  --output "$out/pointnext-demo-int8.pq" \
  --report "$out/report.json" \
  "$@"
