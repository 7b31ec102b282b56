/* SPDX-License-Identifier: ISC */
/*
 * import.h: articles from files. Two formats:
 *
 *  - the seed's text format (the Kiên Lương portal's article page as
 *    text): portal name, section, title, "(HH:MM | DD/MM/YYYY)", then
 *    paragraphs, each image as a file-name line followed by its caption,
 *    and the author's name last; blocks are separated by blank lines
 *    (lines of only spaces or NBSP are blank). The first paragraph is the
 *    lead.
 *  - JSON: one object or an array of objects with "category", "title",
 *    "published" ("15:54 | 18/07/2019", "(15:54 | 18/07/2019)" or
 *    "2019-07-18T15:54"), and optionally "lead", "paragraphs" (array of
 *    text) or "body_html" (sanitized on the way in), "images" (array of
 *    {"file", "caption", "alt"}; the first is the cover), "author",
 *    "source", "featured".
 *
 * Parsing is separate from storing, so a file is checked whole before
 * anything is written, and every parser has a fuzz target.
 */
#ifndef CONG_CONTENT_IMPORT_H
#define CONG_CONTENT_IMPORT_H

#include <jansson.h>

#include "base/buf.h"
#include "vn/legacy.h"

struct store_conn;

#define IMPORT_MAX_BLOCKS 2000

enum import_block_kind { IMPORT_PARA, IMPORT_IMAGE, IMPORT_HTML };

struct import_block {
	enum import_block_kind kind;
	char *text;	/* paragraph text, image file name, or raw HTML */
	char *caption;	/* images: caption (also the alt text) */
	int line;
};

struct import_article {
	char *portal;
	char *category;
	char *title;
	char *lead;
	char *author;
	char *source;
	bool featured;
	int64_t published_at;
	struct import_block *blocks;
	size_t nblocks;
};

/*
 * Parses one article in the text format. name is used in messages. On
 * error, why gets "NAME:LINE: expected …" and *out is left empty.
 */
enum cong_err import_parse_text(const char *name, const char *p, size_t n,
    struct import_article *out, struct buf *why);
/*
 * Parses the JSON format into a new array of articles (*out, *count).
 */
enum cong_err import_parse_json(const char *name, const char *p, size_t n,
    struct import_article **out, size_t *count, struct buf *why);
void import_article_release(struct import_article *a);

/*
 * Turns raw file bytes into clean UTF-8 text: decodes legacy Vietnamese
 * encodings (enc VN_ENC__MAX means "auto": UTF-8 if valid, else
 * detected), drops a BOM, normalises to NFC.
 */
enum cong_err import_decode(const char *name, const char *p, size_t n,
    enum vn_enc enc, struct buf *out, struct buf *why);

/*
 * Stores a parsed article in the site: its images (looked up by file
 * name in media_src), the body built and sanitized, the category created
 * if new. One transaction (the caller's, if one is open): on error
 * nothing of it is stored. A second import of the same article (same
 * title and time) updates it.
 */
enum cong_err import_store(struct store_conn *db, int64_t site_id,
    const char *media_dir, const char *media_src,
    const struct import_article *a, int64_t now, int64_t *id,
    struct buf *why);

#endif
