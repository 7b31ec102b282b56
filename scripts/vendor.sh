#!/bin/sh
# SPDX-License-Identifier: ISC
# Copies the built files of the newsroom's npm packages that the server
# serves into static/vendor/ (not committed: see .gitignore), so the
# static dir holds only what is used. Run by scripts/deps.sh after npm
# ci; safe to run again. Today: TinyMCE 6 (MIT), the rich-text editor of
# /quan-tri/bai-viet: its core, the silver theme, the DOM model, the
# default icons, the oxide skin and content styles, and the plugins the
# editor's toolbar uses (lists, link, table, image, autolink).
set -eu
cd "$(dirname "$0")/.."
src=node_modules/tinymce
dst=static/vendor/tinymce
if [ ! -f "$src/tinymce.min.js" ]; then
	echo "vendor: $src is missing: run npm ci first" >&2
	exit 1
fi
rm -rf "$dst"
for f in tinymce.min.js license.txt \
    themes/silver/theme.min.js \
    models/dom/model.min.js \
    icons/default/icons.min.js \
    skins/ui/oxide/skin.min.css \
    skins/ui/oxide/content.min.css \
    skins/content/default/content.min.css \
    plugins/lists/plugin.min.js \
    plugins/link/plugin.min.js \
    plugins/table/plugin.min.js \
    plugins/image/plugin.min.js \
    plugins/autolink/plugin.min.js; do
	mkdir -p "$dst/$(dirname "$f")"
	cp "$src/$f" "$dst/$f"
done
echo "vendor: $(find "$dst" -type f | wc -l) files in $dst" >&2
