#!/usr/bin/env bash
# `make fresh-check`: proves the README's promise on a new machine. It builds a minimal Debian 12 root with
# debootstrap (variant minbase plus only git, make, python3, python3-venv, ca-certificates) from the Debian
# mirror this machine's apt is configured with, clones this repository's committed HEAD into it (work not
# committed is not included), and there, as root, runs the README's two commands: `make build`, then
# `make test`. It reports the time of each and the packages and bytes each installed.
# Also checked there: run by a user who is neither root nor able to use sudo, the system install explains
# what to do instead of failing obscurely.
#
# Usage: build_tools/setup/fresh-check.sh [--keep] [ROOT]
#   ROOT   where the Debian root is made (default /var/tmp/justice-handbooks-fresh); deleted first
#   --keep keep the root afterwards (it is kept anyway when a step fails, for a look inside)
# Needs root (debootstrap, chroot, mounts) and network access to the Debian mirror and PyPI and npm.
# This machine's local certificate authorities (/usr/local/share/ca-certificates) and proxy/CA variables
# are passed into the root, as any machine behind the same proxy would have them.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
keep=0
[ "${1:-}" = --keep ] && { keep=1; shift; }
root=${1:-/var/tmp/justice-handbooks-fresh}
suite=bookworm
log_dir=$repo/build/logs
mkdir -p "$log_dir"

if [ "$(id -u)" -ne 0 ]; then
  echo "error: fresh-check needs root (debootstrap, chroot and mounts): run 'sudo make fresh-check'" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "Installing debootstrap (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# The mirror apt uses here: a deb822 .sources file or a one-line sources.list.
mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -n 1 || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $3 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

mounts=(proc sys dev/pts dev/shm)
unmount_all() {
  local m
  for m in dev/shm dev/pts sys proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
  done
  return 0
}
trap unmount_all EXIT

seconds() { date +%s; }
packages() { chroot "$root" dpkg-query -W -f='${Installed-Size}\n' | awk '{n++; kib += $1} END {printf "%d packages, %d MiB", n, kib / 1024}'; }
in_root() {  # run a command in the root with a clean environment, as a new machine's root shell has it
  local pass=() v
  for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY PIP_INDEX_URL PIP_EXTRA_INDEX_URL \
           PIP_CERT SSL_CERT_FILE REQUESTS_CA_BUNDLE NODE_EXTRA_CA_CERTS GIT_SSL_CAINFO npm_config_registry; do
    [ -n "${!v:-}" ] && pass+=("$v=${!v}")
  done
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${pass[@]}" "$@"
}

unmount_all
if [ -e "$root" ]; then
  rm -rf --one-file-system "$root"
fi
echo "1/5 debootstrap $suite (minbase + git make python3 python3-venv ca-certificates) from $mirror into $root"
start=$(seconds)
debootstrap --variant=minbase --include=git,make,python3,python3-venv,ca-certificates "$suite" "$root" "$mirror" \
  >"$log_dir/fresh-debootstrap.log" 2>&1 || { cat "$log_dir/fresh-debootstrap.log" >&2; exit 1; }
echo "    $(($(seconds) - start)) s"

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
cp /etc/resolv.conf "$root/etc/resolv.conf"
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >/dev/null 2>&1
fi
git clone --quiet --no-local "$repo" "$root/root/library"
commit=$(git -C "$root/root/library" rev-parse --short HEAD)
python=$(in_root python3 --version)
base=$(packages)
echo "2/5 the new machine: $python, $base; repository at $commit"

echo "3/5 as a user who is neither root nor a sudoer: build_tools/setup/install-system-deps.sh build"
chmod -R a+rX "$root/root"
if out=$(in_root setpriv --reuid=65534 --regid=65534 --clear-groups \
          /bin/bash -c 'cd /root/library && build_tools/setup/install-system-deps.sh build' 2>&1); then
  echo "error: it succeeded without root, so it installed nothing that was missing:" >&2; echo "$out" >&2; exit 1
fi
grep -q "neither root nor able to use sudo" <<<"$out" || { echo "error: it failed without explaining:" >&2; echo "$out" >&2; exit 1; }
echo "    refused and explained: $(head -n 1 <<<"$out")"

run_make() {  # run_make TARGET STEP: make TARGET in the clone, timed; its whole output in build/logs
  local target=$1 step=$2 log="$log_dir/fresh-make-$1.log" begin status
  echo "$step make $target"
  begin=$(seconds)
  set +e
  in_root /bin/bash -c "cd /root/library && make $target" >"$log" 2>&1
  status=$?
  set -e
  if [ $status -ne 0 ]; then
    echo "error: make $target failed on the fresh machine after $(($(seconds) - begin)) s (exit $status). Its last 80 lines (all in $log):" >&2
    tail -n 80 "$log" >&2
    echo "The root is kept for a look inside: chroot $root" >&2
    trap - EXIT; unmount_all
    exit 1
  fi
  echo "    passed in $(($(seconds) - begin)) s; system: $(packages) (was $base before make build)"
  tail -n 3 "$log" | sed 's/^/    | /'
}
run_make build 4/5
venv=$(du -sm "$root/root/library/.venv" | cut -f1)
node=$(du -sm "$root/root/library/node_modules" | cut -f1)
echo "    .venv $venv MiB, node_modules $node MiB, site/ $(du -sm "$root/root/library/site" | cut -f1) MiB"
run_make test 5/5

echo "fresh-check passed: on minimal Debian $suite with $python, the two commands of the README work (commit $commit)."
unmount_all
trap - EXIT
if [ $keep -eq 0 ]; then
  rm -rf --one-file-system "$root"
else
  echo "The root is kept: chroot $root"
fi
