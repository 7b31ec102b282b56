/* SPDX-License-Identifier: ISC */
/*
 * article.c: public reads and the one write path for articles.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/article.h"
#include "content/audit.h"
#include "content/article_index.h"
#include "content/changes.h"
#include "store/store.h"
#include "vn/slug.h"

#include <stdio.h>

enum cong_err
article_public_get(struct store_conn *db, int64_t site_id, int64_t now,
    const char *slug, size_t len, json_t **out)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(now),
		SV_STRN(slug, len) };

	return store_query_one(db, ST_ARTICLE_PUBLIC_BY_SLUG, v, 3, out);
}

enum cong_err
article_latest(struct store_conn *db, int64_t site_id, int64_t now,
    int limit, int offset, json_t **out)
{
	struct store_val v[4] = { SV_INT(site_id), SV_INT(now), SV_INT(limit),
		SV_INT(offset) };

	return store_query_json(db, ST_ARTICLE_LATEST, v, 4, out);
}

enum cong_err
article_latest_in(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t category_id, int limit, int offset, json_t **out)
{
	struct store_val v[5] = { SV_INT(site_id), SV_INT(now),
		SV_INT(category_id), SV_INT(limit), SV_INT(offset) };

	return store_query_json(db, ST_ARTICLE_LATEST_IN_CATEGORY, v, 5, out);
}

enum cong_err
article_count_in(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t category_id, int64_t *out)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(now),
		SV_INT(category_id) };

	return store_query_int(db, ST_ARTICLE_COUNT_IN_CATEGORY, v, 3, out);
}

enum cong_err
article_featured(struct store_conn *db, int64_t site_id, int64_t now,
    int limit, json_t **out)
{
	struct store_val v[3] = { SV_INT(site_id), SV_INT(now),
		SV_INT(limit) };

	return store_query_json(db, ST_ARTICLE_FEATURED, v, 3, out);
}

enum cong_err
article_related(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t category_id, int64_t article_id, int limit, json_t **out)
{
	struct store_val v[5] = { SV_INT(site_id), SV_INT(now),
		SV_INT(category_id), SV_INT(article_id), SV_INT(limit) };

	return store_query_json(db, ST_ARTICLE_RELATED, v, 5, out);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

#define SLUG_TRIES 100

/* A slug for the article, unique in its site: "x", then "x-2", "x-3"… */
static enum cong_err
unique_slug(struct store_conn *db, const struct article_input *in,
    int64_t self, struct buf *out)
{
	struct buf base = BUF_INIT;
	enum cong_err err;
	int i;

	if (in->slug && *in->slug)
		err = buf_adds(&base, in->slug);
	else
		err = vn_slug(in->title, strlen(in->title), &base,
		    LIMIT_SLUG - 8);
	if (err) {
		log_error("article '%s': cannot make a slug of the title",
		    in->title);
		goto out;
	}
	for (i = 1; i <= SLUG_TRIES; i++) {
		struct store_val v[2] = { SV_INT(in->site_id), SV_NUL };
		int64_t owner = 0;

		buf_reset(out);
		buf_add(out, base.ptr, base.len);
		if (i > 1)
			buf_addf(out, "-%d", i);
		v[1] = SV_STRN(out->ptr, out->len);
		err = store_query_int(db, ST_ARTICLE_SLUG_OWNER, v, 2, &owner);
		if (err == CONG_ENOTFOUND || (!err && owner == self)) {
			err = CONG_OK;
			goto out;
		}
		if (err)
			goto out;
	}
	log_error("article '%s': no free slug", in->title);
	err = CONG_EEXIST;
out:
	buf_release(&base);
	return err;
}

static json_t *
revision_json(const struct article_input *in, const char *slug)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, "
	    "s:I, s:I, s:s, s:s}",
	    "category_id", (json_int_t)in->category_id, "slug", slug,
	    "title", in->title, "lead", in->lead ? in->lead : "",
	    "body_html", in->body_html ? in->body_html : "",
	    "author", in->author ? in->author : "",
	    "source", in->source ? in->source : "",
	    "status", in->status, "featured", in->featured,
	    "published_at", (json_int_t)in->published_at,
	    "cover_media_id", (json_int_t)in->cover_media_id,
	    "cover_caption", in->cover_caption ? in->cover_caption : "",
	    "cover_alt", in->cover_alt ? in->cover_alt : "");
}

#define STR_OR_EMPTY(x) SV_STR((x) ? (x) : "")
#define INT_OR_NULL(x) ((x) ? SV_INT(x) : SV_NUL)

