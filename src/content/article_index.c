/* SPDX-License-Identifier: ISC */
/*
 * article_index.c: the search index row and the slug history, written in
 * the article's own transaction (see article_index.h).
 */
#include "base/common.h"
#include "base/buf.h"

#include "content/article_index.h"
#include "search/index.h"
#include "store/store.h"

static enum cong_err
slug_history(struct store_conn *db, int64_t site_id, int64_t id,
    const char *old_slug, const char *new_slug, int64_t now)
{
	struct store_val drop[2] = { SV_INT(site_id), SV_STR(new_slug) };
	enum cong_err err;

	if ((err = store_exec(db, ST_OLD_SLUG_DROP, drop, 2, NULL, NULL)))
		return err;
	if (old_slug && *old_slug && strcmp(old_slug, new_slug) != 0) {
		struct store_val v[4] = { SV_INT(site_id), SV_STR(old_slug),
			SV_INT(id), SV_INT(now) };

		err = store_exec(db, ST_OLD_SLUG_PUT, v, 4, NULL, NULL);
	}
	return err;
}

enum cong_err
article_index_after_save(struct store_conn *db,
    const struct article_input *in, int64_t id, const char *old_slug,
    const char *new_slug, int64_t now)
{
	struct search_doc d;
	enum cong_err err;

	if ((err = slug_history(db, in->site_id, id, old_slug, new_slug, now)))
		return err;
	memset(&d, 0, sizeof(d));
	d.article_id = id;
	d.site_id = in->site_id;
	d.category_id = in->category_id;
	d.published_at = in->published_at;
	d.live = strcmp(in->status, "published") == 0;
	d.title = in->title;
	d.lead = in->lead;
	d.body_html = in->body_html;
	d.author = in->author;
	d.cover_caption = in->cover_caption;
	return search_index_article(db, &d);
}

struct found {
	char *slug;
};

static enum cong_err
take_slug(void *ud, const struct store_row *r)
{
	struct found *f = ud;

	if (!f->slug)
		f->slug = xstrdup(store_row_text(r, 0, NULL));
	return CONG_OK;
}

enum cong_err
article_old_slug_find(struct store_conn *db, int64_t site_id, int64_t now,
    const char *slug, size_t len, char **out)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(now),
		SV_STRN(slug, len) };
	struct found f = { NULL };
	enum cong_err err;

	*out = NULL;
	if ((err = store_query(db, ST_OLD_SLUG_FIND, v, 3, take_slug, &f)))
		return err;
	if (!f.slug)
		return CONG_ENOTFOUND;
	*out = f.slug;
	return CONG_OK;
}
