#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The server's threads under ThreadSanitizer: a build with
# -fsanitize=thread (build/tsan) serves a burst of uncached pages from 16
# connections over two event loops and four workers, so that answers go
# back from the workers to both loops at once; then it stops. TSan must
# report nothing and the server must exit 0. The normal build takes the
# same burst and must stay up and exit 0.
#
# Why: libh2o keeps recycled socket buffers in per-thread lists, and a
# socket keeps the list of the thread that made it. The loops' queues
# were once made by the main thread, so both loops took buffers from one
# unlocked list; a crawl of uncached pages corrupted the heap within
# seconds (h2o_mem_alloc_recycle assertion, "free(): invalid pointer").
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/tap.sh
. tests/workspace.sh

for tool in wrk; do
	command -v "$tool" >/dev/null || { ok 1 "$tool installed (scripts/deps.sh)"; finish; }
done
make --no-print-directory -j"$(nproc)" BUILD=build/tsan \
	OPT="-O1 -g -fsanitize=thread" build/tsan/cong >/dev/null 2>&1
ok $? "ThreadSanitizer build (build/tsan/cong)"
[ -x build/rel/cong ] || make --no-print-directory SAN=0 -j"$(nproc)" all >/dev/null 2>&1

workspace build/rel/cong
export CONG_LOOPS=2 CONG_WORKERS=4 CONG_ACCESS_LOG=off
export TSAN_OPTIONS="halt_on_error=0 report_signal_unsafe=0"

# every request a miss: a query string the cache does not keep
cat > "$work/burst.lua" <<'LUA'
local n = 0
function request()
	n = n + 1
	return wrk.format("GET", "/?lan=" .. n)
end
LUA

burst() { # binary, label
	local bin=$1 label=$2 out code
	"$bin" serve >"$work/$label.out" 2>"$work/$label.err" &
	pid=$!
	for _ in $(seq 200); do
		grep -q "serving on" "$work/$label.out" 2>/dev/null && break
		sleep 0.05
	done
	out=$(wrk -t2 -c16 -d4s -s "$work/burst.lua" "http://127.0.0.1:$port/" 2>&1)
	echo "$out" > "$work/$label.wrk"
	reqs=$(echo "$out" | awk '/requests in/ {print $1}')
	bad=$(echo "$out" | awk '/Non-2xx|Socket errors/ {for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) {gsub(",","",$i); s+=$i}} END {print s+0}')
	ok $(( ${reqs:-0} >= 200 && bad == 0 ? 0 : 1 )) \
		"$label: ${reqs:-0} uncached pages from 16 connections, $bad errors"
	kill -TERM "$pid"
	wait "$pid"
	code=$?
	pid=
	ok "$code" "$label: stopped cleanly (exit $code)"
}

burst build/tsan/cong tsan
races=$(grep -c "WARNING: ThreadSanitizer" "$work/tsan.err")
ok "$races" "tsan: no data race reported ($races)"
[ "$races" -eq 0 ] || grep -m1 -A24 "WARNING: ThreadSanitizer" "$work/tsan.err" | sed 's/^/# /'
burst build/rel/cong release
finish
