/* SPDX-License-Identifier: ISC */
/*
 * stats.c: the statistics page and its CSV export. The chart is an SVG
 * made of rectangles whose geometry is computed here, so the page needs
 * no script and no chart library, and the CSP stays strict.
 */
#include "base/common.h"
#include "base/buf.h"
#include "admin/admin.h"
#include "admin/stats.h"
#include "content/stats.h"
#include "vn/date.h"

#include <stdio.h>

/* The chart's canvas, in SVG user units. */
#define CH_W 760
#define CH_H 260
#define CH_LEFT 56
#define CH_BOTTOM 28
#define CH_TOP 12
#define CH_TICKS 4

/* The period asked for by ?ngay=, or the default. */
static int
period(struct http_req *req)
{
	static const int allowed[] = { 7, 30, 90, 365 };
	const char *v = http_params_get(&req->params, "ngay", NULL);
	size_t i;

	for (i = 0; v && i < ARRAY_SIZE(allowed); i++) {
		char num[8];

		snprintf(num, sizeof(num), "%d", allowed[i]);
		if (strcmp(v, num) == 0)
			return allowed[i];
	}
	return ADMIN_STATS_DAYS;
}

/* A round scale top for max: 1, 2 or 5 times a power of ten. */
static int64_t
nice_max(int64_t max)
{
	int64_t p = 1;

	if (max < CH_TICKS)
		return CH_TICKS;
	while (p * 10 <= max)
		p *= 10;
	if (max <= 2 * p)
		return 2 * p;
	if (max <= 5 * p)
		return 5 * p;
	return 10 * p;
}

/*
 * Adds the chart's geometry to days (x, y, w, h, show_label) and returns
 * {width, height, bars, ticks, total}.
 */
static json_t *
chart(json_t *days)
{
	size_t n = json_array_size(days), i, step;
	int64_t max = 0, top, total = 0;
	double plot_w = CH_W - CH_LEFT - 8, plot_h = CH_H - CH_TOP - CH_BOTTOM;
	double bw = n ? plot_w / (double)n : plot_w;
	json_t *d, *ticks = json_array();
	int t;

	json_array_foreach(days, i, d) {
		int64_t v = json_integer_value(json_object_get(d, "views"));

		max = v > max ? v : max;
		total += v;
	}
	top = nice_max(max);
	step = n > 12 ? (n + 9) / 10 : 1;
	json_array_foreach(days, i, d) {
		int64_t v = json_integer_value(json_object_get(d, "views"));
		double h = plot_h * (double)v / (double)top;
		double x = CH_LEFT + bw * (double)i;

		json_object_set_new(d, "x", json_integer((json_int_t)(x + 1)));
		json_object_set_new(d, "w", json_integer((json_int_t)(bw > 3 ?
		    bw - 2 : 1)));
		json_object_set_new(d, "h", json_integer((json_int_t)h));
		json_object_set_new(d, "y", json_integer((json_int_t)(CH_TOP +
		    plot_h - h)));
		json_object_set_new(d, "lx", json_integer((json_int_t)(x +
		    bw / 2)));
		json_object_set_new(d, "show_label", json_boolean(
		    (n - 1 - i) % step == 0));
	}
	for (t = 0; t <= CH_TICKS; t++) {
		double y = CH_TOP + plot_h - plot_h * t / CH_TICKS;

		json_array_append_new(ticks, json_pack("{s:i, s:I, s:i}",
		    "y", (int)y, "value", (json_int_t)(top * t / CH_TICKS),
		    "ty", (int)y + 4));
	}
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:o, s:I}", "width", CH_W,
	    "height", CH_H, "left", CH_LEFT, "right", CH_W - 8, "base",
	    CH_H - CH_BOTTOM, "ticks", ticks, "total", (json_int_t)total);
}

/* The four tables, for both the page and the CSV. */
static enum cong_err
load(struct http_req *req, int64_t site_id, int days, json_t **out)
{
	json_t *daily = NULL, *top = NULL, *cats = NULL, *authors = NULL;
	json_t *counters = NULL;
	enum cong_err err;

	*out = NULL;
	if ((err = stats_days(req->db, site_id, req->now, days, &daily)) ||
	    (err = stats_top_articles(req->db, site_id, req->now, days,
	    ADMIN_STATS_TOP, &top)) ||
	    (err = stats_by_category(req->db, site_id, req->now, days,
	    &cats)) ||
	    (err = stats_by_author(req->db, site_id, req->now, days,
	    ADMIN_STATS_TOP, &authors)) ||
	    (err = stats_counters(req->db, site_id, req->now, &counters)))
		goto out;
	*out = json_pack("{s:i, s:o, s:o, s:o, s:o, s:o}", "days", days,
	    "daily", daily, "top", top, "categories", cats, "authors",
	    authors, "counters", counters);
	daily = top = cats = authors = counters = NULL;
out:
	json_decref(daily);
	json_decref(top);
	json_decref(cats);
	json_decref(authors);
	json_decref(counters);
	return err;
}

