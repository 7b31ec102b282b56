/* SPDX-License-Identifier: ISC */
/*
 * sitemap.c: sitemaps for search engines (sitemaps.org protocol 0.9) and
 * robots.txt (RFC 9309). /sitemap.xml lists every URL of the site (home,
 * categories, each published article) while they fit in one file
 * (EXPORT_SITEMAP_MAX); past that it becomes a sitemap index. The index
 * is always at /sitemap-index.xml: it names /sitemap-trang.xml (home and
 * categories) and one /sitemap-YYYY-MM.xml per Vietnam month that has
 * articles, so no file ever passes the limit unless one month does.
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/export.h"
#include "site/page.h"
#include "vn/date.h"

#include <time.h>

#define SITEMAP_CT "application/xml; charset=utf-8"
#define SITEMAP_MAX_AGE 600
#define SITEMAP_YEARS 200	/* the index looks back at most this far */

static void
lastmod(json_t *o, int64_t published, int64_t updated)
{
	struct buf b = BUF_INIT;

	buf_init(&b, 64);
	if (updated < published)
		updated = published;
	if (updated > 0 && !vn_date_format(&b, updated, VN_DATE_RFC3339))
		json_object_set_new(o, "lastmod", json_stringn(b.ptr, b.len));
	buf_release(&b);
}

static json_t *
url_entry(const struct buf *base, const char *path, int64_t published,
    int64_t updated, const char *freq, const char *prio)
{
	json_t *o = json_pack("{s:s++, s:s, s:s}", "loc", base->ptr, path, "",
	    "changefreq", freq, "priority", prio);

	lastmod(o, published, updated);
	return o;
}

/* Home and categories, appended to urls; *newest gets the latest change. */
static enum cong_err
page_urls(struct http_req *req, int64_t site_id, const struct buf *base,
    json_t *urls, int64_t *newest)
{
	json_t *cats = NULL, *c;
	struct buf path = BUF_INIT;
	size_t i;
	enum cong_err err;

	*newest = 0;
	if ((err = export_sitemap_categories(req->db, site_id, req->now,
	    &cats)))
		return err;
	json_array_foreach(cats, i, c) {
		int64_t p = json_integer_value(json_object_get(c, "published"));
		int64_t u = json_integer_value(json_object_get(c, "updated"));

		u = u > p ? u : p;
		*newest = u > *newest ? u : *newest;
		buf_reset(&path);
		buf_addf(&path, "/chuyen-muc/%s", json_string_value(
		    json_object_get(c, "slug")));
		json_array_append_new(urls, url_entry(base, path.ptr, p, u,
		    "hourly", "0.8"));
	}
	json_array_insert_new(urls, 0, url_entry(base, "/", *newest, *newest,
	    "hourly", "1.0"));
	buf_release(&path);
	json_decref(cats);
	return CONG_OK;
}

static enum cong_err
article_urls(struct http_req *req, int64_t site_id, const struct buf *base,
    int64_t from, int64_t to, json_t *urls, int64_t *newest)
{
	json_t *rows = NULL, *r;
	struct buf path = BUF_INIT;
	size_t i;
	enum cong_err err;

	if ((err = export_sitemap_range(req->db, site_id, req->now, from, to,
	    &rows)))
		return err;
	json_array_foreach(rows, i, r) {
		int64_t p = json_integer_value(json_object_get(r,
		    "published_at"));
		int64_t u = json_integer_value(json_object_get(r,
		    "updated_at"));

		u = u > p ? u : p;
		*newest = u > *newest ? u : *newest;
		buf_reset(&path);
		buf_addf(&path, "/tin-tuc/%s", json_string_value(
		    json_object_get(r, "slug")));
		json_array_append_new(urls, url_entry(base, path.ptr, p, u,
		    "weekly", "0.6"));
	}
	buf_release(&path);
	json_decref(rows);
	return CONG_OK;
}

/* The UTC time of 00:00 on the first day of a Vietnam month. */
static int64_t
month_start(int year, int month)
{
	struct tm tm = { 0 };

	while (month > 12) {
		month -= 12;
		year++;
	}
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = 1;
	return (int64_t)timegm(&tm) - VN_UTC_OFFSET;
}

static void
month_of(int64_t t, int *year, int *month)
{
	time_t local = (time_t)(t + VN_UTC_OFFSET);
	struct tm tm;

	gmtime_r(&local, &tm);
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
}

static enum cong_err
render(struct http_req *req, struct http_resp *resp, json_t *site,
    const char *tmpl, const char *key, json_t *list, int64_t newest)
{
	json_t *ctx = json_pack("{s:O}", key, list);
	enum cong_err err;

	err = site_render(req, resp, tmpl, site, ctx, NULL);
	json_decref(ctx);
	if (err)
		return err;
	resp->content_type = SITEMAP_CT;
	resp->last_modified = newest;
	resp->max_age = SITEMAP_MAX_AGE;
	return http_resp_tags(resp, "s%lld", (long long)json_integer_value(
	    json_object_get(site, "id")));
}

