/* SPDX-License-Identifier: ISC */
/*
 * fuzz/search_query.c: libFuzzer target for search/query.c, search/text.c
 * and search/snippet.c. The input is a query and, after the first
 * newline, a text. Checks: a parsed query has 1..LIMIT_QUERY_TERMS words
 * whose terms hold only [a-z0-9] and non-ASCII bytes; every MATCH
 * expression has balanced double quotes; the term string holds no ASCII
 * byte but [a-z0-9_ ]; the snippet has as many <mark> as </mark> and no
 * other '<'.
 */
#include "base/common.h"

#include "search/query.h"
#include "search/snippet.h"
#include "search/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_term(const char *t)
{
	for (; *t; t++)
		if (!((unsigned char)*t >= 0x80 || (*t >= 'a' && *t <= 'z') ||
		    (*t >= '0' && *t <= '9')))
			abort();
}

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl = memchr(p, '\n', size);
	size_t qn = nl ? (size_t)(nl - p) : size, i;
	const char *text = nl ? nl + 1 : p;
	size_t tn = nl ? size - qn - 1 : size;
	struct search_query *q = xcalloc(1, sizeof(*q));
	struct buf b, sn;
	enum search_stage st;

	buf_init(&b, 1 << 16);
	buf_init(&sn, 1 << 16);
	if (search_query_parse(p, qn, q) == CONG_OK) {
		if (q->nwords < 1 || q->nwords > LIMIT_QUERY_TERMS)
			abort();
		for (i = 0; i < q->nwords; i++) {
			check_term(q->words[i].fold);
			check_term(q->words[i].exact);
		}
		for (st = 0; st < SEARCH_STAGE__MAX; st++) {
			buf_reset(&b);
			if (search_query_match(q, st, &b) == CONG_OK &&
			    count(b.ptr, "\"") % 2 != 0)
				abort();
		}
		if (search_snippet(q, text, tn, SEARCH_SNIPPET_WORDS, &sn,
		    NULL) == CONG_OK) {
			size_t lt = count(sn.ptr, "<");

			if (count(sn.ptr, "<mark>") != count(sn.ptr, "</mark>") ||
			    lt != 2 * count(sn.ptr, "<mark>"))
				abort();
		}
	}
	buf_reset(&b);
	if (search_terms(text, tn, &b) == CONG_OK)
		for (i = 0; i < b.len; i++) {
			unsigned char c = (unsigned char)b.ptr[i];

			if (c < 0x80 && !(c == ' ' || c == '_' ||
			    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
				abort();
		}
	buf_reset(&b);
	(void)search_html_text(text, tn, &b);
	buf_release(&b);
	buf_release(&sn);
	free(q);
	return 0;
}
