#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Starts a throw-away PostgreSQL for the tests: tests/pg/start.sh DIR
# initialises a cluster in DIR/data (installing Debian's postgresql first
# if it is missing), starts it on a free loopback port with its unix
# socket in DIR, and prints its URL on stdout:
#   postgresql://postgres@127.0.0.1:PORT/postgres
# Trust authentication on loopback, fsync off: data here is disposable.
# The server runs as the 'postgres' system user when we are root (CI is),
# as ourselves otherwise. Stop it with tests/pg/stop.sh DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."

dir=$1
pg_bin() {
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
bin=$(pg_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	scripts/deps.sh >&2
	bin=$(pg_bin)
fi

as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
	useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
chmod 700 "$dir"

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket();
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# C collation: text sorts by bytes, as SQLite's BINARY collation does.
as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
	-E UTF8 --lc-collate=C --lc-ctype=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off \
-c synchronous_commit=off -c full_page_writes=off -c max_connections=300 \
-c shared_buffers=64MB" >"$dir/options"
echo "$port" >"$dir/port"
tests/pg/ctl.sh "$dir" start || exit 1
echo "postgresql://postgres@127.0.0.1:$port/postgres"
