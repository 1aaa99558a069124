#!/bin/sh
# The browser UI: `scripts/web.sh build` installs the npm packages from the committed lock file
# (again only when the lock changed) and builds web/dist with Vite, precompressed (brotli, gzip); `scripts/web.sh e2e` drives
# Debian's chromium through the main journeys against the zeren binary in $ZEREN.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)

# npm ci again when node_modules is missing or was installed from another lock file.
npm_ci() {
	dir=$1
	stamp="$dir/node_modules/.zeren-lock.sha256"
	want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
	if [ ! -d "$dir/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
		echo "$want" > "$stamp"
	fi
}

case "${1:-}" in
build)
	npm_ci "$root/web"
	(cd "$root/web" && npx --no-install vite build --logLevel warn)
	# .br and .gz siblings of the assets, served to browsers that take them (src/http/static.c)
	node "$root/scripts/precompress.mjs" "$root/web/dist"
	;;
e2e)
	shift
	: "${ZEREN:=$root/zeren}"
	[ -x "$ZEREN" ] || { echo "web.sh e2e: no zeren binary at $ZEREN (set ZEREN)" >&2; exit 2; }
	[ -f "$root/web/dist/index.html" ] || { echo "web.sh e2e: build the UI first (scripts/web.sh build)" >&2; exit 2; }
	npm_ci "$root/tests/e2e"
	ZEREN=$(cd "$(dirname "$ZEREN")" && pwd)/$(basename "$ZEREN") exec node "$root/tests/e2e/run.mjs" "$@"
	;;
*)
	echo "usage: scripts/web.sh build | e2e [journey...]" >&2
	exit 2
	;;
esac
