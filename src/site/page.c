/* SPDX-License-Identifier: ISC */
/*
 * page.c: the parts every public page shares.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "content/media.h"
#include "content/site.h"
#include "http/server.h"
#include "render/tmpl.h"
#include "site/page.h"
#include "store/store.h"
#include "vn/date.h"

#include <stdio.h>
#include <time.h>

static const struct tmpl_set *tmpls;
static bool https;
static const char *media_dir;
static const char *static_dir;

void
site_pages_init(const struct tmpl_set *templates)
{
	tmpls = templates;
}

void
site_pages_env(bool behind_tls, const char *sdir, const char *mdir)
{
	https = behind_tls;
	static_dir = sdir;
	media_dir = mdir;
}

const char *
site_static_dir(void)
{
	return static_dir;
}

bool
site_https(void)
{
	return https;
}

const char *
site_media_dir(void)
{
	return media_dir;
}

/* A Host value safe to print in a URL: a name or address and a port. */
static bool
host_plain(const char *h, size_t n)
{
	size_t i;

	if (!n || n > 255)
		return false;
	for (i = 0; i < n; i++) {
		char c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return false;
	}
	return true;
}

enum cong_err
site_base_url(const struct http_req *req, const json_t *site,
    struct buf *out)
{
	const char *h = json_string_value(json_object_get(site, "host"));

	buf_adds(out, https ? "https://" : "http://");
	if (host_plain(req->host, req->host_len))
		buf_add(out, req->host, req->host_len);
	else
		buf_adds(out, h ? h : "localhost");
	return buf_ok(out) ? CONG_OK : CONG_ETOOBIG;
}

enum cong_err
site_for_request(struct http_req *req, json_t **site)
{
	enum cong_err err;

	err = site_resolve(req->db, req->host, req->host_len, site);
	if (err == CONG_ENOTFOUND)
		log_error("no site for host '%s' and no default site",
		    req->host);
	return err;
}

static json_t *
assets(void)
{
	return json_pack("{s:s, s:s, s:s, s:s}",
	    "css", http_static_url("css/site.css"),
	    "print_css", http_static_url("css/print.css"),
	    "site_js", http_static_url("js/site.js"),
	    "counter_js", http_static_url("js/counter.js"));
}

static void
mark_menu(json_t *site, const char *current)
{
	json_t *menu = json_object_get(site, "menu"), *item;
	size_t i;

	json_array_foreach(menu, i, item) {
		const char *url = json_string_value(json_object_get(item,
		    "url"));

		json_object_set_new(item, "current", json_boolean(current &&
		    url && strcmp(url, current) == 0));
	}
}

enum cong_err
site_render(struct http_req *req, struct http_resp *resp, const char *name,
    json_t *site, json_t *ctx, const char *current)
{
	struct tm tm;
	struct buf base = BUF_INIT;
	time_t now = (time_t)req->now + 7 * 3600;
	enum cong_err err;

	gmtime_r(&now, &tm);
	mark_menu(site, current);
	json_object_set(ctx, "site", site);
	json_object_set_new(ctx, "assets", assets());
	json_object_set_new(ctx, "now_year", json_integer(tm.tm_year + 1900));
	site_base_url(req, site, &base);
	json_object_set_new(ctx, "base_url", json_stringn(base.ptr, base.len));
	/* error pages (their ctx has "status") have no canonical URL */
	if (!json_object_get(ctx, "canonical_url") &&
	    !json_object_get(ctx, "status")) {
		buf_add(&base, req->path, req->path_len);
		json_object_set_new(ctx, "canonical_url", json_stringn(
		    base.ptr, base.len));
	}
	buf_release(&base);
	buf_reset(&resp->body);
	err = tmpl_render(tmpls, name, ctx, &resp->body);
	if (err)
		log_error("cannot render '%s': %s", name, cong_strerror(err));
	return err;
}

static void
set_date(json_t *a, const char *key, int64_t t, enum vn_date_style style)
{
	struct buf b = BUF_INIT;

	if (!vn_date_format(&b, t, style))
		json_object_set_new(a, key, json_stringn(b.ptr, b.len));
	buf_release(&b);
}

