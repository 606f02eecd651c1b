#!/usr/bin/env bash
# Looks at the reports as a person would, and fails when a viewer cannot open them.
#   scripts/look-reports.sh [REPORT_FOLDER] [OUT_DIR]
# REPORT_FOLDER defaults to the newest out/reports/<run-date>/ (run `./bottomup demo` first).
# - the HTML: headless Chromium with networking off renders the first screen (1280x900) to
#   OUT_DIR/report-first-screen.png and the whole page, printed, to OUT_DIR/report.pdf;
# - the workbook: LibreOffice converts it to OUT_DIR/learning-culture-workbook.pdf, and page 1
#   (the Summary sheet) to OUT_DIR/workbook-summary.png.
# Needs chromium, LibreOffice (soffice) and poppler's pdftoppm; installs them from Debian if missing
# and allowed (root). Exit 1 when any step fails or produces an empty file.
set -uo pipefail
cd "$(dirname "$0")/.."
folder=${1:-$(ls -d out/reports/*/ 2>/dev/null | sort | tail -1)}
out=${2:-look-out}
[ -n "$folder" ] && [ -f "$folder/learning-culture-report.html" ] && [ -f "$folder/learning-culture-workbook.xlsx" ] \
  || { echo "no report folder with both reports (run ./bottomup demo first, or pass the folder)"; exit 2; }
mkdir -p "$out"; out=$(cd "$out" && pwd); folder=$(cd "$folder" && pwd)
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list 2>/dev/null | grep -i dejavu >/dev/null || need+=(fonts-dejavu-core fontconfig)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 \
    || { echo "could not install ${need[*]}"; exit 1; }
fi
fail=0
check() { if [ -s "$1" ]; then echo "ok   $1"; else echo "FAIL $2"; fail=1; fi; }
profile=$(mktemp -d); trap 'rm -rf "$profile"' EXIT
chrome=(chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars)
rm -f "$out/report-first-screen.png" "$out/report.pdf" "$out/learning-culture-workbook.pdf" "$out/workbook-summary.png"
timeout 120 "${chrome[@]}" --window-size=1280,900 --screenshot="$out/report-first-screen.png" \
  "file://$folder/learning-culture-report.html" >"$out/chromium.log" 2>&1
check "$out/report-first-screen.png" "Chromium could not render the HTML (see $out/chromium.log)"
timeout 120 "${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" \
  "file://$folder/learning-culture-report.html" >>"$out/chromium.log" 2>&1
check "$out/report.pdf" "Chromium could not print the HTML (see $out/chromium.log)"
timeout 180 soffice --headless -env:UserInstallation="file://$profile/lo" --convert-to pdf --outdir "$out" \
  "$folder/learning-culture-workbook.xlsx" >"$out/libreoffice.log" 2>&1
check "$out/learning-culture-workbook.pdf" "LibreOffice could not convert the workbook (see $out/libreoffice.log)"
if [ -s "$out/learning-culture-workbook.pdf" ]; then
  pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$out/learning-culture-workbook.pdf" "$out/workbook-summary"
  check "$out/workbook-summary.png" "pdftoppm could not render the workbook's first page"
fi
exit $fail
