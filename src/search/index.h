/* SPDX-License-Identifier: ISC */
/*
 * search/index.h: the search index of published articles and the search
 * itself.
 *
 * Why it is built this way. Vietnamese separates syllables, not words, by
 * spaces, and folding (no tones, no marks, đ -> d) makes common syllables
 * collide: thi/thì/thí, đua/đưa/dừa/dưa. On 100,000 news articles the
 * AND of the folded syllables "thi" and "dua" matches two thirds of them,
 * and scoring all of those takes tens of milliseconds; the adjacent pair
 * matches well under one percent. So the index holds, as terms of their
 * own, folded syllables, exact syllables (lower-case, NFC, diacritics
 * kept: only those that have one), folded and exact adjacent pairs, and
 * whole document numbers ("42/2022/NĐ-CP"), all made by our tokenizer
 * (search/text.h). SQLite's own tokenizers cannot do this: unicode61's
 * remove_diacritics does not fold đ, and none of them makes pairs.
 *
 * The terms are computed in C and stored as space-separated strings in
 * ordinary columns of search_doc (title_terms, lead_terms, body_terms,
 * beside the plain text the snippets are cut from); SQLite indexes them
 * with an external-content FTS5 table using the plain "ascii" tokenizer,
 * and PostgreSQL can index the same columns with to_tsvector('simple',
 * ...). A custom FTS5 tokenizer would have to be registered on every
 * connection through fts5_api and has no PostgreSQL counterpart; a term
 * string in a column works on both and is what both store.
 *
 * Only published articles are indexed; their rows are written in the same
 * transaction as the article (article_save() calls search_index_article())
 * and removed when an article leaves the published state. Scheduled
 * articles are indexed with their time and filtered by published_at <= now
 * at query time, so they appear by themselves when their time comes.
 *
 * Searching (search_run): the query's pairs are matched first; only when
 * they find fewer than SEARCH_WIDEN_MIN articles is the last word taken as
 * a prefix, then every word on its own (search/query.h, the stages). Each
 * stage takes at most SEARCH_CANDIDATES matches, newest first (by article
 * id, which grows with creation), with FTS5's bm25 computed for those
 * only (title 8, lead 3, body 1; exact-diacritic and pair terms add to it
 * as optional terms). The candidates are then ranked in C: bm25 scaled by
 * freshness. Nothing ever scores every match.
 */
#ifndef CONG_SEARCH_INDEX_H
#define CONG_SEARCH_INDEX_H

#include <jansson.h>

#include "base/common.h"
#include "search/query.h"

struct store_conn;

/* Most matches a stage takes before ranking. */
#define SEARCH_CANDIDATES 500
/* A stage finding fewer matches than this makes way for the next. */
#define SEARCH_WIDEN_MIN 10
/* Most results a page shows. */
#define SEARCH_PER_PAGE_MAX 50

/* An article as the index sees it; strings are NFC UTF-8, NULL = "". */
struct search_doc {
	int64_t article_id;
	int64_t site_id;
	int64_t category_id;
	int64_t published_at;	/* unix seconds */
	bool live;		/* status 'published' */
	const char *title;
	const char *lead;
	const char *body_html;	/* sanitized HTML; captions are inside */
	const char *author;
	const char *cover_caption;
};

/*
 * Writes (or, when !d->live or published_at is 0, removes) the index row
 * of one article. Call it inside the transaction that writes the article.
 * CONG_ETOOBIG if a field's text is over its cap, CONG_EDB from the store.
 */
enum cong_err search_index_article(struct store_conn *db,
    const struct search_doc *d);

/*
 * Indexes every published article that has no index row (a database made
 * before the index existed), in one transaction. *count, if not NULL,
 * gets how many were indexed. Cheap when there is nothing to do.
 */
enum cong_err search_backfill(struct store_conn *db, int64_t *count);

struct search_params {
	int64_t site_id;
	int64_t now;		/* only published_at <= now is found */
	int64_t category_id;	/* 0: any */
	int64_t from;		/* published_at >= from; 0: no bound */
	int64_t to;		/* published_at < to; 0: no bound */
	int page;		/* 1-based */
	int per_page;		/* 1..SEARCH_PER_PAGE_MAX */
};

/*
 * Runs q. *items gets a new array (owned by the caller) of the page's
 * results, best first, each an object with "id", "slug", "title",
 * "published_at", "category_id", "category_slug", "category_name",
 * "title_html" (the title, query words in <mark>) and "snippet_html"
 * (search/snippet.h); both _html values are escaped here. *total gets the
 * number of results ranked (at most SEARCH_CANDIDATES), *capped whether
 * more matched than were ranked. CONG_EINVAL for bad params.
 */
enum cong_err search_run(struct store_conn *db, const struct search_query *q,
    const struct search_params *p, json_t **items, int64_t *total,
    bool *capped);

#endif
