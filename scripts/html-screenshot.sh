#!/usr/bin/env bash
# Render `unspin diff --format html` for a text and take headless Chromium screenshots
# of it in light and dark mode, to look at the report the way a reader will.
# Not part of CI (it needs Chromium: `apt-get install -y chromium`).
#
# usage: scripts/html-screenshot.sh [TEXT] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
text=${1:-examples/spun-news.txt}
out=${2:-/tmp}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z $browser ]]; then
    echo "html-screenshot: no Chromium found; install it (apt-get install -y chromium)" >&2
    exit 2
fi
cargo build --quiet
report="$out/report.html"
target/debug/unspin diff --format html -o "$report" "$text"
chmod a+r "$report"
for scheme in light dark; do
    profile=$(mktemp -d)
    "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" \
        --blink-settings=preferredColorScheme=$([[ $scheme == dark ]] && echo 0 || echo 1) \
        --screenshot="$out/shot-$scheme.png" --window-size=1400,900 "file://$(realpath "$report")" \
        2>/dev/null
    rm -rf "$profile"
    echo "$out/shot-$scheme.png"
done
