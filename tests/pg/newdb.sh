#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Creates a fresh, empty database on the test server whose URL is given
# (tests/pg/start.sh's output, ending in /postgres) and prints its URL:
# tests/pg/newdb.sh URL [NAME]. NAME defaults to a random cong_t… name.
set -euo pipefail
url=$1
name=${2:-cong_t$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}
case "$name" in
*[!a-z0-9_]*) echo "newdb: bad name '$name'" >&2; exit 2 ;;
esac
psql -X -q -v ON_ERROR_STOP=1 "$url" -c "CREATE DATABASE $name" >&2
echo "${url%/*}/$name"
