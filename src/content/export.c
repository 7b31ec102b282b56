/* SPDX-License-Identifier: ISC */
/*
 * export.c: the reads behind feeds, sitemaps and the JSON API.
 */
#include "base/common.h"
#include "content/export.h"
#include "content/site.h"
#include "store/store.h"

enum cong_err
export_sites(struct store_conn *db, json_t **out)
{
	json_t *site;
	enum cong_err err;
	size_t i;

	if ((err = store_query_json(db, ST_SITE_LIST, NULL, 0, out)))
		return err;
	json_array_foreach(*out, i, site) {
		const char *m = json_string_value(json_object_get(site,
		    "menu_json"));
		json_t *menu = m ? json_loads(m, 0, NULL) : NULL;

		json_object_set_new(site, "menu", json_is_array(menu) ? menu :
		    json_array());
		if (!json_is_array(menu))
			json_decref(menu);
		json_object_del(site, "menu_json");
	}
	return CONG_OK;
}

enum cong_err
export_feed_articles(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t category_id, int limit, json_t **out)
{
	struct store_val v[4] = { SV_INT(site_id), SV_INT(now), SV_NUL,
		SV_NUL };

	if (limit < 1 || limit > EXPORT_FEED_ITEMS)
		limit = EXPORT_FEED_ITEMS;
	if (category_id <= 0) {
		v[2] = SV_INT(limit);
		return store_query_json(db, ST_FEED_LATEST, v, 3, out);
	}
	v[2] = SV_INT(category_id);
	v[3] = SV_INT(limit);
	return store_query_json(db, ST_FEED_LATEST_IN_CATEGORY, v, 4, out);
}

enum cong_err
export_article_count(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t *out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(now) };

	return store_query_int(db, ST_SITEMAP_COUNT, v, 2, out);
}

enum cong_err
export_first_published(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t *out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(now) };

	return store_query_int(db, ST_SITEMAP_FIRST, v, 2, out);
}

enum cong_err
export_sitemap_range(struct store_conn *db, int64_t site_id, int64_t now,
    int64_t from, int64_t to, json_t **out)
{
	struct store_val v[5] = { SV_INT(site_id), SV_INT(now), SV_INT(from),
		SV_INT(to), SV_INT(EXPORT_SITEMAP_MAX) };

	return store_query_json(db, ST_SITEMAP_RANGE, v, 5, out);
}

enum cong_err
export_sitemap_range_info(struct store_conn *db, int64_t site_id,
    int64_t now, int64_t from, int64_t to, json_t **out)
{
	struct store_val v[4] = { SV_INT(site_id), SV_INT(now), SV_INT(from),
		SV_INT(to) };

	return store_query_one(db, ST_SITEMAP_RANGE_INFO, v, 4, out);
}

enum cong_err
export_sitemap_categories(struct store_conn *db, int64_t site_id,
    int64_t now, json_t **out)
{
	struct store_val v[2] = { SV_INT(site_id), SV_INT(now) };

	return store_query_json(db, ST_SITEMAP_CATEGORIES, v, 2, out);
}

enum cong_err
export_api_articles(struct store_conn *db, int64_t site_id, int64_t now,
    const struct export_query *q, json_t **out, int64_t *total)
{
	struct store_val v[6] = { SV_INT(site_id), SV_INT(now),
		SV_INT(q->updated_since), SV_NUL, SV_NUL, SV_NUL };
	enum cong_err err;

	*out = NULL;
	if (q->per_page < 1 || q->per_page > EXPORT_API_PER_PAGE_MAX ||
	    q->page < 1 || q->page > INT32_MAX / q->per_page)
		return CONG_EINVAL;
	if (q->category)
		v[3] = SV_STR(q->category);
	if ((err = store_query_int(db, ST_API_ARTICLES_COUNT, v, 4, total)))
		return err;
	v[4] = SV_INT(q->per_page);
	v[5] = SV_INT((int64_t)(q->page - 1) * q->per_page);
	return store_query_json(db, ST_API_ARTICLES, v, 6, out);
}
