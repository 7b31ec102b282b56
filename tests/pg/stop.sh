#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Stops the PostgreSQL that tests/pg/start.sh DIR started and removes DIR.
# "immediate": the data is thrown away, so there is nothing to flush.
set -uo pipefail
dir=$1
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -f "$dir/data/postmaster.pid" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate \
			-w stop >/dev/null 2>&1
	else
		"$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	fi
fi
rm -rf "$dir"
