/* SPDX-License-Identifier: ISC */
/*
 * fuzz/import_text.c: libFuzzer target for content/import.c's file path
 * of the seed text format: import_decode (BOM, legacy encodings chosen by
 * the first byte or detected, NFC) and then import_parse_text. Checks the
 * promises of import.h: a failed parse leaves the article empty and says
 * why; a parsed one has portal, category, title, author, a time, blocks
 * within IMPORT_MAX_BLOCKS, and every text is valid UTF-8 within its cap.
 */
#include "base/common.h"
#include "base/log.h"

#include "content/import.h"
#include "vn/text.h"

#include <stdio.h>

/* content/import.c's cap on portal, section, author, source, caption */
#define FIELD_MAX 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
invariant(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

static bool
text_ok(const char *s, size_t max)
{
	return s && vn_utf8_valid(s, strlen(s)) && strlen(s) <= max;
}

static void
check_article(const struct import_article *a)
{
	size_t i;

	invariant(text_ok(a->portal, FIELD_MAX), "portal");
	invariant(text_ok(a->category, FIELD_MAX), "category");
	invariant(text_ok(a->title, LIMIT_TITLE) && *a->title, "title");
	invariant(text_ok(a->author, FIELD_MAX), "author");
	invariant(!a->lead || text_ok(a->lead, LIMIT_LEAD), "lead");
	invariant(a->nblocks <= IMPORT_MAX_BLOCKS, "block count");
	for (i = 0; i < a->nblocks; i++) {
		invariant(text_ok(a->blocks[i].text, LIMIT_BODY), "block");
		invariant(a->blocks[i].kind != IMPORT_IMAGE ||
		    text_ok(a->blocks[i].caption, LIMIT_BODY), "caption");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	struct import_article a, empty;
	struct buf text, why;
	enum vn_enc enc;
	enum cong_err err;

	if (!quiet) {
		log_set_quiet(true);
		quiet = true;
	}
	if (size < 1)
		return 0;
	/* first byte: the --encoding given (VN_ENC__MAX is "auto") */
	enc = (enum vn_enc)(data[0] % (VN_ENC__MAX + 1));
	buf_init(&text, LIMIT_IMPORT_FILE * 2);
	buf_init(&why, 4096);
	err = import_decode("f", (const char *)data + 1, size - 1, enc, &text,
	    &why);
	if (err) {
		invariant(why.len > 0, "decode failed without a reason");
		goto out;
	}
	invariant(vn_utf8_valid(text.ptr, text.len), "decoded text UTF-8");
	buf_reset(&why);
	memset(&empty, 0, sizeof(empty));
	err = import_parse_text("f", text.ptr, text.len, &a, &why);
	if (err) {
		invariant(why.len > 0, "parse failed without a reason");
		invariant(!memcmp(&a, &empty, sizeof(a)),
		    "failed parse left a partial article");
	} else {
		check_article(&a);
	}
	import_article_release(&a);
out:
	buf_release(&text);
	buf_release(&why);
	return 0;
}
