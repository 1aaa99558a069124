#!/bin/sh
# Runs the CLI's main paths under valgrind on the demo unit; any leak or memory error fails.
set -eu
bin=${1:-build/zeren}
# argon2id's 64 MiB per password is slow under valgrind and tells it nothing more than the least.
export ZEREN_PASSWORD_COST=${ZEREN_PASSWORD_COST:-minimum}
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
vg audit checkpoint
vg audit verify
vg audit keygen --alg sm2 --key "$dir/sm2.key" --pubkey "$dir/sm2.pub"
vg audit checkpoint --key "$dir/sm2.key" --checkpoints "$dir/sm2.log"
vg audit verify --pubkey "$dir/sm2.pub" --checkpoints "$dir/sm2.log"
vg audit purge --before 2000-01-01
vg backup "$dir/backup"
"$bin" --data "$dir/restored" restore "$dir/backup" >/dev/null
vg audit list --format json
vg incident add --org demo --id inc-x --system oa --title 测试 --occurred 2026-11-20T09:00:00+08:00
echo '{"format": "zeren/v1", "people": [{"id": "x"}]}' > "$dir/bad.json"
vg import "$dir/bad.json"
vg user list --format json
vg user add vg.user --name 测试账号

# The server: sign in, read, write, then SIGTERM; it must stop cleanly with nothing lost.
valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
	--error-exitcode=99 "$bin" --data "$dir/data" serve --listen 127.0.0.1:0 --threads 2 --web "$dir/none" \
	> "$dir/serve.out" 2> "$dir/serve.err" &
pid=$!
for _ in $(seq 600); do grep -q listening "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
base=http://127.0.0.1:$(sed -n 's|.*http://[^:]*:\([0-9]*\)/.*|\1|p' "$dir/serve.out")
curl -sf -c "$dir/jar" -H 'Content-Type: application/json' -d '{"username":"office","password":"Zeren-Demo-2026"}' \
	"$base/api/v1/session" > "$dir/login.json" || { echo "valgrind: sign-in failed" >&2; cat "$dir/serve.err" >&2; exit 1; }
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$dir/login.json")
for path in units/demo/findings units/demo/dashboard units/demo/people/p-zhudan units/demo/obligations; do
	curl -sf -b "$dir/jar" "$base/api/v1/$path" > /dev/null || { echo "valgrind: GET $path failed" >&2; exit 1; }
done
curl -sf -b "$dir/jar" -X PUT -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d '{"name":"朱丹"}' \
	"$base/api/v1/units/demo/people/p-zhudan" > /dev/null || { echo "valgrind: PUT failed" >&2; exit 1; }
curl -s -b "$dir/jar" "$base/api/v1/units/demo/findings?as_of=2026-13-01" > /dev/null
kill -TERM "$pid"
if ! wait "$pid"; then
	echo "valgrind: errors in: zeren serve" >&2
	cat "$dir/serve.err" >&2
	exit 1
fi
echo "valgrind: no leaks or memory errors in the CLI and the server"