static enum cong_err
serve_index(struct http_req *req, struct http_resp *resp, json_t *site,
    const struct buf *base)
{
	int64_t site_id = json_integer_value(json_object_get(site, "id"));
	int64_t first = 0, newest = 0, pages_newest = 0;
	json_t *maps = json_array(), *pages = json_array(), *o;
	struct buf path = BUF_INIT;
	int y, m, ly, lm;
	enum cong_err err;

	if ((err = page_urls(req, site_id, base, pages, &pages_newest)) ||
	    (err = export_first_published(req->db, site_id, req->now,
	    &first)))
		goto out;
	o = json_pack("{s:s++}", "loc", base->ptr, "/sitemap-trang.xml", "");
	lastmod(o, 0, pages_newest);
	json_array_append_new(maps, o);
	newest = pages_newest;
	if (first > 0) {
		month_of(first, &y, &m);
		month_of(req->now, &ly, &lm);
		if (y < ly - SITEMAP_YEARS)
			y = ly - SITEMAP_YEARS;
		for (; y < ly || (y == ly && m <= lm); m = m == 12 ? 1 : m + 1,
		    y += m == 1) {
			json_t *info = NULL;
			int64_t n, p, u;

			if ((err = export_sitemap_range_info(req->db, site_id,
			    req->now, month_start(y, m), month_start(y, m + 1),
			    &info)))
				goto out;
			n = json_integer_value(json_object_get(info, "n"));
			p = json_integer_value(json_object_get(info,
			    "published"));
			u = json_integer_value(json_object_get(info,
			    "updated"));
			json_decref(info);
			if (!n)
				continue;
			buf_reset(&path);
			buf_addf(&path, "%s/sitemap-%04d-%02d.xml", base->ptr,
			    y, m);
			o = json_pack("{s:s}", "loc", path.ptr);
			lastmod(o, p, u);
			json_array_append_new(maps, o);
			newest = u > newest ? u : newest;
			newest = p > newest ? p : newest;
		}
	}
	err = render(req, resp, site, "feed/sitemap-index", "sitemaps", maps,
	    newest);
out:
	buf_release(&path);
	json_decref(pages);
	json_decref(maps);
	return err;
}

enum cong_err
site_sitemap(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *urls = NULL;
	struct buf base = BUF_INIT;
	int64_t site_id, count = 0, newest = 0, an = 0;
	enum cong_err err;

	if ((err = site_for_request(req, &site)))
		return err;
	site_id = json_integer_value(json_object_get(site, "id"));
	if ((err = site_base_url(req, site, &base)) ||
	    (err = export_article_count(req->db, site_id, req->now, &count)))
		goto out;
	urls = json_array();
	if ((err = page_urls(req, site_id, &base, urls, &newest)))
		goto out;
	if (count + (int64_t)json_array_size(urls) > EXPORT_SITEMAP_MAX) {
		err = serve_index(req, resp, site, &base);
		goto out;
	}
	if ((err = article_urls(req, site_id, &base, INT64_MIN, INT64_MAX,
	    urls, &an)))
		goto out;
	err = render(req, resp, site, "feed/sitemap", "urls", urls,
	    an > newest ? an : newest);
out:
	buf_release(&base);
	json_decref(urls);
	json_decref(site);
	return err;
}

/* Parses "YYYY-MM.xml"; false for anything else. */
static bool
parse_month(const char *s, size_t n, int *y, int *m)
{
	size_t i;

	if (n != 11 || s[4] != '-' || memcmp(s + 7, ".xml", 4) != 0)
		return false;
	for (i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	return *y >= 1000 && *m >= 1 && *m <= 12;
}

enum cong_err
site_sitemap_month(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *urls = json_array();
	struct buf base = BUF_INIT;
	const char *a = req->args[0];
	size_t n = req->args_len[0];
	int64_t site_id, newest = 0;
	int y = 0, m = 0;
	bool pages = n == 9 && memcmp(a, "trang.xml", 9) == 0;
	enum cong_err err;

	if (!pages && !(n == 9 && memcmp(a, "index.xml", 9) == 0) &&
	    !parse_month(a, n, &y, &m)) {
		json_decref(urls);
		return CONG_ENOTFOUND;
	}
	if ((err = site_for_request(req, &site)))
		goto out;
	site_id = json_integer_value(json_object_get(site, "id"));
	if ((err = site_base_url(req, site, &base)))
		goto out;
	if (n == 9 && !pages) {
		err = serve_index(req, resp, site, &base);
		goto out;
	}
	if (pages)
		err = page_urls(req, site_id, &base, urls, &newest);
	else
		err = article_urls(req, site_id, &base, month_start(y, m),
		    month_start(y, m + 1), urls, &newest);
	if (err)
		goto out;
	if (!pages && !json_array_size(urls)) {
		err = CONG_ENOTFOUND;
		goto out;
	}
	err = render(req, resp, site, "feed/sitemap", "urls", urls, newest);
out:
	buf_release(&base);
	json_decref(urls);
	json_decref(site);
	return err;
}

enum cong_err
site_sitemap_index(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL;
	struct buf base = BUF_INIT;
	enum cong_err err;

	if ((err = site_for_request(req, &site)))
		return err;
	if (!(err = site_base_url(req, site, &base)))
		err = serve_index(req, resp, site, &base);
	buf_release(&base);
	json_decref(site);
	return err;
}

enum cong_err
site_robots(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL;
	struct buf base = BUF_INIT;
	enum cong_err err;

	if ((err = site_for_request(req, &site)))
		return err;
	if ((err = site_base_url(req, site, &base)))
		goto out;
	buf_reset(&resp->body);
	buf_addf(&resp->body,
	    "# %s\n"
	    "User-agent: *\n"
	    "Disallow: /quan-tri/\n"
	    "Disallow: /tim-kiem\n"
	    "Allow: /\n"
	    "\n"
	    "Sitemap: %s/sitemap.xml\n",
	    json_string_value(json_object_get(site, "name")), base.ptr);
	resp->content_type = "text/plain; charset=utf-8";
	resp->max_age = 3600;
	err = http_resp_tags(resp, "s%lld", (long long)json_integer_value(
	    json_object_get(site, "id")));
out:
	buf_release(&base);
	json_decref(site);
	return err;
}
