/* SPDX-License-Identifier: ISC */
/*
 * search/snippet.h: the piece of an article a result shows, with the
 * words of the query in <mark>. The text shown is the stored, accented
 * text; a syllable is marked when its folded form matches a query word
 * (search_query_hits), so "thi dua" marks "thi đua". Adjacent marked
 * syllables share one <mark>. The output is HTML built here: every byte
 * of text goes through escape_html(), and the only tags are <mark> and
 * </mark>, so it may be printed raw (a template key ending in _html).
 */
#ifndef CONG_SEARCH_SNIPPET_H
#define CONG_SEARCH_SNIPPET_H

#include "base/buf.h"
#include "search/query.h"

/* Most bytes of a text a snippet looks at (the start of the text). */
#define SEARCH_SNIPPET_SCAN 65536
/* Most syllables a snippet window holds. */
#define SEARCH_SNIPPET_WORDS 36

/*
 * Appends to out the window of at most words syllables (0: the whole
 * text, for titles; capped at SEARCH_SNIPPET_SCAN bytes) of text[0..n)
 * holding the most distinct query words, the query words marked, with
 * "…" where text was cut. Without any match, the start of the text.
 * *hits, if not NULL, gets the number of marked syllables.
 * CONG_ETOOBIG at out's cap (out then holds a prefix).
 */
enum cong_err search_snippet(const struct search_query *q, const char *text,
    size_t n, size_t words, struct buf *out, size_t *hits);

#endif
