#!/bin/sh
# The supervisor's roll-up at scale (issue 15 part 6): on an imported store (default: the
# 10,021 units `sh bench/eval.sh` keeps in out/eval-10000/data; DATA=dir for another), adds a
# supervisor account on the root unit and times with curl, on three starts of `zeren serve`:
#  1. the ranking as of today asked at once, while the server counts every unit ahead (it waits);
#  2. once that count is done (the server's CPU time stops moving): the ranking as of today, again,
#     a page of it, another day (every unit counted on request), the trend (12 month ends; with
#     TREND=1) and the inspection list;
#  3. with --no-rollup-count: the first ranking as of today, counted on request.
# Prints the server's peak RSS and the load average each time.
#   sh bench/rollup.sh     (after `make` and `sh bench/eval.sh`)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
zeren=${ZEREN:-$src/build/zeren}
data=${DATA:-$src/bench/out/eval-10000/data}
day=2026-11-21
pass=Bench-Rollup-2026x
root=$(sqlite3 "$data/zeren.db" "SELECT id FROM org WHERE parent IS NULL ORDER BY rowid LIMIT 1")
person=$(sqlite3 "$data/zeren.db" "SELECT id FROM person WHERE org = '$root' ORDER BY rowid LIMIT 1")
if ! "$zeren" --data "$data" user list 2>/dev/null | grep -q bench-sup; then
	"$zeren" --data "$data" user add bench-sup --person "$person" --role supervisor >/dev/null
	printf '%s\n' "$pass" | "$zeren" --data "$data" user passwd bench-sup >/dev/null
fi
t=$(mktemp -d)
zpid=
stop() {
	[ -n "$zpid" ] && kill "$zpid" 2>/dev/null && wait "$zpid" 2>/dev/null
	zpid=
}
cleanup() {
	stop
	rm -rf "$t"
}
trap cleanup EXIT INT TERM
start() { # serve options...
	: >"$t/serve.out"
	"$zeren" --data "$data" serve --listen 127.0.0.1:0 --threads 2 --web "$t/none" --ip-budget 0 --ip-connections 0 \
		--login-budget 0 "$@" >"$t/serve.out" 2>"$t/serve.err" &
	zpid=$!
	begin=$(date +%s.%N)
	for _ in $(seq 1200); do grep -q listening "$t/serve.out" 2>/dev/null && break; sleep 0.05; done
	grep -q listening "$t/serve.out" || { echo "bench/rollup.sh: the server did not start: $(cat "$t/serve.err")" >&2; exit 1; }
	echo "server $* listening after $(echo "$(date +%s.%N) - $begin" | bc) s"
	base=http://127.0.0.1:$(sed -n 's|.*http://[^:]*:\([0-9]*\)/.*|\1|p' "$t/serve.out")
	curl -s -c "$t/jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"bench-sup\",\"password\":\"$pass\"}" "$base/api/v1/session" >/dev/null
}
get() { # label path
	curl -s -b "$t/jar" -o "$t/out.json" -w "$1: %{time_total} s, HTTP %{http_code}, %{size_download} bytes\n" "$base$2"
}
cpu() { awk '{ print $14 + $15 }' "/proc/$zpid/stat"; }
idle() { # waits until the server has used no CPU for 2 s
	last=-1
	while [ "$(cpu)" != "$last" ]; do last=$(cpu); sleep 2; done
	echo "count ahead done $(echo "$(date +%s.%N) - $begin" | bc) s after the start (server CPU $(echo "$(cpu) / $(getconf CLK_TCK)" | bc) s)"
}
report() {
	echo "server peak RSS: $(awk '/VmHWM/ { print $2, $3 }' /proc/$zpid/status); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

start
get "ranking as of today, asked during the count ahead" "/api/v1/supervision/units"
report
stop

start
idle
get "ranking as of today, after the count ahead" "/api/v1/supervision/units"
get "ranking, again" "/api/v1/supervision/units"
get "ranking, page 30 of 20 rows" "/api/v1/supervision/units?page=30&per_page=20"
get "ranking, another day (counted on request)" "/api/v1/supervision/units?as_of=$day"
get "ranking, another day, page 30" "/api/v1/supervision/units?as_of=$day&page=30&per_page=20"
if [ -n "${TREND:-}" ]; then
	get "trend, first (its 12 month ends counted ahead)" "/api/v1/supervision/trend"
	get "trend, again" "/api/v1/supervision/trend"
	get "trend as of $day, first (12 month ends)" "/api/v1/supervision/trend?as_of=$day"
fi
get "inspections" "/api/v1/supervision/inspections?as_of=$day"
report
stop

start --no-rollup-count
get "ranking as of today, first, no count ahead" "/api/v1/supervision/units"
report
