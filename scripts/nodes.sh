#!/bin/sh
# Several `zeren serve` processes on one store behind nginx (issue 16, item 4).
#
#   scripts/nodes.sh start N STATE DATA   starts N nodes on free ports, all serving the data
#                                         directory DATA (and $ZEREN_DB when set: it passes through
#                                         the environment), and an nginx on a free port in front
#                                         of them, with a config generated in the new directory
#                                         STATE; prints "nginx PORT" and "node I PORT PID" lines,
#                                         also kept in STATE/nodes
#   scripts/nodes.sh stop STATE           stops the nginx and the nodes it started, by their pids,
#                                         and removes STATE
#
# Root-safe: nginx runs as the invoking user (user directive only when root), with its pid file,
# logs and temporary paths inside STATE; nothing outside STATE is written but DATA. $ZEREN is the
# binary (default build/zeren); $NODE_ARGS are added to every `zeren serve`.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
ZEREN=${ZEREN:-$here/build/zeren}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
	n=$1 state=$2 data=$3
	[ -x "$NGINX" ] || { echo "nodes: no nginx at $NGINX (apt-get install nginx)" >&2; exit 1; }
	mkdir "$state" || { echo "nodes: $state exists" >&2; exit 1; }
	mkdir "$state/tmp" "$state/logs"
	: >"$state/nodes"
	upstream=""
	i=1
	while [ "$i" -le "$n" ]; do
		# port 0: the node picks a free port and prints it on its first line
		# shellcheck disable=SC2086
		"$ZEREN" --data "$data" serve --listen 127.0.0.1:0 --behind-proxy --web "$state/no-web" \
			${NODE_ARGS:-} >"$state/node$i.out" 2>"$state/node$i.err" &
		pid=$!
		port=""
		tries=0
		while [ -z "$port" ] && [ $tries -lt 100 ]; do
			port=$(sed -n 's|.*http://[^:]*:\([0-9][0-9]*\)/.*|\1|p' "$state/node$i.out" | head -1)
			[ -n "$port" ] || { kill -0 "$pid" 2>/dev/null || break; sleep 0.1; }
			tries=$((tries + 1))
		done
		if [ -z "$port" ]; then
			echo "nodes: node $i did not start:" >&2
			cat "$state/node$i.err" >&2
			stop "$state"
			exit 1
		fi
		echo "node $i $port $pid" >>"$state/nodes"
		upstream="$upstream		server 127.0.0.1:$port max_fails=1 fail_timeout=5s;
"
		i=$((i + 1))
	done
	port=$(free_port)
	user_line=""
	[ "$(id -u)" -eq 0 ] && user_line="user root root;"
	cat >"$state/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $state/nginx.pid;
error_log $state/logs/error.log warn;
events { worker_connections 512; }
http {
	# request | status | each node it went to | what each answered (tests/nodes/test_nodes.py reads it)
	log_format nodes '\$time_iso8601|\$request|\$status|\$upstream_addr|\$upstream_status|\$request_time';
	access_log $state/logs/access.log nodes;
	client_body_temp_path $state/tmp/body;
	proxy_temp_path $state/tmp/proxy;
	fastcgi_temp_path $state/tmp/fastcgi;
	uwsgi_temp_path $state/tmp/uwsgi;
	scgi_temp_path $state/tmp/scgi;
	client_max_body_size 64m;
	upstream zeren {
$upstream		keepalive 16;
	}
	server {
		listen 127.0.0.1:$port;
		location / {
			proxy_pass http://zeren;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$remote_addr;
			proxy_set_header X-Forwarded-Proto http;
			# A node that fails is skipped for a while; a request that failed on one (connect
			# error, reset, 502/503) goes to the next. nginx never resends a POST or PATCH that
			# reached a node (it may have been applied); GET, PUT and DELETE it may.
			proxy_next_upstream error timeout http_502 http_503;
			proxy_next_upstream_tries 3;
			proxy_connect_timeout 2s;
			proxy_read_timeout 120s;
		}
	}
}
EOF
	"$NGINX" -p "$state" -c "$state/nginx.conf" -e "$state/logs/error.log" 2>"$state/nginx.err" || {
		cat "$state/nginx.err" >&2
		stop "$state"
		exit 1
	}
	tries=0
	while [ ! -s "$state/nginx.pid" ] && [ $tries -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
	echo "nginx $port $(cat "$state/nginx.pid" 2>/dev/null)" >>"$state/nodes"
	cat "$state/nodes"
}

stop() {
	state=$1
	[ -d "$state" ] || return 0
	if [ -s "$state/nginx.pid" ]; then
		pid=$(cat "$state/nginx.pid")
		kill -QUIT "$pid" 2>/dev/null || true
		tries=0
		while kill -0 "$pid" 2>/dev/null && [ $tries -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
	fi
	if [ -f "$state/nodes" ]; then
		while read -r what _i _port pid; do
			[ "$what" = node ] && kill -TERM "$pid" 2>/dev/null || true
		done <"$state/nodes"
		while read -r what _i _port pid; do
			tries=0
			while [ "$what" = node ] && kill -0 "$pid" 2>/dev/null && [ $tries -lt 100 ]; do
				sleep 0.1
				tries=$((tries + 1))
			done
		done <"$state/nodes"
	fi
	rm -rf "$state"
}

case ${1:-} in
start) [ $# -eq 4 ] || { echo "usage: $0 start N STATE DATA" >&2; exit 2; }; start "$2" "$3" "$4" ;;
stop) [ $# -eq 2 ] || { echo "usage: $0 stop STATE" >&2; exit 2; }; stop "$2" ;;
*) echo "usage: $0 start N STATE DATA | stop STATE" >&2; exit 2 ;;
esac
