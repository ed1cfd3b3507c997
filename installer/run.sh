#!/usr/bin/env bash
# The main job on the bundled default: installs missing Debian packages, builds PointQ,
# then quantizes the bundled trained PointNeXt-S (cfgs/modelnet40ply2048/pointnext-s.yaml)
# to INT8 on 113 real ModelNet40 shapes and prints the FP32-vs-INT8 table.
# Extra arguments go to `pointq quantize`, e.g. --skip stage1 or --threads 1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/installer/deps.sh"
bash "$root/installer/build.sh"

out="$root/build/demo"
mkdir -p "$out"
cd "$root"
./build/app/pointq quantize \
  --cfg cfgs/modelnet40ply2048/pointnext-s.yaml \
  --pretrained tests/data/parity/mn40_s_trained_weights_only.pth \
  --data tests/data/modelnet40/modelnet40_ply_hdf5_2048 \
  --output "$out/pointnext-s-int8.pq" \
  --report "$out/report.json" \
  "$@"