void
site_article_decorate(json_t *a)
{
	struct buf b = BUF_INIT;
	json_t *pub = json_object_get(a, "published_at");
	const char *s;

	buf_addf(&b, "/tin-tuc/%s", json_string_value(json_object_get(a,
	    "slug")));
	json_object_set_new(a, "url", json_stringn(b.ptr, b.len));
	if ((s = json_string_value(json_object_get(a, "category_slug")))) {
		buf_reset(&b);
		buf_addf(&b, "/chuyen-muc/%s", s);
		json_object_set_new(a, "category_url",
		    json_stringn(b.ptr, b.len));
	}
	if ((s = json_string_value(json_object_get(a, "cover_file")))) {
		buf_reset(&b);
		buf_addf(&b, "/media/%s", s);
		json_object_set_new(a, "cover_url", json_stringn(b.ptr, b.len));
		media_cover_decorate(a);
	}
	if (json_is_integer(pub)) {
		int64_t t = json_integer_value(pub);

		set_date(a, "stamp", t, VN_DATE_STAMP);
		set_date(a, "datetime", t, VN_DATE_RFC3339);
		set_date(a, "date", t, VN_DATE_DAY);
	}
	buf_release(&b);
}

void
site_articles_links(json_t *array)
{
	struct buf b = BUF_INIT;
	json_t *a;
	size_t i;

	json_array_foreach(array, i, a) {
		json_t *pub = json_object_get(a, "published_at");

		buf_reset(&b);
		buf_addf(&b, "/tin-tuc/%s", json_string_value(
		    json_object_get(a, "slug")));
		json_object_set_new(a, "url", json_stringn(b.ptr, b.len));
		if (json_is_integer(pub))
			set_date(a, "date", json_integer_value(pub),
			    VN_DATE_DAY);
	}
	buf_release(&b);
}

void
site_articles_decorate(json_t *array)
{
	json_t *a;
	size_t i;

	json_array_foreach(array, i, a)
		site_article_decorate(a);
}

enum cong_err
site_error_page(struct http_req *req, struct http_resp *resp, int status)
{
	static const struct {
		int status;
		const char *title;
		const char *text;
	} pages[] = {
		{ 400, "Yêu cầu không hợp lệ",
		    "Địa chỉ hoặc dữ liệu gửi lên không đúng định dạng." },
		{ 403, "Không có quyền truy cập",
		    "Bạn không có quyền xem trang này." },
		{ 404, "Không tìm thấy trang",
		    "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. "
		    "Mời bạn quay về trang chủ hoặc dùng ô tìm kiếm." },
		{ 405, "Phương thức không được hỗ trợ",
		    "Trang này không nhận loại yêu cầu vừa gửi." },
		{ 410, "Bài viết đã được gỡ",
		    "Nội dung này không còn được đăng trên cổng thông tin." },
		{ 413, "Dữ liệu quá lớn",
		    "Dữ liệu gửi lên vượt quá giới hạn cho phép." },
		{ 503, "Hệ thống tạm thời gián đoạn",
		    "Cổng thông tin đang bảo trì hoặc quá tải. Xin vui lòng "
		    "thử lại sau ít phút." },
		{ 500, "Lỗi hệ thống",
		    "Đã có lỗi xảy ra khi xử lý yêu cầu. Xin vui lòng thử "
		    "lại sau." },
	};
	json_t *site = NULL, *ctx;
	size_t i;
	enum cong_err err;

	if (req->path_len >= 5 && memcmp(req->path, "/api/", 5) == 0)
		return site_api_error(req, resp, status);
	for (i = 0; i < ARRAY_SIZE(pages) - 1; i++)
		if (pages[i].status == status)
			break;
	if (!req->db || site_for_request(req, &site))
		return CONG_EUNAVAIL;
	ctx = json_pack("{s:i, s:s, s:s}", "status", status, "title",
	    pages[i].title, "text", pages[i].text);
	err = site_render(req, resp, "site/error", site, ctx, NULL);
	resp->status = status;
	resp->max_age = -1;
	json_decref(ctx);
	json_decref(site);
	return err;
}