static enum cong_err
write_row(struct store_conn *db, const struct article_input *in,
    const char *slug, int64_t now, int64_t *id)
{
	if (*id) {
		struct store_val v[16] = { SV_INT(in->site_id), SV_INT(*id),
			SV_INT(in->category_id), SV_STR(slug),
			SV_STR(in->title), STR_OR_EMPTY(in->lead),
			STR_OR_EMPTY(in->body_html), STR_OR_EMPTY(in->author),
			STR_OR_EMPTY(in->source), SV_STR(in->status),
			SV_INT(in->featured), INT_OR_NULL(in->published_at),
			SV_INT(now), INT_OR_NULL(in->cover_media_id),
			STR_OR_EMPTY(in->cover_caption),
			STR_OR_EMPTY(in->cover_alt) };

		return store_exec(db, ST_ARTICLE_UPDATE, v, 16, NULL, NULL);
	} else {
		struct store_val v[16] = { SV_INT(in->site_id),
			SV_INT(in->category_id), SV_STR(slug),
			SV_STR(in->title), STR_OR_EMPTY(in->lead),
			STR_OR_EMPTY(in->body_html), STR_OR_EMPTY(in->author),
			STR_OR_EMPTY(in->source), SV_STR(in->status),
			SV_INT(in->featured), INT_OR_NULL(in->published_at),
			SV_INT(now), INT_OR_NULL(in->cover_media_id),
			STR_OR_EMPTY(in->cover_caption),
			STR_OR_EMPTY(in->cover_alt),
			in->import_key ? SV_STR(in->import_key) : SV_NUL };

		return store_exec(db, ST_ARTICLE_INSERT, v, 16, id, NULL);
	}
}

enum cong_err
article_save(struct store_conn *db, const char *actor, const char *action,
    const struct article_input *in, int64_t now, int64_t *id)
{
	struct buf slug = BUF_INIT, object = BUF_INIT, tags = BUF_INIT;
	bool own_tx = !store_in_tx(db);
	json_t *rev = NULL, *old = NULL;
	char *rev_text = NULL;
	enum cong_err err = CONG_OK;

	*id = in->id;
	if (!in->title || !*in->title || !in->status) {
		log_error("article: title and status are required");
		return CONG_EINVAL;
	}
	if (own_tx && (err = store_begin(db, true)))
		return err;
	if (!*id && in->import_key) {
		struct store_val k[2] = { SV_INT(in->site_id),
			SV_STR(in->import_key) };

		err = store_query_int(db, ST_ARTICLE_ID_BY_IMPORT_KEY, k, 2,
		    id);
		if (err == CONG_ENOTFOUND)
			err = CONG_OK;
		if (err)
			goto out;
	}
	if ((err = unique_slug(db, in, *id, &slug)))
		goto out;
	if (*id) {
		struct store_val k[2] = { SV_INT(in->site_id), SV_INT(*id) };

		if ((err = store_query_one(db, ST_ARTICLE_GET, k, 2, &old)))
			goto out;
	}
	if ((err = write_row(db, in, slug.ptr, now, id)))
		goto out;
	/* the pages that show this article: its own, its category's (and
	 * the one it left), the site's lists */
	buf_addf(&tags, "a%lld c%lld s%lld", (long long)*id,
	    (long long)in->category_id, (long long)in->site_id);
	if (old && json_integer_value(json_object_get(old, "category_id")) !=
	    in->category_id)
		buf_addf(&tags, " c%lld", (long long)json_integer_value(
		    json_object_get(old, "category_id")));
	if ((err = content_change_record(db, in->site_id, now, tags.ptr)))
		goto out;
	if ((err = article_index_after_save(db, in, *id, old ?
	    json_string_value(json_object_get(old, "slug")) : NULL, slug.ptr,
	    now)))
		goto out;
	rev = revision_json(in, slug.ptr);
	rev_text = json_dumps(rev, JSON_COMPACT);
	{
		struct store_val v[5] = { SV_INT(in->site_id), SV_INT(*id),
			SV_STR(actor), SV_INT(now), SV_STR(rev_text) };

		if ((err = store_exec(db, ST_REVISION_INSERT, v, 5, NULL,
		    NULL)))
			goto out;
	}
	buf_addf(&object, "article:%lld", (long long)*id);
	if ((err = audit_append(db, in->site_id, now, actor, action,
	    object.ptr, in->audit_detail ? in->audit_detail : in->title)))
		goto out;
	if (own_tx)
		err = store_commit(db);
out:
	if (err && own_tx)
		store_rollback(db);
	free(rev_text);
	json_decref(rev);
	json_decref(old);
	buf_release(&slug);
	buf_release(&object);
	buf_release(&tags);
	return err;
}
