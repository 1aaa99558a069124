#!/bin/sh
# Installs the Debian packages zeren builds and tests with, only those missing.
# Run as root on Debian 12 (the README's commands call it through `make deps`).
set -eu
pkgs="gcc make pkg-config libjansson-dev libsqlite3-dev sqlite3 libcmocka-dev libical-dev
      libmicrohttpd-dev libsodium-dev libssl-dev faketime python3 python3-icalendar python3-jsonschema valgrind perl curl
      chromium fonts-noto-cjk libcurl4-openssl-dev python3-aiosmtpd openssl libzip-dev libxml2-dev libpoppler-glib-dev python3-cairo qpdf
      libcairo2-dev libpango1.0-dev libharfbuzz-dev libfontconfig-dev libqrencode-dev poppler-utils nginx
      libpq-dev postgresql python3-psycopg2"
[ "${1:-}" = "--dev" ] && pkgs="$pkgs clang"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs wrk"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing" >&2
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: not root; install these Debian packages first:$missing" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Node.js >= 20.19 with npm, for the web UI (Vite 7) and the OpenAPI lint (Redocly CLI). Debian
# 12's own nodejs is 18, too old; the machines this runs on carry NodeSource's.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
	process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null || ! command -v npm >/dev/null; then
	echo "deps: Node.js >= 20.19 and npm are needed (Debian 12's nodejs 18 is too old): install them from NodeSource" >&2
	exit 1
fi
