#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The short fuzz pass of `make check`: builds every fuzz target (clang,
# libFuzzer, ASan+UBSan; see fuzz/README.md) and runs each for a few
# seconds (FUZZ_SHORT_S, default 3) over a copy of its seeds, so every
# committed seed, crash regressions included, is replayed on each run.
set -uo pipefail
cd "$(dirname "$0")/../.."

mkdir -p build
if ! make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" \
    fuzz-build >build/fuzz-build.log 2>&1; then
	echo "1..1"
	echo "not ok 1 - fuzz targets build"
	tail -30 build/fuzz-build.log | sed 's/^/# /'
	rm -f build/fuzz-build.log
	exit 1
fi

# the fuzz build's own sanitizer settings, not the suite runner's
unset ASAN_OPTIONS UBSAN_OPTIONS
# a fixed seed: the short pass is a regression check, the same inputs each
# run; `make fuzz` explores with fresh seeds
export FUZZ_SEED=${FUZZ_SEED:-1}
exec fuzz/run.sh "${FUZZ_SHORT_S:-3}"
