#!/bin/sh
# The cost of one write through the API, counted in instructions (valgrind's callgrind), which
# unlike seconds does not move with whatever else the machine runs. A store of UNITS generated
# units (bench/gen), a server with one thread, one office account of unit u00044; the server is
# run twice, doing 1 and 1 + N times the same PUT of a person's name, and the difference / N is
# the instructions of one write (the first write of each run builds the caches both runs share).
# The reminder scheduler is off (--jobs-interval 0): it replans every unit after the store
# changes, on its own thread, and would be counted in whichever run it happened to fall; so is
# the roll-up's count ahead (--no-rollup-count), which counts every unit on its own thread for
# as long as the server runs (the longer run would count more of it).
#   sh bench/write-cost.sh                 (from the source tree, after `make` and `make -C bench gen`)
# Environment: ZEREN (binary, default build/zeren), PEER (a second binary measured beside it on
# its own copy of the store, e.g. an older build), UNITS (default 1000), N (default 10).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
zeren=${ZEREN:-$src/build/zeren}
units=${UNITS:-1000}
n=${N:-10}
for tool in valgrind curl python3; do
	command -v "$tool" >/dev/null || { echo "bench/write-cost.sh: needs $tool" >&2; exit 1; }
done
[ -x "$src/bench/gen" ] || make -C "$src/bench" gen >/dev/null
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT INT TERM
"$src/bench/gen" --units "$units" --no-records >"$t/units.json"

prepare() { # binary, data dir
	"$1" --data "$2" import "$t/units.json" >/dev/null
	"$1" --data "$2" user add bench --name 基准 --person u00044-p071 --role office >/dev/null
	echo 'Zr-Load-2026!x' | "$1" --data "$2" user passwd bench >/dev/null
}

instructions() { # binary, data dir, writes after the first
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	valgrind --tool=callgrind --callgrind-out-file="$t/cg.out" "$1" --data "$2" serve \
		--listen "127.0.0.1:$port" --threads 1 --jobs-interval 0 --no-rollup-count --ip-budget 0 --ip-connections 0 --login-budget 0 \
		>"$t/cg.log" 2>"$t/cg.err" &
	pid=$!
	# the database's integrity check runs beside serving: both runs count all of it, or the
	# shorter one would count less (cut short at its stop)
	if "$1" help serve 2>&1 | grep -q 'beside serving'; then
		for _ in $(seq 600); do grep -q 'integrity checked' "$t/cg.log" && break; sleep 0.5; done
	fi
	for _ in $(seq 240); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/session" && break; sleep 0.5; done
	curl -s -c "$t/jar" -H 'Content-Type: application/json' \
		-d '{"username":"bench","password":"Zr-Load-2026!x"}' "http://127.0.0.1:$port/api/v1/session" >"$t/login"
	csrf=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['csrf_token'])" "$t/login")
	cookie=$(awk '$6 == "zeren_session" { print $7 }' "$t/jar")
	for i in $(seq $(($3 + 1))); do
		curl -s -o /dev/null -X PUT -b "zeren_session=$cookie" -H "X-CSRF-Token: $csrf" \
			-H 'Content-Type: application/json' -d "{\"name\":\"基准$((i % 2))\"}" \
			"http://127.0.0.1:$port/api/v1/units/u00044/people/u00044-p071"
	done
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	sed -n 's/^summary: //p' "$t/cg.out"
}

measure() { # label, binary
	rm -rf "$t/data"
	prepare "$2" "$t/data"
	a=$(instructions "$2" "$t/data" 0)
	b=$(instructions "$2" "$t/data" "$n")
	echo "$1: $(( (b - a) / n )) instructions per PUT .../people/{id} ($units units, $n writes)"
}

measure "zeren" "$zeren"
[ -n "${PEER:-}" ] && measure "peer ($PEER)" "$PEER"
exit 0
