#!/usr/bin/env bash
# Refreshes the translations from the sources of the workbench and its widgets with
# lupdate, keeping existing translations. pointq_zh_CN.ts contains every message.
# pointq_en.ts contains only the messages with a plural count (%n), and sets their
# English singular and plural forms. Translate new entries with Qt Linguist.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
"$lupdate" -locations none -no-obsolete \
  "$root/app/studio" "$root/widgets" \
  -ts "$root/resources/translations/pointq_zh_CN.ts"
"$lupdate" -locations none -no-obsolete -pluralonly -source-language en -target-language en \
  "$root/app/studio" "$root/widgets" \
  -ts "$root/resources/translations/pointq_en.ts"
