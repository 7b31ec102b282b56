/* SPDX-License-Identifier: ISC */
/*
 * api.c: the read-only JSON API under /api/v1/ (Circular 22/2023/TT-BTTTT
 * asks state portals to share their content as web services; a
 * component site feeds its parent portal through it). Every body is
 * built with jansson; every answer carries an ETag (a hash of the body)
 * and answers If-None-Match with 304; every GET is open to other origins
 * (Access-Control-Allow-Origin: *), since the data is public and no
 * cookie is read. Errors are {"error": "..."} with their status.
 * The OpenAPI 3.0 description is templates/api/openapi.mustache, plain
 * JSON checked by jansson when served.
 */
#include "base/common.h"
#include "base/buf.h"
#include "content/article.h"
#include "content/export.h"
#include "content/site.h"
#include "content/stats.h"
#include "site/page.h"
#include "vn/date.h"
#include "vn/slug.h"

#include <sodium.h>
#include <time.h>

#define API_CT "application/json; charset=utf-8"
#define API_MAX_AGE 60
#define API_PER_PAGE 20

/* ------------------------------------------------------------------ */
/* Answers                                                             */

/* Does the If-None-Match list (RFC 9110 13.1.2) name etag, or "*"? */
static bool
etag_listed(const char *inm, size_t n, const char *etag)
{
	size_t el = strlen(etag), i = 0;

	while (i < n) {
		size_t start, end;

		while (i < n && (inm[i] == ' ' || inm[i] == ','))
			i++;
		start = i;
		while (i < n && inm[i] != ',')
			i++;
		end = i;
		while (end > start && inm[end - 1] == ' ')
			end--;
		if (end - start >= 2 && memcmp(inm + start, "W/", 2) == 0)
			start += 2;
		if ((end - start == 1 && inm[start] == '*') ||
		    (end - start == el && memcmp(inm + start, etag, el) == 0))
			return true;
	}
	return false;
}

