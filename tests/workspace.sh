# SPDX-License-Identifier: ISC
# The demo site in a fresh folder, for the shell suites that start a
# server of their own; sourced after tests/tap.sh. `workspace BIN`:
# makes $work (removed at exit, kept with its logs when a check failed;
# a server left in $pid is killed), picks a free loopback $port, copies
# the static files without the newsroom's vendored editor (brotli at
# quality 11 over its 1 MB of JavaScript is slow under valgrind and the
# sanitizers, and not what these suites test), exports the settings of a
# loopback server without the sandbox, and imports the demo with BIN.
workspace_cleanup() {
	[ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null
	if [ "$fail" -eq 0 ]; then rm -rf "$work"; else echo "# logs kept in $work"; fi
}
workspace() { # bin
	work=$(mktemp -d)
	pid=
	trap workspace_cleanup EXIT
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	mkdir -p "$work/static"
	tar -C static --exclude=./vendor -cf - . | tar -C "$work/static" -xf -
	export CONG_STATIC=$work/static CONG_DATA=$work/d \
		CONG_LISTEN=127.0.0.1:$port CONG_ALLOW_ROOT=1 CONG_SANDBOX=off
	unset ASAN_OPTIONS UBSAN_OPTIONS
	"$1" init --site demo/site.ini >/dev/null 2>&1
	"$1" import --media demo/media demo/articles/*.txt >/dev/null 2>&1
	ok $? "demo site imported"
}
