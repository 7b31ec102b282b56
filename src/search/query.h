/* SPDX-License-Identifier: ISC */
/*
 * search/query.h: what a reader typed, parsed into words, and the FTS5
 * MATCH expressions the index is asked with.
 *
 * A query is NFC-normalised first (phones send NFD), then cut into
 * syllables by search/text.h. Text between double quotes is a phrase.
 * Every word must match (AND). The last word, when the query ends in it
 * (no space, no closing quote after it), may also be the start of a
 * longer word: "thi d" finds "thi đua".
 *
 * The index is asked in stages (search/index.h runs them), each a
 * superset of the one before, so the cheap, precise one answers the usual
 * query and the wide one only rare ones:
 *   SEARCH_STAGE_PAIRS   adjacent words as pair terms ("_thi_dua"),
 *                        the last word whole;
 *   SEARCH_STAGE_PREFIX  the same with the last word as a prefix;
 *   SEARCH_STAGE_WIDE    every word on its own (pairs become optional),
 *                        except in quoted phrases.
 * A quoted phrase matches when all its adjacent pairs do: the index keeps
 * no positions (FTS5 detail=column, a third of the size), and pairs of a
 * phrase occurring apart in one article are rare enough to accept.
 * Each expression is "required AND (boost OR boost ...)": the boosts are
 * implied by the required part or optional, so they change no result, only
 * the bm25 score: the exact, accented terms when the query has diacritics
 * ("hội nghị" ranks "hội nghị" above "hồi nghi"), the pair terms in the
 * wide stage, the whole last word in the prefix stages, and whole
 * document numbers ("__42_2022_nd_cp").
 */
#ifndef CONG_SEARCH_QUERY_H
#define CONG_SEARCH_QUERY_H

#include "base/buf.h"
#include "search/text.h"

struct search_word {
	char fold[SEARCH_TERM_MAX * 2 + 1];	/* folded term */
	char exact[SEARCH_TERM_MAX * 2 + 1];	/* exact term */
	bool marked;		/* the word as typed has a diacritic */
	unsigned phrase;	/* 0, or the 1-based phrase it belongs to */
	bool linked;		/* pairs with the word before */
	bool joined;		/* linked by '/', '-' or '.' (no space) */
};

struct search_query {
	struct search_word words[LIMIT_QUERY_TERMS];
	size_t nwords;
	bool last_prefix;	/* the query ends inside its last word */
	bool has_marks;		/* some word has a diacritic */
	char docnum[LIMIT_QUERY + 8];	/* "__42_2022_nd_cp" or "" */
};

enum search_stage {
	SEARCH_STAGE_PAIRS,
	SEARCH_STAGE_PREFIX,
	SEARCH_STAGE_WIDE,
	SEARCH_STAGE__MAX
};

/*
 * Parses the UTF-8 query q[0..n) into *out. Returns CONG_OK with at least
 * one word; CONG_ENOTFOUND when no word is left (empty, only spaces or
 * punctuation); CONG_EINVAL for malformed UTF-8 or control characters;
 * CONG_ETOOBIG when n passes LIMIT_QUERY or there are more than
 * LIMIT_QUERY_TERMS words. *out is always initialised.
 */
enum cong_err search_query_parse(const char *q, size_t n,
    struct search_query *out);

/*
 * Appends the FTS5 MATCH expression of stage to out. Every term is
 * double-quoted, so nothing a reader types is read as FTS5 syntax.
 * CONG_EINVAL for a query without words or an unknown stage, CONG_ETOOBIG
 * at out's cap.
 */
enum cong_err search_query_match(const struct search_query *q,
    enum search_stage stage, struct buf *out);

/*
 * True if word w of q matches the syllable whose folded term is
 * fold[0..n): equal, or, for the last word of a prefix query, starting
 * with it. For snippets.
 */
bool search_query_hits(const struct search_query *q, size_t w,
    const char *fold, size_t n);

#endif
