#!/usr/bin/env bash
# Regenerate the pictures in docs/: a fresh 太原 template (needs LibreOffice and pdftoppm) and the
# coverage map of examples/inbox.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pairtable=${PAIRTABLE:-.venv/bin/pairtable}
"$pairtable" make-templates -o "$work" --city 太原市 >/dev/null
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf \
  --outdir "$work" "$work/太原市-县际结对帮扶情况统计表.xlsx" >/dev/null
pdftoppm -r 90 -png "$work/太原市-县际结对帮扶情况统计表.pdf" "$work/page"
cp "$work/page-1.png" docs/template-taiyuan.png
cp "$work/page-2.png" docs/template-taiyuan-guide.png
SOURCE_DATE_EPOCH=1629763200 "$pairtable" merge examples/inbox -o "$work/province.xlsx" \
  --map "$work/coverage-map.png" >/dev/null 2>&1
"$(dirname "$pairtable")/python" -c 'import sys; from PIL import Image; Image.open(sys.argv[1]).save(sys.argv[2], optimize=True)' \
  "$work/coverage-map.png" docs/coverage-map.png
echo "wrote docs/template-taiyuan.png docs/template-taiyuan-guide.png docs/coverage-map.png"
