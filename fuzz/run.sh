#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Runs every built fuzz target (build/fuzz/bin/*) for SECONDS seconds on a
# scratch copy of its seed corpus, with its dictionary, and prints one TAP
# line per target. The committed corpus in fuzz/corpus/ is only read: each
# run works in its own build/fuzz/run.XXXXXX/ (so two runs at once do not
# meet), with what libFuzzer finds in work/<name>/ and crashes and logs in
# artifacts/<name>/ (named in the "not ok" line). A run that passes
# removes its folder; a failing one keeps it.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
FUZZ_BUILD=${FUZZ_BUILD:-build/fuzz}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for b in "$FUZZ_BUILD"/bin/*; do
		[ -x "$b" ] && [ ! -d "$b" ] && targets+=("$(basename "$b")")
	done
fi
echo "1..${#targets[@]}"
mkdir -p "$FUZZ_BUILD"
run=$(mktemp -d "$FUZZ_BUILD/run.XXXXXX")
n=0
failed=0
for name in "${targets[@]}"; do
	n=$((n + 1))
	bin="$FUZZ_BUILD/bin/$name"
	work="$run/work/$name"
	arts="$run/artifacts/$name"
	mkdir -p "$work" "$arts"
	[ -d "fuzz/corpus/$name" ] && cp -R "fuzz/corpus/$name/." "$work/"
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=("-dict=fuzz/$name.dict")
	# FUZZ_SEED: the same mutations each run (make check's short pass);
	# unset, libFuzzer seeds from the clock, which is what long runs want
	[ -n "${FUZZ_SEED:-}" ] && dict+=("-seed=$FUZZ_SEED")
	# -timeout: one input running longer than 10 s is a hang, a failure.
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$arts/" "${dict[@]}" "$work" \
		>"$arts/log" 2>&1
	rc=$?
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$arts/log" |
		grep -o '[0-9]*$')
	crash=$(find "$arts" -type f ! -name log | head -1)
	if [ "$rc" -eq 0 ] && [ -z "$crash" ]; then
		echo "ok $n - $name (${execs:-0} runs in ${secs}s)"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name: exit $rc, input ${crash:-none}, log $arts/log"
		grep -E 'ERROR|runtime error|invariant|SUMMARY' "$arts/log" |
			head -5 | sed 's/^/# /'
	fi
done
if [ "$failed" -eq 0 ]; then
	rm -rf "$run"
else
	echo "# inputs and logs kept in $run"
fi
[ "$failed" -eq 0 ]
