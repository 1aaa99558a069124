#!/bin/sh
# The API benchmark: wrk on loopback against `zeren serve` (the demo unit) for the findings read
# and a write, next to nginx serving a static file of the same size as the findings reply, in
# the same run on the same machine. Prints requests/s, p99 latency and the ratio to nginx.
#   sh bench/api.sh            (from the source tree, after `make`)
# Environment: ZEREN (binary), THREADS (server threads and nginx workers, default: processors),
# CONNS (default 64), SECS (default 10), NODES (N: N servers on the one store behind nginx,
# scripts/nodes.sh, measured through it; unset: one server, directly), ZEREN_DB (the store in
# PostgreSQL, an empty database).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
zeren=${ZEREN:-$src/build/zeren}
threads=${THREADS:-$(nproc)}
conns=${CONNS:-64}
secs=${SECS:-10}
for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
		echo "bench/api.sh: needs $tool (Debian packages wrk, nginx, curl)" >&2
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

"$zeren" --data "$t/data" demo >/dev/null
if [ -n "${NODES:-}" ]; then
	ZEREN=$zeren NODE_ARGS="--threads $threads --ip-budget 0 --ip-connections 0 --login-budget 0 --jobs-interval 0 --checkpoint-minutes 0" \
		sh "$src/scripts/nodes.sh" start "$NODES" "$t/nodes" "$t/data" >"$t/nodes.out"
	port=$(awk '$1 == "nginx" { print $2 }' "$t/nodes.out")
else
	"$zeren" --data "$t/data" serve --listen 127.0.0.1:0 --threads "$threads" --web "$t/none" --ip-budget 0 --ip-connections 0 >"$t/serve.out" 2>"$t/serve.err" &
	zpid=$!
	for _ in $(seq 100); do grep -q listening "$t/serve.out" 2>/dev/null && break; sleep 0.05; done
	port=$(sed -n 's|.*http://[^:]*:\([0-9]*\)/.*|\1|p' "$t/serve.out")
fi
base=http://127.0.0.1:$port
curl -s -c "$t/jar" -H 'Content-Type: application/json' \
	-d '{"username":"office","password":"Zeren-Demo-2026"}' "$base/api/v1/session" >"$t/login.json"
cookie=$(awk '$6 == "zeren_session" { print $7 }' "$t/jar")
csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$t/login.json")
[ -n "$cookie" ] && [ -n "$csrf" ] || { echo "bench/api.sh: login failed: $(cat "$t/login.json")" >&2; exit 1; }
read_path=/api/v1/units/demo/findings?as_of=2026-11-21
curl -s -b "zeren_session=$cookie" "$base$read_path" >"$t/findings.json"
size=$(wc -c <"$t/findings.json")

# nginx: the same number of workers, a file of the same size, no access log. Its workers run
# as an unprivileged user, who must be able to read the file.
mkdir -p "$t/www"
chmod 755 "$t" "$t/www"
head -c "$size" /dev/zero | tr '\0' 'x' >"$t/www/findings.json"
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
	server { listen 127.0.0.1:0; root $t/www; }
}
EOF
# nginx cannot listen on port 0: find a free port first.
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/listen 127.0.0.1:0/listen 127.0.0.1:$nport/" "$t/nginx.conf"
mkdir -p "$t/tmp"
"$nginx" -c "$t/nginx.conf" -p "$t" 2>"$t/nginx.start" &
npid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$nport/findings.json" && break; sleep 0.05; done

# The write: a person's name set back and forth (a real transaction through the importer).
cat >"$t/write.lua" <<EOF
local n = 0
request = function()
	n = n + 1
	local body = '{"name":"基准测试' .. (n % 2) .. '"}'
	return wrk.format("PUT", "/api/v1/units/demo/people/p-zhudan",
		{["Content-Type"] = "application/json", ["Cookie"] = "zeren_session=$cookie",
		 ["X-CSRF-Token"] = "$csrf"}, body)
end
EOF

run() { # name, wrk arguments...
	name=$1
	shift
	wrk -t "$threads" -c "$conns" -d "${secs}s" --latency "$@" >"$t/$name.out" 2>&1 || true
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$t/$name.out")
	p99=$(awk '$1 == "99%" { print $2 }' "$t/$name.out")
	errs=$(awk '/Non-2xx/ { print $NF }' "$t/$name.out")
	printf '%-34s %12s req/s   p99 %8s%s\n' "$name" "$rps" "$p99" "${errs:+   non-2xx: $errs}"
	eval "rps_$name=\$rps"
}

echo "# wrk -t$threads -c$conns -d${secs}s on loopback; zeren and nginx with $threads threads/workers; reply $size bytes"
run nginx_static "http://127.0.0.1:$nport/findings.json"
run zeren_findings -H "Cookie: zeren_session=$cookie" "$base$read_path"
run zeren_write -s "$t/write.lua" "$base"
awk -v z="$rps_zeren_findings" -v n="$rps_nginx_static" 'BEGIN { printf "ratio findings/nginx: %.2f (target >= 0.5)\n", z / n }'
if [ -n "${NODES:-}" ]; then
	echo "(through nginx to $NODES nodes)"
elif kill -TERM "$zpid" 2>/dev/null && wait "$zpid"; then
	echo "zeren serve stopped cleanly"
else
	echo "zeren serve failed; its standard error:" >&2
	cat "$t/serve.err" >&2
	exit 1
fi
zpid=
