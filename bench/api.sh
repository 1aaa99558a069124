#!/bin/sh
# The API benchmark: wrk on loopback against `zeren serve` for every read route class — the
# findings, a list page with filters, a detail, the dashboard — each beside nginx serving a file
# of the same bytes in the same run, then writes alone (PUT of a person's name, spread over the
# units) and a 90 % read / 10 % write mix beside the same mix with reads only, and then the
# reads of that mix on nine in ten connections while the tenth writes as fast as it can (two wrk
# side by side: what readers feel beside writers, which the closed loop of the mix, capped at ten
# times the write rate, does not show). Every figure is the min and median over REPEATS runs.
#   sh bench/api.sh                      (the demo: the offices of its three units)
#   DATA=bench/out/eval-10000/data sh bench/api.sh   (a generated store: UNITS of its units)
# DATA is a SQLite data directory (its units are listed with sqlite3), used in place: the script
# adds accounts bench-<unit> and the writes change people's names, so use a copy. Environment: ZEREN (binary), THREADS (server threads and
# nginx workers, default: processors), CONNS (default 64), SECS (default 10), REPEATS (default 3),
# UNITS (default 16, with DATA), AS_OF (default 2026-11-21), ONLY (some of "reads writes mix"),
# SERVE_ARGS (more options of serve: "--jobs-interval 0" keeps the reminder scheduler, which
# replans every unit of a province for minutes after a change, out of the figures), DEBUG (set:
# every wrk report on standard error), NODES (N: N servers on the one store behind nginx,
# scripts/nodes.sh, measured through it; unset: one server, directly), ZEREN_DB (the store in
# PostgreSQL, an empty database; with DATA, the data directory naming its schema).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
zeren=${ZEREN:-$src/build/zeren}
threads=${THREADS:-$(nproc)}
conns=${CONNS:-64}
secs=${SECS:-10}
repeats=${REPEATS:-3}
nunits=${UNITS:-16}
as_of=${AS_OF:-2026-11-21}
for tool in wrk nginx curl python3 ${DATA:+sqlite3}; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
		echo "bench/api.sh: needs $tool (Debian packages wrk, nginx, curl, python3)" >&2
		exit 1
	}
done
nginx=$(command -v nginx || echo /usr/sbin/nginx)
t=$(mktemp -d)
zpid= npid=
cleanup() {
	[ -n "$zpid" ] && kill "$zpid" 2>/dev/null && wait "$zpid" 2>/dev/null
	[ -d "$t/nodes" ] && sh "$src/scripts/nodes.sh" stop "$t/nodes"
	[ -n "$npid" ] && kill "$npid" 2>/dev/null
	rm -rf "$t"
}
trap cleanup EXIT INT TERM

# The units written and read: "org username password person" per line.
password='Zr-Bench-2026!x'
if [ -n "${DATA:-}" ]; then
	data=$DATA
	# units of the generated store (u00001 …), one in every len/UNITS, each with an office account
	sqlite3 -readonly "$data/zeren.db" "SELECT id FROM org WHERE id GLOB 'u[0-9]*' ORDER BY id" >"$t/all"
	total=$(wc -l <"$t/all")
	[ "$total" -gt 0 ] || { echo "bench/api.sh: no generated units (u00001 …) in $data" >&2; exit 1; }
	step=$((total / nunits))
	[ "$step" -ge 1 ] || step=1
	awk -v s="$step" -v n="$nunits" 'NR % s == 1 || s == 1 { if (k++ < n) print }' "$t/all" | while read -r org; do
		user=bench-$org
		"$zeren" --data "$data" user add "$user" --name 基准 --person "$org-p001" --role office >/dev/null 2>&1 || true
		echo "$password" | "$zeren" --data "$data" user passwd "$user" >/dev/null 2>&1 || true # set by an earlier run
		echo "$org $user $password $org-p002"
	done >"$t/units"
else
	data=$t/data
	"$zeren" --data "$data" demo --as-of "$as_of" >/dev/null
	printf '%s\n' "demo office Zeren-Demo-2026 p-zhudan" "xl-school office.school Zeren-Demo-2026 p-xs-liuxiaoyan" \
		"xl-hospital office.hospital Zeren-Demo-2026 p-xh-sunzhiqiang" >"$t/units"
fi

if [ -n "${NODES:-}" ]; then
	ZEREN=$zeren NODE_ARGS="--threads $threads --ip-budget 0 --ip-connections 0 --login-budget 0 --jobs-interval 0 --checkpoint-minutes 0 ${SERVE_ARGS:-}" \
		sh "$src/scripts/nodes.sh" start "$NODES" "$t/nodes" "$data" >"$t/nodes.out"
	port=$(awk '$1 == "nginx" { print $2 }' "$t/nodes.out")
	: >"$t/serve.out"