enum cong_err
admin_stats(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	json_t *data = NULL, *periods;
	int days;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	days = period(req);
	if ((err = load(req, ctx.site_id, days, &data)))
		goto out;
	json_object_set_new(data, "chart", chart(json_object_get(data,
	    "daily")));
	periods = json_pack("[{s:i, s:b}, {s:i, s:b}, {s:i, s:b}, {s:i, s:b}]",
	    "n", 7, "on", days == 7, "n", 30, "on", days == 30, "n", 90, "on",
	    days == 90, "n", 365, "on", days == 365);
	json_object_set_new(data, "periods", periods);
	err = admin_render(req, resp, &ctx, "admin/stats", "Thống kê truy cập",
	    data);
out:
	json_decref(data);
	admin_ctx_release(&ctx);
	return err;
}

/* ------------------------------------------------------------------ */
/* CSV (RFC 4180)                                                      */

/*
 * One field: quoted when it holds a comma, quote or line break; a text
 * that a spreadsheet would take for a formula (= + - @ first) gets a
 * leading apostrophe, so an article title cannot run as one.
 */
static void
csv_field(struct buf *b, const char *s, bool first)
{
	size_t i, n = strlen(s);

	if (!first)
		buf_addc(b, ',');
	buf_addc(b, '"');
	if (n && strchr("=+-@\t\r", s[0]))
		buf_addc(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

static void
csv_int(struct buf *b, json_t *v)
{
	buf_addf(b, ",%lld", (long long)json_integer_value(v));
}

static const char *
str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void
csv_write(struct buf *b, json_t *data)
{
	json_t *r;
	size_t i;

	buf_adds(b, "\xEF\xBB\xBF");	/* BOM: Excel then reads UTF-8 */
	buf_adds(b, "\"Ngày\",\"Lượt xem\",\"Lượt khách\"\r\n");
	json_array_foreach(json_object_get(data, "daily"), i, r) {
		csv_field(b, str(r, "day"), true);
		csv_int(b, json_object_get(r, "views"));
		csv_int(b, json_object_get(r, "visitors"));
		buf_adds(b, "\r\n");
	}
	buf_adds(b, "\r\n\"Bài viết\",\"Chuyên mục\",\"Tác giả\","
	    "\"Lượt xem\"\r\n");
	json_array_foreach(json_object_get(data, "top"), i, r) {
		csv_field(b, str(r, "title"), true);
		csv_field(b, str(r, "category_name"), false);
		csv_field(b, str(r, "author"), false);
		csv_int(b, json_object_get(r, "views"));
		buf_adds(b, "\r\n");
	}
	buf_adds(b, "\r\n\"Chuyên mục\",\"Số bài\",\"Lượt xem\"\r\n");
	json_array_foreach(json_object_get(data, "categories"), i, r) {
		csv_field(b, str(r, "name"), true);
		csv_int(b, json_object_get(r, "articles"));
		csv_int(b, json_object_get(r, "views"));
		buf_adds(b, "\r\n");
	}
	buf_adds(b, "\r\n\"Tác giả\",\"Số bài\",\"Lượt xem\"\r\n");
	json_array_foreach(json_object_get(data, "authors"), i, r) {
		csv_field(b, str(r, "author"), true);
		csv_int(b, json_object_get(r, "articles"));
		csv_int(b, json_object_get(r, "views"));
		buf_adds(b, "\r\n");
	}
}

enum cong_err
admin_stats_csv(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	struct buf day = BUF_INIT, disp = BUF_INIT;
	json_t *data = NULL;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = load(req, ctx.site_id, period(req), &data)))
		goto out;
	buf_reset(&resp->body);
	csv_write(&resp->body, data);
	if (!buf_ok(&resp->body)) {
		err = CONG_ETOOBIG;
		goto out;
	}
	resp->content_type = "text/csv; charset=utf-8";
	vn_date_format(&day, req->now, VN_DATE_ISO_DAY);
	buf_addf(&disp, "attachment; filename=\"thong-ke-%s.csv\"", day.ptr);
	err = http_resp_header(resp, "content-disposition", disp.ptr);
out:
	buf_release(&day);
	buf_release(&disp);
	json_decref(data);
	admin_ctx_release(&ctx);
	return err;
}
