#!/bin/sh
# A throw-away PostgreSQL 15 cluster for the test suites (make check-pg).
#   sh scripts/pg.sh start   initdb in a new temporary directory, start the server on a free port of
#                            127.0.0.1 (its socket in that directory) and print its URL
#   sh scripts/pg.sh stop    stop the server and remove the directory
# The server runs as an unprivileged system user (zeren-test, created here when missing; the
# machine's root may not run PostgreSQL). The directory is kept in $PG_STATE (default
# build/pg-cluster, a file naming it), so stop finds what start made.
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STATE=${PG_STATE:-build/pg-cluster}
RUNAS=zeren-test

as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$RUNAS" -- "$@"
	else
		"$@"
	fi
}

case "${1:-}" in
start)
	[ -x "$PGBIN/initdb" ] || { echo "pg.sh: no PostgreSQL at $PGBIN (make deps installs it)" >&2; exit 1; }
	if [ -f "$STATE" ]; then
		echo "pg.sh: a cluster of this script runs already ($(cat "$STATE")): sh scripts/pg.sh stop first" >&2
		exit 1
	fi
	if [ "$(id -u)" -eq 0 ] && ! id "$RUNAS" >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin "$RUNAS"
	fi
	dir=$(mktemp -d /tmp/zeren-pg.XXXXXX)
	chmod 0755 "$dir"
	[ "$(id -u)" -eq 0 ] && chown "$RUNAS" "$dir"
	mkdir -p "$(dirname "$STATE")"
	echo "$dir" > "$STATE"
	as_user "$PGBIN/initdb" -D "$dir/data" -U zeren --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	# A free port: the kernel's choice for a socket bound to port 0, released before the server takes it.
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	as_user "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "$port" > "$dir/port"
	echo "postgresql://zeren@127.0.0.1:$port/postgres"
	;;
stop)
	[ -f "$STATE" ] || exit 0
	dir=$(cat "$STATE")
	case "$dir" in /tmp/zeren-pg.*) ;; *) echo "pg.sh: $STATE names '$dir', not a cluster of this script" >&2; exit 1 ;; esac
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_user "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir" "$STATE"
	;;
*)
	echo "usage: sh scripts/pg.sh start|stop" >&2
	exit 2
	;;
esac