else
	# shellcheck disable=SC2086 # SERVE_ARGS: more options, split on spaces
	"$zeren" --data "$data" serve --listen 127.0.0.1:0 --threads "$threads" --web "$t/none" --ip-budget 0 \
		--ip-connections 0 --login-budget 0 ${SERVE_ARGS:-} >"$t/serve.out" 2>"$t/serve.err" &
	zpid=$!
	for _ in $(seq 600); do grep -q listening "$t/serve.out" 2>/dev/null && break; sleep 0.1; done
	port=$(sed -n 's|.*http://[^:]*:\([0-9]*\)/.*|\1|p' "$t/serve.out")
fi
[ -n "$port" ] || { echo "bench/api.sh: zeren serve did not start: $(cat "$t/serve.err" "$t/nodes.out" 2>/dev/null)" >&2; exit 1; }
# The database's integrity check runs beside serving (32 s on the province store): not measured.
if [ -z "${NODES:-}" ] && "$zeren" help serve 2>&1 | grep -q 'beside serving'; then
	for _ in $(seq 1800); do grep -q 'integrity checked' "$t/serve.out" && break; sleep 0.1; done
fi
# Nor the rest of what a server does once after its start (the supervisors' roll-up counting every
# unit ahead: a fifth of the CPU of the first write runs on the province store): wait until the
# server has used less than 5 % of a processor over a second, at most ten minutes.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
if [ -n "$zpid" ] && [ -r "/proc/$zpid/stat" ]; then
	hz=$(getconf CLK_TCK)
	before=$(cpu_ticks "$zpid")
	for _ in $(seq 600); do
		sleep 1
		now=$(cpu_ticks "$zpid")
		[ $((now - before)) -le $((hz / 20)) ] && break
		before=$now
	done
fi
base=http://127.0.0.1:$port

# Sign every unit's account in: "org cookie csrf person" per line.
while read -r org user pass person; do
	curl -s -c "$t/jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$user\",\"password\":\"$pass\"}" "$base/api/v1/session" >"$t/login.json"
	cookie=$(awk '$6 == "zeren_session" { print $7 }' "$t/jar")
	csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$t/login.json")
	[ -n "$cookie" ] && [ -n "$csrf" ] || { echo "bench/api.sh: login of $user failed: $(cat "$t/login.json")" >&2; exit 1; }
	echo "$org $cookie $csrf $person"
done <"$t/units" >"$t/sessions"
read -r org0 cookie0 csrf0 person0 <"$t/sessions"

# The read route classes, on the first unit.
cat >"$t/reads" <<EOF
findings /api/v1/units/$org0/findings?as_of=$as_of
list /api/v1/units/$org0/people?post=security_admin&page=1&per_page=20
detail /api/v1/units/$org0/people/$person0
dashboard /api/v1/units/$org0/dashboard?as_of=$as_of
EOF

# nginx: the same number of workers, each reply's bytes in a file, no access log. Its workers
# run as an unprivileged user, who must be able to read the files.
mkdir -p "$t/www" "$t/tmp"
chmod 755 "$t" "$t/www"
while read -r name path; do
	code=$(curl -s -o "$t/www/$name.json" -w '%{http_code}' -b "zeren_session=$cookie0" "$base$path")
	[ "$code" = 200 ] || { echo "bench/api.sh: GET $path answered $code" >&2; exit 1; }
	chmod 644 "$t/www/$name.json"
done <"$t/reads"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$t/nginx.conf" <<EOF
worker_processes $threads;
error_log $t/nginx.err;
pid $t/nginx.pid;
daemon off;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $t/tmp; proxy_temp_path $t/tmp; fastcgi_temp_path $t/tmp;
	uwsgi_temp_path $t/tmp; scgi_temp_path $t/tmp;
	default_type application/json;
	server { listen 127.0.0.1:$nport; root $t/www; }
}
EOF
"$nginx" -c "$t/nginx.conf" -p "$t" 2>"$t/nginx.start" &
npid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$nport/findings.json" && break; sleep 0.05; done

