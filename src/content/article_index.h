/* SPDX-License-Identifier: ISC */
/*
 * article_index.h: what an article write means for search and for old
 * links. article_save() calls article_index_after_save() inside its
 * transaction, so the search index row (search/index.h) and the slug
 * history are never out of step with the article. When a title change
 * gives an article a new slug, its old slug is kept and the article page
 * answers it with a 301 to the new address (article_old_slug_find()).
 */
#ifndef CONG_CONTENT_ARTICLE_INDEX_H
#define CONG_CONTENT_ARTICLE_INDEX_H

#include "content/article.h"

/*
 * After the article row id of in->site_id was written with new_slug:
 * records old_slug (NULL for a new article) in the slug history when it
 * differs from new_slug, drops new_slug from the history (it is live
 * again), and writes or removes the search index row (only status
 * "published" is indexed). Errors from the store, or CONG_ETOOBIG when
 * the text is over the index's caps.
 */
enum cong_err article_index_after_save(struct store_conn *db,
    const struct article_input *in, int64_t id, const char *old_slug,
    const char *new_slug, int64_t now);

/*
 * The current slug of the article of site_id, published at or before
 * now, that once had slug[0..len): a new malloc'd string in *out.
 * CONG_ENOTFOUND when there is none.
 */
enum cong_err article_old_slug_find(struct store_conn *db, int64_t site_id,
    int64_t now, const char *slug, size_t len, char **out);

#endif
