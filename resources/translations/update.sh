#!/usr/bin/env bash
# Refreshes pointq_zh_CN.ts from the sources of the workbench and its widgets with
# lupdate, keeping existing translations. Translate new entries with Qt Linguist.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
"$lupdate" -locations none -no-obsolete \
  "$root/app/studio" "$root/widgets" \
  -ts "$root/resources/translations/pointq_zh_CN.ts"
