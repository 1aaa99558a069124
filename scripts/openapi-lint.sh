#!/bin/sh
# Lints the OpenAPI document (data/openapi.json) with Redocly CLI, pinned in tests/tools.
# npm ci runs again when node_modules is missing or older than the committed lock file.
# Exit status: 0 when the document is valid (warnings allowed), nonzero on any error.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/tests/tools"
doc="${1:-$root/data/openapi.json}"
doc="$(cd "$(dirname "$doc")" && pwd)/$(basename "$doc")" # redocly runs in $tools

# npm writes node_modules/.package-lock.json on every install: its age is the install's.
if [ ! -f "$tools/node_modules/.package-lock.json" ] ||
	[ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
	(cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

# No usage reports or update checks from a test run.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1 \
	exec sh -c 'cd "$1" && exec npx --no-install redocly lint --config redocly.yaml --format stylish "$2"' \
	sh "$tools" "$doc"
