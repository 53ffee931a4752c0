#!/usr/bin/env bash
# Installs the system packages the build and the tests need, only when they are missing:
# Noto fonts (Typst and the EPUB cover name them), a Java JDK (EPUBCheck; EpubCheckBatch.java runs from source), poppler-utils (PDF tests),
# Node.js and npm (the search scripts the site ships come from npm; the analyser parity tests run under Node).
# Called by `make build` and `make test`; safe to run again.
set -euo pipefail

need=()
[ -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] && [ -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)  # javac: EpubCheckBatch.java runs from source
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v pdffonts >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ "${WITH_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
