#!/bin/sh
# Runs the CLI's main paths under valgrind on the demo unit; any leak or memory error fails.
set -eu
bin=${1:-build/zeren}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
vg() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=99 "$bin" --data "$dir/data" "$@" > "$dir/out" 2> "$dir/err" || {
		rc=$?
		if [ "$rc" -eq 99 ]; then
			echo "valgrind: errors in: zeren $*" >&2
			cat "$dir/err" >&2
			exit 1
		fi
	}
}
vg demo
vg check --as-of 2026-11-21
vg check --as-of 2026-11-21 --format json
vg export --output "$dir/export.json"
vg import "$dir/export.json"
vg posts
vg policy default
vg workday add 2026-12-30 3
vg workday is 2026-02-14
vg obligations --as-of 2026-11-21
vg calendar ics --as-of 2026-11-21 --output "$dir/cal.ics"
vg incident list
vg notice list --as-of 2026-11-21
vg accountability inc-2026-03
vg obligation done report.monthly 2026-10 --on 2026-11-21 --evidence "$dir/export.json"
vg audit verify
vg audit list --format json
vg incident add --org demo --id inc-x --system oa --title 测试 --occurred 2026-11-20T09:00:00+08:00
echo '{"format": "zeren/v1", "people": [{"id": "x"}]}' > "$dir/bad.json"
vg import "$dir/bad.json"
echo "valgrind: no leaks or memory errors in the CLI"
