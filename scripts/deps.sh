#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Installs the Debian packages cong needs to build, run and test, when they
# are missing. Idempotent, and silent when everything is there.
set -euo pipefail

pkgs=(
	build-essential pkg-config clang
	libh2o-evloop-dev libssl-dev libjansson-dev libgumbo-dev libvips-dev
	libsodium-dev libutf8proc-dev libinih-dev libbrotli-dev zlib1g-dev
	libsqlite3-dev sqlite3 libicu-dev libseccomp-dev libcmocka-dev
	python3
)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
