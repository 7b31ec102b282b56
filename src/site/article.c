/* SPDX-License-Identifier: ISC */
/*
 * article.c: the article page and its print view, in the order of the
 * seed page: section, title, time stamp, lead, body with figures, and
 * the author closing the article; related articles after.
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/article.h"
#include "content/article_index.h"
#include "content/stats.h"
#include "content/workflow.h"
#include "site/page.h"
#include "vn/date.h"
#include "vn/slug.h"

#define RELATED 5

/*
 * An old slug of an article whose title changed: 301 to where it is now
 * (content/article_index.h). CONG_ENOTFOUND when the slug never was.
 */
static enum cong_err
moved(struct http_req *req, struct http_resp *resp, int64_t site_id,
    bool print)
{
	struct buf url = BUF_INIT;
	char *slug = NULL;
	enum cong_err err;

	if ((err = article_old_slug_find(req->db, site_id, req->now,
	    req->args[0], req->args_len[0], &slug)))
		return err;
	buf_addf(&url, "/tin-tuc/%s%s", slug, print ? "/in" : "");
	err = http_resp_redirect(resp, 301, url.ptr);
	resp->max_age = -1;
	free(slug);
	buf_release(&url);
	return err;
}

/*
 * An unpublished article (content/workflow.h): a 301 to the article that
 * replaces it, or the 410 page with the reason it was taken down.
 * CONG_ENOTFOUND when no unpublished article has the slug.
 */
static enum cong_err
gone(struct http_req *req, struct http_resp *resp, int64_t site_id)
{
	json_t *row = NULL, *site = NULL, *ctx = NULL;
	struct buf url = BUF_INIT;
	const char *to, *reason;
	enum cong_err err;

	if ((err = workflow_gone(req->db, site_id, req->args[0],
	    req->args_len[0], &row)))
		return err;
	to = json_string_value(json_object_get(row, "replaced_by"));
	reason = json_string_value(json_object_get(row, "gone_reason"));
	if (to && *to) {
		if (*to != '/' && strncmp(to, "http://", 7) &&
		    strncmp(to, "https://", 8))
			buf_adds(&url, "/tin-tuc/");
		buf_adds(&url, to);
		err = http_resp_redirect(resp, 301, url.ptr);
		resp->max_age = -1;
		goto out;
	}
	if ((err = site_for_request(req, &site)))
		goto out;
	ctx = json_pack("{s:i, s:s, s:s, s:s}", "status", 410, "title",
	    "Bài viết đã được gỡ", "text", "Nội dung này không còn được "
	    "đăng trên cổng thông tin.", "reason", reason ? reason : "");
	err = site_render(req, resp, "site/error", site, ctx, NULL);
	resp->status = 410;
	resp->max_age = -1;
out:
	buf_release(&url);
	json_decref(ctx);
	json_decref(site);
	json_decref(row);
	return err;
}

static enum cong_err
article_page(struct http_req *req, struct http_resp *resp, const char *tmpl)
{
	json_t *site = NULL, *art = NULL, *related = NULL, *ctx = NULL;
	struct buf printed = BUF_INIT;
	bool print = strcmp(tmpl, "site/print") == 0;
	int64_t site_id;
	enum cong_err err;

	if (!vn_slug_valid(req->args[0], req->args_len[0]))
		return CONG_ENOTFOUND;
	if ((err = site_for_request(req, &site)))
		return err;
	site_id = json_integer_value(json_object_get(site, "id"));
	err = article_public_get(req->db, site_id, req->now, req->args[0],
	    req->args_len[0], &art);
	if (err == CONG_ENOTFOUND)
		err = moved(req, resp, site_id, print);
	if (err == CONG_ENOTFOUND)
		err = gone(req, resp, site_id);
	if (err || !art)
		goto out;
	site_article_decorate(art);
	if (json_integer_value(json_object_get(art, "change_note_at")) > 0) {
		struct buf t = BUF_INIT;

		/* "15:54 | 18/07/2019" read as "15:54 18/07/2019" */
		vn_date_format(&printed, json_integer_value(json_object_get(
		    art, "change_note_at")), VN_DATE_STAMP);
		if (printed.len > 8 && !memcmp(printed.ptr + 5, " | ", 3)) {
			buf_add(&t, printed.ptr, 5);
			buf_adds(&t, printed.ptr + 7);
		}
		json_object_set_new(art, "change_stamp", json_string(t.len ?
		    t.ptr : printed.ptr));
		buf_release(&t);
		buf_reset(&printed);
	}
	/* the print view shows the article alone */
	if (!print && (err = article_related(req->db, site_id, req->now,
	    json_integer_value(json_object_get(art, "category_id")),
	    json_integer_value(json_object_get(art, "id")), RELATED,
	    &related)))
		goto out;
	site_articles_links(related);
	vn_date_format(&printed, req->now, VN_DATE_DAY);
	ctx = json_pack("{s:O, s:O*, s:s}", "article", art, "related",
	    related, "printed", printed.ptr);
	if (!print &&
	    (err = site_share_article(req, site, art, ctx)))
		goto out;
	err = site_render(req, resp, tmpl, site, ctx, json_string_value(
	    json_object_get(art, "category_url")));
	resp->max_age = 60;
	if (!err && !print) {
		size_t ua_len = 0;
		const char *ua = http_req_header(req, "user-agent", &ua_len);

		/* a view rendered here; the page cache counts its own hits */
		stats_hit(site_id, req->path, req->path_len, ua, ua_len,
		    req->remote, req->now);
		stats_host_site(req->host, req->host_len, site_id);
	}
	/* the page shows the article and its category's newest (related) */
	http_resp_tags(resp, "a%lld c%lld",
	    (long long)json_integer_value(json_object_get(art, "id")),
	    (long long)json_integer_value(json_object_get(art, "category_id")));
out:
	buf_release(&printed);
	json_decref(ctx);
	json_decref(related);
	json_decref(art);
	json_decref(site);
	return err;
}

enum cong_err
site_article(struct http_req *req, struct http_resp *resp)
{
	return article_page(req, resp, "site/article");
}

enum cong_err
site_article_print(struct http_req *req, struct http_resp *resp)
{
	enum cong_err err = article_page(req, resp, "site/print");

	if (!err)
		http_resp_header(resp, "x-robots-tag", "noindex");
	return err;
}
