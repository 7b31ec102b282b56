#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Stops or starts again the test PostgreSQL of tests/pg/start.sh DIR, on
# the same port and settings: tests/pg/ctl.sh DIR stop|start. The cluster
# test uses it to take the database away under running nodes.
set -euo pipefail
dir=$1
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
run() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
case "$2" in
start)
	run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "$(cat "$dir/options")" start >&2 || {
		tail -20 "$dir/server.log" >&2
		exit 1
	}
	;;
stop)
	run "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2
	;;
*)
	echo "usage: tests/pg/ctl.sh DIR stop|start" >&2
	exit 2
	;;
esac
