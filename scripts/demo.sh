#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# `make run`: creates the demo database on first use (the demo site, its
# articles and pictures, and the seed article when ../shared/ is beside
# the clone), then serves it on http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")/.."
CONG=${CONG:-./cong}
SHARED=${SHARED:-../shared}
LISTEN=${CONG_LISTEN:-127.0.0.1:8080}
# a demo as root keeps root (cong serve refuses it otherwise; see
# docs/security.md for --user)
[ "$(id -u)" -ne 0 ] || export CONG_ALLOW_ROOT=${CONG_ALLOW_ROOT:-1}

if [ ! -f data/cong.db ]; then
	"$CONG" init --site demo/site.ini
	"$CONG" import --media demo/media demo/articles/*.txt
	if compgen -G "$SHARED/seed/*.txt" >/dev/null; then
		"$CONG" import --media demo/media "$SHARED"/seed/*.txt
	fi
fi
# The demo runs as whoever runs it. `cong serve` refuses root unless told:
# a real install runs it with --user (docs/deploy.md); the sandbox stays on.
extra=()
[ "$(id -u)" -eq 0 ] && extra=(--allow-root)
echo "cong: open http://$LISTEN/ (Ctrl-C stops)"
exec "$CONG" serve --listen "$LISTEN" "${extra[@]}"
