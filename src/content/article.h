/* SPDX-License-Identifier: ISC */
/*
 * article.h: articles as the public site reads them, and the one write
 * path (article_save) through which every change goes: it records the
 * revision and the audit entry in the same transaction as the change.
 *
 * Public reads take "now" and see only articles published at or before
 * it, so a scheduled article appears by itself at its time. JSON results
 * are new references owned by the caller.
 */
#ifndef CONG_CONTENT_ARTICLE_H
#define CONG_CONTENT_ARTICLE_H

#include <jansson.h>

#include "base/common.h"

struct store_conn;

/* The published article with this slug, with body_html. */
enum cong_err article_public_get(struct store_conn *db, int64_t site_id,
    int64_t now, const char *slug, size_t len, json_t **out);
/* Latest published articles of the site (no bodies). */
enum cong_err article_latest(struct store_conn *db, int64_t site_id,
    int64_t now, int limit, int offset, json_t **out);
enum cong_err article_latest_in(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t category_id, int limit, int offset, json_t **out);
enum cong_err article_count_in(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t category_id, int64_t *out);
enum cong_err article_featured(struct store_conn *db, int64_t site_id,
    int64_t now, int limit, json_t **out);
/* The newest others of the category, as links: id, slug, title, date. */
enum cong_err article_related(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t category_id, int64_t article_id, int limit,
    json_t **out);

/* What a writer sends; every string is NFC UTF-8, body sanitized. */
struct article_input {
	int64_t site_id;
	int64_t id;		/* 0 for a new article */
	int64_t category_id;
	const char *slug;	/* NULL: made from the title */
	const char *title;
	const char *lead;
	const char *body_html;	/* sanitized (render/sanitize.h) */
	const char *author;
	const char *source;
	const char *status;	/* draft … published */
	bool featured;
	int64_t published_at;	/* 0 = not set */
	int64_t cover_media_id;	/* 0 = none */
	const char *cover_caption;
	const char *cover_alt;
	const char *import_key;	/* NULL unless imported */
	const char *audit_detail;	/* the audit entry's detail; NULL:
					 * the title */
};

/*
 * Creates or updates an article, in one transaction with its revision
 * and audit entry (actor, action such as "import" or "publish"). When
 * import_key names an existing article of the site, that one is updated.
 * The slug is made unique in the site by a numeric suffix. Opens its own
 * transaction unless one is open. *id gets the article id.
 */
enum cong_err article_save(struct store_conn *db, const char *actor,
    const char *action, const struct article_input *in, int64_t now,
    int64_t *id);

#endif
