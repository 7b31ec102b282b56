/* SPDX-License-Identifier: ISC */
/*
 * home.c: the home page. The featured block ("Sự kiện nổi bật") leads
 * with its newest article and photo; then the newest articles, and the
 * newest of each category, in menu order.
 */
#include "base/common.h"
#include "content/article.h"
#include "content/site.h"
#include "site/page.h"

#define HOME_FEATURED 5
#define HOME_LATEST 8
#define HOME_PER_CATEGORY 4

static enum cong_err
category_blocks(struct http_req *req, int64_t site_id, json_t **out)
{
	json_t *cats = NULL, *cat, *blocks = json_array();
	enum cong_err err;
	size_t i;

	if ((err = category_list(req->db, site_id, &cats)))
		goto out;
	json_array_foreach(cats, i, cat) {
		json_t *items = NULL;
		const char *slug = json_string_value(json_object_get(cat,
		    "slug"));

		err = article_latest_in(req->db, site_id, req->now,
		    json_integer_value(json_object_get(cat, "id")),
		    HOME_PER_CATEGORY, 0, &items);
		if (err)
			goto out;
		if (!json_array_size(items)) {
			json_decref(items);
			continue;
		}
		site_articles_decorate(items);
		json_array_append_new(blocks, json_pack("{s:O, s:s+, s:o, "
		    "s:O}", "name", json_object_get(cat, "name"), "url",
		    "/chuyen-muc/", slug, "first", json_incref(
		    json_array_get(items, 0)), "items", items));
		json_array_remove(items, 0);
		json_decref(items);
	}
out:
	json_decref(cats);
	if (err) {
		json_decref(blocks);
		blocks = NULL;
	}
	*out = blocks;
	return err;
}

enum cong_err
site_home(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *featured = NULL, *latest = NULL, *blocks = NULL;
	json_t *ctx = NULL;
	int64_t site_id;
	enum cong_err err;

	if ((err = site_for_request(req, &site)))
		return err;
	site_id = json_integer_value(json_object_get(site, "id"));
	if ((err = article_featured(req->db, site_id, req->now,
	    HOME_FEATURED, &featured)) ||
	    (err = article_latest(req->db, site_id, req->now, HOME_LATEST, 0,
	    &latest)) ||
	    (err = category_blocks(req, site_id, &blocks)))
		goto out;
	site_articles_decorate(featured);
	site_articles_decorate(latest);
	ctx = json_object();
	if (json_array_size(featured)) {
		json_object_set(ctx, "lead", json_array_get(featured, 0));
		json_array_remove(featured, 0);
	}
	json_object_set(ctx, "featured", featured);
	json_object_set(ctx, "latest", latest);
	json_object_set(ctx, "categories", blocks);
	err = site_render(req, resp, "site/home", site, ctx, "/");
	resp->max_age = 60;
	http_resp_tags(resp, "s%lld", (long long)site_id);
out:
	json_decref(ctx);
	json_decref(site);
	json_decref(featured);
	json_decref(latest);
	json_decref(blocks);
	return err;
}
