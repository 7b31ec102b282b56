/* SPDX-License-Identifier: ISC */
/*
 * site/search.c: the search page. Reads the query and its filters, asks
 * search/index.h, and shows ten results a page with the query words
 * marked in the original text. Every reader mistake gets a sentence in
 * Vietnamese on the page itself and the form to try again.
 */
#include "base/common.h"
#include "base/buf.h"

#include "content/site.h"
#include "render/escape.h"
#include "search/index.h"
#include "site/page.h"
#include "site/search.h"
#include "vn/date.h"
#include "vn/text.h"

#define PER_PAGE 10
#define MAX_PAGE (SEARCH_CANDIDATES / PER_PAGE)
#define DAY 86400

static const char MSG_EMPTY[] = "Mời bạn nhập từ khóa, có dấu hoặc không "
    "dấu, ví dụ: thi đua, hoi nghi, 42/2022/NĐ-CP.";
static const char MSG_NOWORD[] = "Từ khóa chưa có chữ hay số nào để tìm. "
    "Mời bạn nhập từ khóa khác.";
static const char MSG_BADTEXT[] = "Từ khóa có ký tự không đọc được. Mời "
    "bạn gõ lại từ khóa.";
static const char MSG_TOOLONG[] = "Từ khóa quá dài: xin dùng tối đa 16 từ.";
static const char MSG_BADDATE[] = "Ngày không hợp lệ: xin viết theo dạng "
    "ngày/tháng/năm, ví dụ 18/07/2019.";
static const char MSG_DATEORDER[] = "Ngày bắt đầu (từ ngày) phải trước "
    "ngày kết thúc (đến ngày).";
static const char MSG_NOCAT[] = "Không có chuyên mục này; kết quả được tìm "
    "trong mọi chuyên mục.";

/* What the reader asked, read leniently: mistakes become messages. */
struct ask {
	const char *q, *cat, *tu, *den;
	size_t q_len, cat_len, tu_len, den_len;
	int page;
	const char *msg;
};

static const char *
param(const struct http_req *req, const char *name, size_t *len)
{
	const char *v = http_params_get(&req->params, name, len);

	if (!v || !vn_utf8_valid(v, *len)) {
		*len = 0;
		return "";
	}
	return v;
}

/* ?trang=N, 1..9999; anything else is the first page, not an error. */
static int
page_of(const struct http_req *req)
{
	int64_t n;

	http_params_int(&req->params, "trang", 1, 9999, 1, &n);
	return (int)n;
}

/* Parses tu/den into p; a bad one sets the message and is ignored. */
static void
read_dates(struct ask *a, struct search_params *p)
{
	int64_t t;

	if (a->tu_len) {
		if (vn_date_parse_day(a->tu, a->tu_len, &t))
			a->msg = MSG_BADDATE;
		else
			p->from = t;
	}
	if (a->den_len) {
		if (vn_date_parse_day(a->den, a->den_len, &t))
			a->msg = MSG_BADDATE;
		else
			p->to = t + DAY;
	}
	if (p->from && p->to && p->from >= p->to) {
		a->msg = MSG_DATEORDER;
		p->from = p->to = 0;
	}
}

/* The page's own URL with the given page number, for the pager. */
static void
page_url(struct buf *b, const struct ask *a, int page)
{
	buf_adds(b, "/tim-kiem?q=");
	escape_url_component(b, a->q, a->q_len);
	if (a->cat_len) {
		buf_adds(b, "&chuyen-muc=");
		escape_url_component(b, a->cat, a->cat_len);
	}
	if (a->tu_len) {
		buf_adds(b, "&tu=");
		escape_url_component(b, a->tu, a->tu_len);
	}
	if (a->den_len) {
		buf_adds(b, "&den=");
		escape_url_component(b, a->den, a->den_len);
	}
	if (page > 1)
		buf_addf(b, "&trang=%d", page);
}

static json_t *
pager(const struct ask *a, int pages)
{
	json_t *p = json_pack("{s:i, s:i, s:b}", "page", a->page, "pages",
	    pages, "many", pages > 1);
	struct buf b = BUF_INIT;

	if (a->page > 1) {
		page_url(&b, a, a->page - 1);
		json_object_set_new(p, "prev", json_string(b.ptr));
	}
	if (a->page < pages) {
		buf_reset(&b);
		page_url(&b, a, a->page + 1);
		json_object_set_new(p, "next", json_string(b.ptr));
	}
	buf_release(&b);
	return p;
}

