#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Installs the Debian packages cong needs to build, run and test, when they
# are missing. Idempotent, and silent when everything is there.
set -euo pipefail

pkgs=(
	build-essential pkg-config clang
	libh2o-evloop-dev libssl-dev libjansson-dev libgumbo-dev libvips-dev
	libsodium-dev libutf8proc-dev libinih-dev libbrotli-dev libdeflate-dev zlib1g-dev
	libsqlite3-dev sqlite3 libicu-dev libseccomp-dev libcmocka-dev
	python3
	python3-feedparser libxml2-utils
	nodejs chromium
	libpq-dev postgresql nginx-light wrk
	slowhttptest valgrind
)
# The browser suite's tools: npm for the lockfile's packages, Java for the
# HTML validator (vnu-jar); a machine that has its own is left alone.
command -v npm >/dev/null || pkgs+=(npm)
command -v java >/dev/null || pkgs+=(default-jre-headless)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}" >&2
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >&2
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# npm packages (package.json at the root), from the lockfile, when
# node_modules is missing or older than the lockfile. No install scripts:
# vnu-jar's would fetch a Java runtime from outside; Debian's serves.
cd "$(dirname "$0")/.."
if [ -f package-lock.json ] && { [ ! -d node_modules ] ||
	[ package-lock.json -nt node_modules ]; }; then
	echo "deps: npm ci" >&2
	npm ci --no-audit --no-fund --ignore-scripts >&2
	touch node_modules
fi
# The newsroom's editor (TinyMCE), copied from node_modules into
# static/vendor/ when missing or older than the installed packages.
if [ -d node_modules/tinymce ] && { [ ! -f static/vendor/tinymce/tinymce.min.js ] ||
	[ node_modules -nt static/vendor/tinymce ]; }; then
	scripts/vendor.sh
fi