static enum cong_err
send_json(struct http_req *req, struct http_resp *resp, int status,
    json_t *body, int max_age)
{
	unsigned char h[16];
	char hex[33], etag[40];
	const char *inm;
	size_t inm_len = 0;
	char *text;

	text = json_dumps(body, JSON_COMPACT);
	if (!text)
		return CONG_ENOMEM;
	buf_reset(&resp->body);
	buf_adds(&resp->body, text);
	buf_addc(&resp->body, '\n');
	free(text);
	if (!buf_ok(&resp->body))
		return CONG_ETOOBIG;
	resp->status = status;
	resp->content_type = API_CT;
	resp->max_age = status == 200 ? max_age : -1;
	http_resp_header(resp, "access-control-allow-origin", "*");
	/* so a page on another origin can revalidate with If-None-Match */
	http_resp_header(resp, "access-control-expose-headers", "ETag");
	if (status != 200)
		return CONG_OK;
	crypto_generichash(h, sizeof(h), (const unsigned char *)resp->body.ptr,
	    resp->body.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(etag, sizeof(etag), "\"%s\"", hex);
	http_resp_header(resp, "etag", etag);
	http_resp_header(resp, "vary", "accept-encoding");
	inm = http_req_header(req, "if-none-match", &inm_len);
	if (inm && etag_listed(inm, inm_len, etag)) {
		resp->status = 304;
		buf_reset(&resp->body);
	}
	return CONG_OK;
}

static enum cong_err
send_error(struct http_req *req, struct http_resp *resp, int status,
    const char *why)
{
	json_t *o = json_pack("{s:s}", "error", why);
	enum cong_err err = send_json(req, resp, status, o, 0);

	json_decref(o);
	return err;
}

static json_t *
date_json(int64_t t)
{
	struct buf b = BUF_INIT;
	json_t *s = json_null();

	buf_init(&b, 64);
	if (t > 0 && !vn_date_format(&b, t, VN_DATE_RFC3339))
		s = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return s;
}

static json_t *
abs_url(const struct buf *base, const char *path)
{
	struct buf b = BUF_INIT;
	json_t *s;

	buf_add(&b, base->ptr, base->len);
	buf_adds(&b, path);
	s = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return s;
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* An article row as the API shows it; full adds the body. */
static json_t *
api_article(const struct buf *base, json_t *a, bool full)
{
	json_t *o;

	site_article_decorate(a);
	o = json_pack("{s:O, s:s, s:o, s:s, s:s, s:s, s:s, s:{s:O, s:s, s:s},"
	    " s:o, s:o, s:b, s:O}",
	    "id", json_object_get(a, "id"),
	    "slug", str(a, "slug"),
	    "url", abs_url(base, str(a, "url")),
	    "title", str(a, "title"),
	    "lead", str(a, "lead"),
	    "author", str(a, "author"),
	    "source", str(a, "source"),
	    "category", "id", json_object_get(a, "category_id"),
	    "slug", str(a, "category_slug"), "name", str(a, "category_name"),
	    "published", date_json(json_integer_value(json_object_get(a,
	    "published_at"))),
	    "updated", date_json(json_integer_value(json_object_get(a,
	    "updated_at"))),
	    "featured", json_integer_value(json_object_get(a, "featured")) != 0,
	    "views", json_object_get(a, "views"));
	if (json_object_get(a, "cover_url"))
		json_object_set_new(o, "cover", json_pack("{s:o, s:O, s:O, "
		    "s:s, s:s}", "url", abs_url(base, str(a, "cover_url")),
		    "width", json_object_get(a, "cover_width"), "height",
		    json_object_get(a, "cover_height"), "caption",
		    str(a, "cover_caption"), "alt", str(a, "cover_alt")));
	else
		json_object_set_new(o, "cover", json_null());
	if (full)
		json_object_set_new(o, "body_html", json_string(str(a,
		    "body_html")));
	return o;
}

/* ------------------------------------------------------------------ */
/* Parameters                                                          */

static bool
digits(const char *s, size_t n, int *out)
{
	size_t i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

/*
 * ISO 8601 as the API takes it: "YYYY-MM-DD" (00:00 Vietnam time) or
 * "YYYY-MM-DDTHH:MM:SS" with "Z", "+HH:MM" or "-HH:MM" (no zone: Vietnam
 * time).
 */
static enum cong_err
api_parse_time(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	int y, mo, d, h, mi, sec, oh = 7, om = 0, sign = 1;
	struct tm tm = { 0 };
	int64_t t;

	if (n == 10)
		return vn_date_parse_day(s, n, out);
	if (n < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' &&
	    s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) ||
	    !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return CONG_EINVAL;
	if (n == 20 && (s[19] == 'Z' || s[19] == 'z')) {
		oh = 0;
	} else if (n == 25 && (s[19] == '+' || s[19] == '-') &&
	    s[22] == ':' && digits(s + 20, 2, &oh) && digits(s + 23, 2, &om)) {
		sign = s[19] == '-' ? -1 : 1;
	} else if (n != 19) {
		return CONG_EINVAL;
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60 || oh > 14 || om > 59)
		return CONG_EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = (int64_t)timegm(&tm);
	if (tm.tm_mday != d)	/* 31/02 rolled over */
		return CONG_EINVAL;
	*out = t - sign * (oh * 3600 + om * 60);
	return CONG_OK;
}

/* ------------------------------------------------------------------ */
/* Endpoints                                                           */

enum cong_err
site_api_sites(struct http_req *req, struct http_resp *resp)
{
	json_t *sites = NULL, *list = json_array(), *s, *body;
	struct buf url = BUF_INIT;
	size_t i;
	enum cong_err err;

	if ((err = export_sites(req->db, &sites)))
		goto out;
	json_array_foreach(sites, i, s) {
		buf_reset(&url);
		buf_addf(&url, "http%s://%s/", site_https() ? "s" : "",
		    str(s, "host"));
		json_array_append_new(list, json_pack("{s:O, s:s, s:s, s:s, "
		    "s:s, s:s, s:O, s:b, s:s%}", "id", json_object_get(s, "id"),
		    "host", str(s, "host"), "name", str(s, "name"),
		    "short_name", str(s, "short_name"), "agency",
		    str(s, "agency"), "kind", str(s, "kind"), "parent_id",
		    json_object_get(s, "parent_id"), "default",
		    json_integer_value(json_object_get(s, "is_default")) != 0,
		    "url", url.ptr, url.len));
	}
	body = json_pack("{s:O}", "sites", list);
	err = send_json(req, resp, 200, body, API_MAX_AGE);
	json_decref(body);
out:
	buf_release(&url);
	json_decref(list);
	json_decref(sites);
	return err;
}

enum cong_err
site_api_categories(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *cats = NULL, *list = json_array(), *c, *body;
	struct buf base = BUF_INIT, u = BUF_INIT;
	size_t i;
	enum cong_err err;

	if ((err = site_for_request(req, &site)) ||
	    (err = site_base_url(req, site, &base)) ||
	    (err = category_list(req->db, json_integer_value(
	    json_object_get(site, "id")), &cats)))
		goto out;
	json_array_foreach(cats, i, c) {
		buf_reset(&u);
		buf_addf(&u, "%s/chuyen-muc/%s", base.ptr, str(c, "slug"));
		json_array_append_new(list, json_pack("{s:O, s:s, s:s, s:O, "
		    "s:s, s:s++}", "id", json_object_get(c, "id"), "slug",
		    str(c, "slug"), "name", str(c, "name"), "sort",
		    json_object_get(c, "sort"), "url", u.ptr, "rss", u.ptr,
		    "/rss.xml", ""));
	}
	body = json_pack("{s:O, s:O}", "site", json_object_get(site, "id"),
	    "categories", list);
	err = send_json(req, resp, 200, body, API_MAX_AGE);
	json_decref(body);
out:
	buf_release(&base);
	buf_release(&u);
	json_decref(list);
	json_decref(cats);
	json_decref(site);
	return err;
}

/* Reads page, per_page, updated_since and category; why on error. */
static bool
read_query(struct http_req *req, struct export_query *q, const char **why)
{
	const char *v;
	size_t n;

	int64_t page, per_page;

	q->updated_since = 0;
	q->category = NULL;
	if (http_params_int(&req->params, "page", 1, 1000000, 1, &page)) {
		*why = "page must be an integer from 1";
		return false;
	}
	if (http_params_int(&req->params, "per_page", 1,
	    EXPORT_API_PER_PAGE_MAX, API_PER_PAGE, &per_page)) {
		*why = "per_page must be an integer from 1 to 100";
		return false;
	}
	q->page = (int)page;
	q->per_page = (int)per_page;
	if ((v = http_params_get(&req->params, "updated_since", NULL)) &&
	    api_parse_time(v, &q->updated_since)) {
		*why = "updated_since must be an ISO 8601 date or date-time";
		return false;
	}
	if ((v = http_params_get(&req->params, "category", &n))) {
		if (!vn_slug_valid(v, n)) {
			*why = "category must be a category slug";
			return false;
		}
		q->category = v;
	}
	return true;
}

enum cong_err
site_api_articles(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *rows = NULL, *list = json_array(), *a, *body;
	struct buf base = BUF_INIT;
	struct export_query q;
	const char *why = NULL;
	int64_t total = 0;
	size_t i;
	enum cong_err err;

	if (!read_query(req, &q, &why)) {
		err = send_error(req, resp, 400, why);
		goto out;
	}
	if ((err = site_for_request(req, &site)) ||
	    (err = site_base_url(req, site, &base)) ||
	    (err = export_api_articles(req->db, json_integer_value(
	    json_object_get(site, "id")), req->now, &q, &rows, &total)))
		goto out;
	json_array_foreach(rows, i, a)
		json_array_append_new(list, api_article(&base, a, false));
	body = json_pack("{s:i, s:i, s:I, s:I, s:O}", "page", q.page,
	    "per_page", q.per_page, "total", (json_int_t)total, "pages",
	    (json_int_t)((total + q.per_page - 1) / q.per_page), "articles",
	    list);
	err = send_json(req, resp, 200, body, API_MAX_AGE);
	json_decref(body);
out:
	buf_release(&base);
	json_decref(list);
	json_decref(rows);
	json_decref(site);
	return err;
}

enum cong_err
site_api_article(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *art = NULL, *body;
	struct buf base = BUF_INIT;
	enum cong_err err;

	if (!vn_slug_valid(req->args[0], req->args_len[0]))
		return send_error(req, resp, 404, "no such article");
	if ((err = site_for_request(req, &site)) ||
	    (err = site_base_url(req, site, &base)))
		goto out;
	err = article_public_get(req->db, json_integer_value(json_object_get(
	    site, "id")), req->now, req->args[0], req->args_len[0], &art);
	if (err == CONG_ENOTFOUND) {
		err = send_error(req, resp, 404, "no such article");
		goto out;
	}
	if (err)
		goto out;
	body = json_pack("{s:o}", "article", api_article(&base, art, true));
	err = send_json(req, resp, 200, body, API_MAX_AGE);
	json_decref(body);
out:
	buf_release(&base);
	json_decref(art);
	json_decref(site);
	return err;
}

enum cong_err
site_api_stats(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *c = NULL;
	enum cong_err err;

	if ((err = site_for_request(req, &site)) ||
	    (err = stats_counters(req->db, json_integer_value(
	    json_object_get(site, "id")), req->now, &c)))
		goto out;
	err = send_json(req, resp, 200, c, 10);
out:
	json_decref(c);
	json_decref(site);
	return err;
}

enum cong_err
site_api_openapi(struct http_req *req, struct http_resp *resp)
{
	json_t *site = NULL, *ctx = json_object(), *doc = NULL;
	struct buf base = BUF_INIT;
	enum cong_err err;

	if ((err = site_for_request(req, &site)) ||
	    (err = site_base_url(req, site, &base)) ||
	    (err = site_render(req, resp, "api/openapi", site, ctx, NULL)))
		goto out;
	if (!(doc = json_loadb(resp->body.ptr, resp->body.len, 0, NULL))) {
		err = CONG_EPARSE;
		goto out;
	}
	buf_adds(&base, "/api/v1");
	json_object_set_new(doc, "servers", json_pack("[{s:s, s:s}]", "url",
	    base.ptr, "description", str(site, "name")));
	err = send_json(req, resp, 200, doc, 3600);
out:
	buf_release(&base);
	json_decref(doc);
	json_decref(ctx);
	json_decref(site);
	return err;
}

enum cong_err
site_api_error(struct http_req *req, struct http_resp *resp, int status)
{
	return send_error(req, resp, status, http_status_reason(status));
}

enum cong_err
site_api_not_found(struct http_req *req, struct http_resp *resp)
{
	return send_error(req, resp, 404, "no such endpoint");
}
