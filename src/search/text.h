/* SPDX-License-Identifier: ISC */
/*
 * search/text.h: the tokenizer both sides of search share. Text (NFC
 * UTF-8) is cut into syllables: maximal runs of letters, combining marks
 * and digits (Unicode categories L, M, N). Each syllable knows what lay
 * between it and the one before: only spaces (a pair: most Vietnamese
 * words are two syllables), one joiner character '/', '-' or '.' with no
 * space (a part of a compound such as a document number "42/2022/NĐ-CP"),
 * or anything else (a break: punctuation, a line end).
 *
 * search_terms() turns a field into the space-separated term string the
 * index stores; the query side (search/query.h) makes its terms with the
 * same search_term_fold() and search_term_exact(), so both agree byte for
 * byte. Terms are lower-case and hold only [a-z0-9_] and non-ASCII bytes,
 * which SQLite FTS5's "ascii" tokenizer (tokenchars '_') keeps whole and
 * PostgreSQL's 'simple' text search configuration keeps too.
 *
 * Also here: search_html_text(), the plain text of a sanitized body.
 * All functions are thread-safe and allocate only through the bufs given.
 */
#ifndef CONG_SEARCH_TEXT_H
#define CONG_SEARCH_TEXT_H

#include "base/buf.h"

/* Longest syllable that becomes a term, in bytes; longer ones are skipped. */
#define SEARCH_TERM_MAX 64
/* Most syllables in one document number term. */
#define SEARCH_DOCNUM_MAX 8

enum search_gap {
	SEARCH_GAP_BREAK,	/* first syllable, or punctuation/line end */
	SEARCH_GAP_SPACE,	/* only spaces and tabs (incl. NBSP) */
	SEARCH_GAP_JOIN		/* exactly one '/', '-' or '.' */
};

struct search_tok {
	size_t off;		/* byte offset in the text */
	size_t len;		/* bytes */
	enum search_gap gap;	/* what precedes it */
	char joiner;		/* the joiner for SEARCH_GAP_JOIN, else 0 */
};

/*
 * Reads the syllable at or after *pos in p[0..n) into *t and moves *pos
 * past it. Returns false when no syllable is left. Malformed UTF-8 bytes
 * count as punctuation.
 */
bool search_tok_next(const char *p, size_t n, size_t *pos,
    struct search_tok *t);

/*
 * The folded term of the syllable p[0..n) (vn/fold.h: no tones, no vowel
 * marks, đ -> d, lower case), with any ASCII byte outside [a-z0-9]
 * dropped, appended to out. CONG_EINVAL if the result is empty or p is
 * longer than SEARCH_TERM_MAX; CONG_ETOOBIG at out's cap. On error out
 * is left as it was.
 */
enum cong_err search_term_fold(const char *p, size_t n, struct buf *out);

/*
 * The exact term of the syllable: lower-cased code point by code point,
 * diacritics kept, appended to out; same filtering and errors as
 * search_term_fold().
 */
enum cong_err search_term_exact(const char *p, size_t n, struct buf *out);

/*
 * Appends the term string of one field (title, lead or body text, NFC) to
 * out, in this order, so that the folded syllables sit at consecutive
 * positions and FTS5 phrase queries over them work:
 *   1. the folded syllables, in text order ("thi dua");
 *   2. the exact syllables that carry a diacritic ("đua");
 *   3. folded pairs of adjacent syllables (gap SPACE or JOIN): "_thi_dua";
 *   4. exact pairs where either syllable carries a diacritic: "_thi_đua";
 *   5. document numbers: a chain of 2..SEARCH_DOCNUM_MAX syllables linked
 *      by joiners, with at least one '/', starting with a digit:
 *      "42/2022/NĐ-CP" -> "__42_2022_nd_cp".
 * Terms are separated by one space. Returns CONG_ETOOBIG at out's cap
 * (out then holds a prefix), CONG_OK otherwise.
 */
enum cong_err search_terms(const char *p, size_t n, struct buf *out);

/*
 * Appends the plain text of sanitized HTML to out: tags dropped, block
 * elements (p, div, br, li, figure, figcaption, h1-h6, tr, td, th,
 * blockquote, ...) ending a line, the common entities and numeric
 * references decoded, runs of spaces collapsed. An unknown entity is kept
 * as written. CONG_ETOOBIG at out's cap (out then holds a prefix).
 */
enum cong_err search_html_text(const char *html, size_t n, struct buf *out);

#endif