# The mixes: each request picks a unit at random; a write sets its person's name back and
# forth, a read is one of the four classes. WRITES: the share of writes in percent.
lua() { # file, share of writes
	{
		echo "local units = {"
		while read -r org cookie csrf person; do
			echo "  {org = \"$org\", cookie = \"zeren_session=$cookie\", csrf = \"$csrf\", person = \"$person\"},"
		done <"$t/sessions"
		echo "}"
		cat <<EOF
local writes, n = $2, 0
local reads = {
	function(u) return "/api/v1/units/" .. u.org .. "/findings?as_of=$as_of" end,
	function(u) return "/api/v1/units/" .. u.org .. "/people?post=security_admin&page=1&per_page=20" end,
	function(u) return "/api/v1/units/" .. u.org .. "/people/" .. u.person end,
	function(u) return "/api/v1/units/" .. u.org .. "/dashboard?as_of=$as_of" end,
}
request = function()
	n = n + 1
	local u = units[math.random(#units)]
	if math.random(100) <= writes then
		return wrk.format("PUT", "/api/v1/units/" .. u.org .. "/people/" .. u.person,
			{["Content-Type"] = "application/json", ["Cookie"] = u.cookie, ["X-CSRF-Token"] = u.csrf},
			'{"name":"基准' .. (n % 2) .. '"}')
	end
	return wrk.format("GET", reads[math.random(#reads)](u), {["Cookie"] = u.cookie})
end
EOF
	} >"$1"
}
lua "$t/write.lua" 100
lua "$t/mix.lua" 10
lua "$t/mixread.lua" 0

wrk_figures() { # a wrk report: "rps p99_ms non2xx"
	[ -n "${DEBUG:-}" ] && cat "$1" >&2
	awk '/^Requests\/sec:/ { r = $2 }
	     $1 == "99%" { v = $2; m = 1; if (v ~ /us$/) m = 0.001; else if (v ~ /ms$/) m = 1; else if (v ~ /s$/) m = 1000
			   sub(/[a-z]+$/, "", v); p = v * m }
	     /Non-2xx/ { e = $NF }
	     END { printf "%s %.2f %d\n", r, p, e }' "$1"
}
once() { # wrk arguments…: "rps p99_ms non2xx"
	wrk -t "$((threads < conns ? threads : conns))" -c "$conns" -d "${secs}s" --latency "$@" >"$t/wrk.out" 2>&1 || true
	wrk_figures "$t/wrk.out"
}
# The mix's reads on conns - wconns connections while wconns connections write, started
# together: "reads_rps reads_p99 non2xx writes_rps writes_p99 non2xx".
wconns=$((conns / 10 > 0 ? conns / 10 : 1))
rconns=$((conns - wconns > 0 ? conns - wconns : 1))
beside() {
	wrk -t 1 -c "$wconns" -d "${secs}s" --latency -s "$t/write.lua" "$base" >"$t/wrkw.out" 2>&1 &
	wpid=$!
	wrk -t "$((threads < rconns ? threads : rconns))" -c "$rconns" -d "${secs}s" --latency -s "$t/mixread.lua" "$base" \
		>"$t/wrk.out" 2>&1 || true
	wait "$wpid" || true
	echo "$(wrk_figures "$t/wrk.out") $(wrk_figures "$t/wrkw.out")"
}
# min and median over the repeats: "rps_min rps_median p99_min p99_median non2xx_max", for each
# three columns of a run (one wrk's figures) in turn.
summary() {
	python3 - "$t/runs" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
out = []
for k in range(0, len(rows[0]), 3):
    rps = sorted(float(r[k]) for r in rows); p99 = sorted(float(r[k + 1]) for r in rows)
    out.append("%.0f %.0f %.2f %.2f %d" % (rps[0], statistics.median(rps), p99[0], statistics.median(p99),
                                           max(int(r[k + 2]) for r in rows)))
print(" | ".join(out))
PY
}
repeat() {
	for _ in $(seq "$repeats"); do once "$@"; done >"$t/runs"
	summary
}
row() { # label, figures
	set -- "$1" $2
	printf '%-22s %9s %9s   %8s %8s ms%s\n' "$1" "$2" "$3" "$4" "$5" "$( [ "$6" != 0 ] && echo "   non-2xx: $6")"
}

echo "# wrk -t$threads -c$conns -d${secs}s on loopback, $repeats runs each; zeren and nginx with $threads threads/workers"
echo "# $(wc -l <"$t/sessions") units: $(cut -d' ' -f1 "$t/sessions" | tr '\n' ' ')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %9s %9s   %8s %8s\n' "" "req/s min" "median" "p99 min" "median"
want() { case " ${ONLY:-reads writes mix} " in *" $1 "*) return 0 ;; esac; return 1; }
want reads && while read -r name path; do
	z=$(repeat -H "Cookie: zeren_session=$cookie0" "$base$path")
	n=$(repeat "http://127.0.0.1:$nport/$name.json")
	row "$name ($(wc -c <"$t/www/$name.json") B)" "$z"
	row "  nginx, same bytes" "$n"
	echo "$z $n" | awk '{ printf "  ratio of medians: %.2f (target >= 0.5)\n", $2 / $7 }'
done <"$t/reads"
if want writes; then
	w=$(repeat -s "$t/write.lua" "$base")
	row "writes" "$w"
fi
if want mix; then
	r=$(repeat -s "$t/mixread.lua" "$base")
	row "mix, reads only" "$r"
	m=$(repeat -s "$t/mix.lua" "$base")
	row "mix, 90/10" "$m"
	echo "$r $m" | awk '{ printf "  90/10 / reads only (medians): %.2f (target >= 0.5)\n", $7 / $2 }'
	r=$(conns=$rconns repeat -s "$t/mixread.lua" "$base")
	row "  reads only, $rconns conns" "$r"
	for _ in $(seq "$repeats"); do beside; done >"$t/runs"
	b=$(summary)
	row "  the same beside" "${b%% |*}"
	row "  $wconns writing" "${b##*| }"
	echo "$r ${b%% |*}" | awk '{ printf "  reads beside writers / reads alone (medians): %.2f\n", $7 / $2 }'
fi
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if kill -TERM "$zpid" 2>/dev/null && wait "$zpid"; then
	echo "zeren serve stopped cleanly"
else
	echo "zeren serve failed; its standard error:" >&2
	cat "$t/serve.err" >&2
	exit 1
fi
zpid=
