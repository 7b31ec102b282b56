#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Valgrind memcheck on the server (the normal build, build/rel/cong; the
# sanitizer build cannot run under valgrind): starts `cong serve` under
# valgrind --leak-check=full --errors-for-leak-kinds=definite
# --error-exitcode=99, drives requests (home, article, category, 404,
# static, media, HEAD, malformed), stops it with SIGTERM and reports
# memcheck's verdict. The sandbox is off here (valgrind's own system
# calls are not the server's; test_sandbox.py covers it).
# tests/integration/valgrind.supp holds the few library suppressions.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/workspace.sh

if ! command -v valgrind >/dev/null; then
	ok 1 "valgrind installed (scripts/deps.sh)"
	finish
fi
bin=build/rel/cong
if [ "${SAN:-0}" = 1 ] || [ ! -x "$bin" ]; then
	make --no-print-directory SAN=0 -j"$(nproc)" all >/dev/null 2>&1
fi
workspace "$bin"
export CONG_LOOPS=1 CONG_WORKERS=2

valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --error-exitcode=99 \
	--suppressions=tests/integration/valgrind.supp \
	--log-file="$work/vg.log" "$bin" serve >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1800); do
	grep -q "serving on" "$work/out" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
grep -q "serving on" "$work/out"
ok $? "server starts under valgrind"
if [ "$fail" -ne 0 ]; then
	tail -n 20 "$work/err" "$work/vg.log" | sed 's/^/# /'
	finish
fi

base=http://127.0.0.1:$port
get() { # path → status
	curl -s -o /dev/null -m 30 -w '%{http_code}' "$base$1"
}
slug=$(sqlite3 "$work/d/cong.db" "SELECT slug FROM article ORDER BY id LIMIT 1")
cat_slug=$(sqlite3 "$work/d/cong.db" "SELECT slug FROM category ORDER BY id LIMIT 1")
media=$(sqlite3 "$work/d/cong.db" "SELECT file FROM media ORDER BY id LIMIT 1")
css=$(curl -s -m 30 "$base/" | grep -o '/static/css/site[^"]*' | head -1)
for probe in "/:200" "/tin-tuc/$slug:200" "/tin-tuc/$slug/in:200" \
    "/chuyen-muc/$cat_slug:200" "/tin-tuc/khong-co-bai-nay:404" \
    "$css:200" "/media/$media:200" "/healthz:200" "/:200"; do
	path=${probe%:*}
	want=${probe##*:}
	got=$(get "$path")
	[ "$got" = "$want" ]
	ok $? "under valgrind: GET $path → $got"
done
head=$(curl -s -I -m 30 -o /dev/null -w '%{http_code}' "$base/")
[ "$head" = 200 ]
ok $? "under valgrind: HEAD / → $head"
for raw in 'GARBAGE\r\n\r\n' 'GET /static/%2e%2e/x HTTP/1.1\r\nHost: x\r\n\r\n' \
    'GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n' \
    'POST /tin-tuc/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab'; do
	printf "$raw" | timeout 15 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.stdin.buffer.read())
s.shutdown(socket.SHUT_WR)
try:
    s.recv(4096)
except OSError:
    pass
' "$port"
done
ok 0 "malformed requests sent"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
if [ "$rc" -eq 99 ]; then
	ok 1 "memcheck: no invalid accesses or definite leaks (exit $rc)"
	grep -E "Invalid|uninitialised|definitely lost|at 0x|by 0x" \
		"$work/vg.log" | head -40 | sed 's/^/# /'
else
	ok "$rc" "memcheck: no invalid accesses or definite leaks (exit $rc)"
	[ "$rc" -eq 0 ] || tail -n 20 "$work/vg.log" "$work/err" | sed 's/^/# /'
fi
finish
