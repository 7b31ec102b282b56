# SPDX-License-Identifier: ISC
# TAP for the shell suites, sourced (`. tests/tap.sh`): `ok STATUS NAME`
# prints "ok N - NAME" when STATUS is 0 and "not ok N - NAME" otherwise;
# `finish` prints the plan and exits 1 if a check failed.
n=0
fail=0
ok() { # status, name
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}
finish() {
	echo "1..$n"
	exit "$fail"
}
