/* SPDX-License-Identifier: ISC */
/*
 * category.c: a category's listing, newest first, 20 a page (?trang=N).
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/article.h"
#include "content/site.h"
#include "site/page.h"
#include "vn/slug.h"

#include <stdio.h>

#define PER_PAGE 20
#define MAX_PAGE 100000

/* ?trang=N: absent is 1; anything but 1..MAX_PAGE in digits is invalid. */
static enum cong_err
page_number(const struct http_req *req, int *page)
{
	int64_t n;
	enum cong_err err;

	err = http_params_int(&req->params, "trang", 1, MAX_PAGE, 1, &n);
	*page = (int)n;
	return err;
}

static json_t *
pager(const char *base, int page, int pages)
{
	json_t *p = json_object();
	struct buf b = BUF_INIT;

	json_object_set_new(p, "page", json_integer(page));
	json_object_set_new(p, "pages", json_integer(pages));
	json_object_set_new(p, "many", json_boolean(pages > 1));
	if (page > 1) {
		if (page == 2)
			buf_adds(&b, base);
		else
			buf_addf(&b, "%s?trang=%d", base, page - 1);
		json_object_set_new(p, "prev", json_string(b.ptr));
	}
	if (page < pages) {
		buf_reset(&b);
		buf_addf(&b, "%s?trang=%d", base, page + 1);
		json_object_set_new(p, "next", json_string(b.ptr));
	}
	buf_release(&b);
	return p;
}

enum cong_err
site_category(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *cat = NULL, *items = NULL, *ctx = NULL;
	struct buf url = BUF_INIT;
	int64_t site_id, cat_id, total = 0;
	int page, pages;
	enum cong_err err;

	if (!vn_slug_valid(req->args[0], req->args_len[0]))
		return CONG_ENOTFOUND;
	if ((err = page_number(req, &page)))
		return err;
	if ((err = site_for_request(req, &site)))
		return err;
	site_id = json_integer_value(json_object_get(site, "id"));
	if ((err = category_by_slug(req->db, site_id, req->args[0],
	    req->args_len[0], &cat)))
		goto out;
	cat_id = json_integer_value(json_object_get(cat, "id"));
	if ((err = article_count_in(req->db, site_id, req->now, cat_id,
	    &total)))
		goto out;
	pages = total ? (int)((total + PER_PAGE - 1) / PER_PAGE) : 1;
	if (page > pages) {
		err = CONG_ENOTFOUND;
		goto out;
	}
	if ((err = article_latest_in(req->db, site_id, req->now, cat_id,
	    PER_PAGE, (page - 1) * PER_PAGE, &items)))
		goto out;
	site_articles_decorate(items);
	buf_addf(&url, "/chuyen-muc/%s", json_string_value(
	    json_object_get(cat, "slug")));
	ctx = json_pack("{s:O, s:O, s:o, s:s, s:I}", "category", cat,
	    "items", items, "pager", pager(url.ptr, page, pages), "url",
	    url.ptr, "total", (json_int_t)total);
	err = site_render(req, resp, "site/category", site, ctx, url.ptr);
	resp->max_age = 60;
	http_resp_tags(resp, "c%lld", (long long)cat_id);
out:
	buf_release(&url);
	json_decref(ctx);
	json_decref(items);
	json_decref(cat);
	json_decref(site);
	return err;
}
