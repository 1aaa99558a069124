#!/bin/sh
# Installs the Debian packages zeren builds and tests with, only those missing.
# Run as root on Debian 12 (the README's commands call it through `make deps`).
set -eu
pkgs="gcc make pkg-config libjansson-dev libsqlite3-dev sqlite3 libcmocka-dev libical-dev
      libmicrohttpd-dev libsodium-dev python3 python3-icalendar python3-jsonschema valgrind perl curl
      nodejs npm chromium fonts-noto-cjk"
[ "${1:-}" = "--dev" ] && pkgs="$pkgs clang"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs wrk nginx"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install these Debian packages first:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
