#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The audit log is a hash chain (content/audit.h): imports add chained
# rows, `cong check` accepts the chain, and an edit, a removal or a
# rehash of a past row made behind cong's back (sqlite3 on the file) is
# reported by `cong check` naming the first broken row.
set -uo pipefail
cd "$(dirname "$0")/../.."
CONG=${CONG_BIN:-$PWD/cong}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CONG_DATA=$work/d
db=$work/d/cong.db
. tests/tap.sh

"$CONG" init --site demo/site.ini >/dev/null 2>&1
for i in 1 2 3 4; do
	printf 'Cổng\n\nTin tức\n\nBài kiểm tra nhật ký %d\n\n(08:0%d | 02/01/2024)\n\nMở đầu %d.\n\nThân bài.\n\nTác giả\n' \
		"$i" "$i" "$i" >"$work/a$i.txt"
done
"$CONG" import "$work"/a1.txt "$work"/a2.txt "$work"/a3.txt >/dev/null 2>&1
"$CONG" import "$work"/a1.txt >/dev/null 2>&1	# an update: a 4th row
rows=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE length(hash) = 64")
[ "$rows" = 4 ]; ok $? "four chained audit rows (got $rows)"
first=$(sqlite3 "$db" "SELECT prev_hash FROM audit ORDER BY id LIMIT 1")
[ "$first" = "$(printf '0%.0s' $(seq 64))" ]; ok $? "first row links to the zero hash"
linked=$(sqlite3 "$db" "SELECT count(*) FROM audit a JOIN audit b
	ON b.id = a.id + 1 WHERE b.prev_hash = a.hash")
[ "$linked" = 3 ]; ok $? "each row stores the hash of the one before"
out=$("$CONG" check 2>/dev/null); rc=$?
[ $rc -eq 0 ] && [ "$out" = ok ]; ok $? "cong check: intact chain is ok"

cp "$db" "$work/clean.db"
sqlite3 "$db" "UPDATE audit SET actor = 'mallory' WHERE id = 2"
out=$("$CONG" check 2>/dev/null); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"audit: row 2 "* ]]; ok $? "edited row 2 is named: $out"

cp "$work/clean.db" "$db"
sqlite3 "$db" "DELETE FROM audit WHERE id = 2"
out=$("$CONG" check 2>/dev/null); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"audit: row 3 "* ]]; ok $? "removed row: the next one (3) is named: $out"

# a forger who rehashes one row still breaks the link of the next
cp "$work/clean.db" "$db"
sqlite3 "$db" "UPDATE audit SET detail = 'x', hash = '$(printf 'a%.0s' $(seq 64))' WHERE id = 3"
out=$("$CONG" check 2>/dev/null); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"audit: row 3 "* ]]; ok $? "rehashed row 3 is named: $out"

cp "$work/clean.db" "$db"
sqlite3 "$db" "UPDATE audit SET hash = '', prev_hash = '' WHERE id = 1"
out=$("$CONG" check 2>/dev/null); rc=$?
[ $rc -ne 0 ] && [[ "$out" == *"audit: row 1 "* ]]; ok $? "hash removed from row 1 is named: $out"

# rows written without a hash (older code paths) are sealed by the next
cp "$work/clean.db" "$db"
sqlite3 "$db" "INSERT INTO audit (site_id, at, actor, action, object)
	VALUES (1, 1700000000, 'cli', 'user.add', 'user:1')"
"$CONG" import "$work"/a4.txt >/dev/null 2>&1
sealed=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE length(hash) = 64")
out=$("$CONG" check 2>/dev/null); rc=$?
[ "$sealed" = 6 ] && [ $rc -eq 0 ]; ok $? "an unsealed row is sealed by the next append ($sealed rows, $out)"
finish
