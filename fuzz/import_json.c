/* SPDX-License-Identifier: ISC */
/*
 * fuzz/import_json.c: libFuzzer target for import_parse_json in
 * content/import.c (jansson underneath, then each article's fields
 * checked, cleaned and capped; "body_html" goes through the sanitizer).
 * Checks import.h's promises: on error no articles and a reason; on
 * success every article has a title within LIMIT_TITLE, valid UTF-8
 * everywhere, and at most IMPORT_MAX_BLOCKS blocks.
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
	return !s || (vn_utf8_valid(s, strlen(s)) && strlen(s) <= max);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	struct import_article *arts = NULL;
	struct buf why;
	size_t count = 99, i, j;
	enum cong_err err;

	if (!quiet) {
		log_set_quiet(true);
		quiet = true;
	}
	buf_init(&why, 4096);
	err = import_parse_json("f.json", (const char *)data, size, &arts,
	    &count, &why);
	if (err) {
		invariant(why.len > 0, "failed without a reason");
		invariant(!arts && count == 0, "failed but returned articles");
	}
	for (i = 0; i < count; i++) {
		const struct import_article *a = &arts[i];

		invariant(a->title && *a->title &&
		    text_ok(a->title, LIMIT_TITLE), "title");
		invariant(text_ok(a->lead, LIMIT_LEAD), "lead");
		invariant(text_ok(a->category, FIELD_MAX), "category");
		invariant(text_ok(a->author, FIELD_MAX), "author");
		invariant(text_ok(a->source, FIELD_MAX), "source");
		invariant(a->nblocks <= IMPORT_MAX_BLOCKS, "block count");
		for (j = 0; j < a->nblocks; j++)
			invariant(text_ok(a->blocks[j].text, LIMIT_BODY) &&
			    text_ok(a->blocks[j].caption, LIMIT_BODY),
			    "block text");
		import_article_release(&arts[i]);
	}
	free(arts);
	buf_release(&why);
	return 0;
}