/* The categories for the filter, the chosen one marked; its id in *id. */
static json_t *
categories(struct http_req *req, int64_t site_id, struct ask *a,
    int64_t *id)
{
	json_t *list = NULL, *c;
	size_t i;

	*id = 0;
	if (category_list(req->db, site_id, &list))
		return json_array();
	json_array_foreach(list, i, c) {
		const char *slug = json_string_value(json_object_get(c,
		    "slug"));
		bool sel = slug && a->cat_len && mem_eq_str(a->cat, a->cat_len,
		    slug);

		json_object_set_new(c, "selected", json_boolean(sel));
		if (sel)
			*id = json_integer_value(json_object_get(c, "id"));
	}
	if (a->cat_len && !*id && !a->msg)
		a->msg = MSG_NOCAT;
	return list;
}

static enum cong_err
run(struct http_req *req, struct ask *a, struct search_params *p,
    json_t *ctx)
{
	struct search_query *q = xcalloc(1, sizeof(*q));
	json_t *items = NULL;
	int64_t total = 0;
	bool capped = false;
	enum cong_err err;
	int pages;

	err = search_query_parse(a->q, a->q_len, q);
	if (err) {
		if (!a->msg)
			a->msg = err == CONG_ENOTFOUND ? MSG_NOWORD :
			    err == CONG_ETOOBIG ? MSG_TOOLONG : MSG_BADTEXT;
		err = CONG_OK;
		goto out;
	}
	p->page = a->page;
	p->per_page = PER_PAGE;
	if ((err = search_run(req->db, q, p, &items, &total, &capped)))
		goto out;
	site_articles_decorate(items);
	pages = total ? (int)((total + PER_PAGE - 1) / PER_PAGE) : 1;
	json_object_set_new(ctx, "searched", json_true());
	json_object_set_new(ctx, "results", items);
	json_object_set_new(ctx, "total", json_integer(total));
	json_object_set_new(ctx, "capped", json_boolean(capped));
	json_object_set_new(ctx, "none", json_boolean(total == 0));
	json_object_set_new(ctx, "past_end", json_boolean(total > 0 &&
	    a->page > pages));
	json_object_set_new(ctx, "pager", pager(a, pages));
out:
	free(q);
	return err;
}

enum cong_err
site_search(struct http_req *req, struct http_resp *resp)
{
	struct search_params p;
	struct ask a;
	json_t *site = NULL, *ctx = NULL;
	enum cong_err err;

	memset(&a, 0, sizeof(a));
	memset(&p, 0, sizeof(p));
	a.q = param(req, "q", &a.q_len);
	a.cat = param(req, "chuyen-muc", &a.cat_len);
	a.tu = param(req, "tu", &a.tu_len);
	a.den = param(req, "den", &a.den_len);
	a.page = page_of(req);
	if (a.page > MAX_PAGE)
		a.page = MAX_PAGE + 1;
	if ((err = site_for_request(req, &site)))
		return err;
	p.site_id = json_integer_value(json_object_get(site, "id"));
	p.now = req->now;
	ctx = json_pack("{s:{s:s%}, s:s%, s:s%, s:s%}",
	    "search", "q", a.q, a.q_len, "tu", a.tu, a.tu_len, "den", a.den,
	    a.den_len, "q", a.q, a.q_len);
	read_dates(&a, &p);
	json_object_set_new(ctx, "categories", categories(req, p.site_id, &a,
	    &p.category_id));
	if (a.q_len == 0 && !a.msg)
		json_object_set_new(ctx, "empty", json_true());
	else if ((err = run(req, &a, &p, ctx)))
		goto out;
	if (a.msg)
		json_object_set_new(ctx, "message", json_string(a.msg));
	json_object_set_new(ctx, "tips", json_string(MSG_EMPTY));
	err = site_render(req, resp, "site/search", site, ctx, NULL);
	resp->max_age = 60;
	http_resp_header(resp, "x-robots-tag", "noindex");
out:
	json_decref(ctx);
	json_decref(site);
	return err;
}
