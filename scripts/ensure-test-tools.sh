#!/usr/bin/env bash
# Installs the system tools the test suite needs and npm cannot provide:
# pdftoppm (poppler-utils), which the visual regression test uses to turn PDF pages into PNG.
set -euo pipefail

if command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: installing poppler-utils (pdftoppm)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
  command -v pdftoppm >/dev/null 2>&1 && exit 0
fi
echo "ensure-test-tools: pdftoppm is missing. Install poppler-utils (Debian/Ubuntu: sudo apt-get install poppler-utils; macOS: brew install poppler) and run the tests again." >&2
exit 1
