/* SPDX-License-Identifier: ISC */
/*
 * media.c (admin): the media library page and the upload action. The
 * upload arrives as multipart/form-data, so the CSRF token is read from
 * its "csrf" part (admin_check_post reads url-encoded bodies only); the
 * Origin check and the token check both pass before the file is looked
 * at. The heavy work (decoding, resizing, encoding) runs here, on the
 * worker thread that took the request.
 */
#include "base/common.h"
#include "base/buf.h"
#include "base/log.h"
#include "admin/admin.h"
#include "admin/media.h"
#include "auth/csrf.h"
#include "content/media.h"
#include "http/multipart.h"
#include "render/escape.h"
#include "vn/date.h"
#include "vn/text.h"

#include <stdio.h>

#define MAX_PAGE 100000

static const char *media_dir = ".";

void
admin_media_init(const char *dir)
{
	media_dir = dir;
	/* libvips loads its modules now, before the sandbox closes */
	if (media_init())
		log_error("media: libvips did not start; uploads will fail");
}

/* ------------------------------------------------------------------ */
/* The library page                                                    */


/* "1,2 MB", "850 KB", "312 B": sizes as Vietnamese readers write them. */
static void
human_size(struct buf *b, int64_t n)
{
	if (n >= 1000 * 1000)
		buf_addf(b, "%lld,%lld MB", (long long)(n / 1000000),
		    (long long)(n % 1000000 / 100000));
	else if (n >= 1000)
		buf_addf(b, "%lld KB", (long long)(n / 1000));
	else
		buf_addf(b, "%lld B", (long long)n);
}

static void
decorate_item(json_t *it)
{
	struct buf b = BUF_INIT;
	const char *file = json_string_value(json_object_get(it, "file"));
	const char *dot = file ? strrchr(file, '.') : NULL;
	json_t *u;
	size_t i;

	human_size(&b, json_integer_value(json_object_get(it, "bytes")));
	json_object_set_new(it, "size", json_stringn(b.ptr, b.len));
	buf_reset(&b);
	if (!vn_date_format(&b, json_integer_value(json_object_get(it,
	    "created_at")), VN_DATE_DAY))
		json_object_set_new(it, "date", json_stringn(b.ptr, b.len));
	if (dot)
		json_object_set_new(it, "ext", json_string(dot + 1));
	json_array_foreach(json_object_get(it, "uses"), i, u) {
		const char *st = json_string_value(json_object_get(u,
		    "status"));
		const char *slug = json_string_value(json_object_get(u,
		    "slug"));

		if (st && slug && !strcmp(st, "published")) {
			buf_reset(&b);
			buf_adds(&b, "/tin-tuc/");
			escape_url_component(&b, slug, strlen(slug));
			json_object_set_new(u, "public_url", json_stringn(b.ptr,
			    b.len));
		}
	}
	buf_release(&b);
}

static json_t *
page_url(const char *q, int64_t page)
{
	struct buf b = BUF_INIT;
	json_t *s;

	buf_adds(&b, ADMIN_MEDIA_URL "?");
	if (*q) {
		buf_adds(&b, "q=");
		escape_url_component(&b, q, strlen(q));
		buf_addc(&b, '&');
	}
	buf_addf(&b, "trang=%lld", (long long)page);
	s = json_stringn(b.ptr, b.len);
	buf_release(&b);
	return s;
}

/* Renders the library; form (may be NULL) holds values and errors. */
static enum cong_err
library_page(struct http_req *req, struct http_resp *resp,
    struct admin_ctx *ctx, const char *q, int64_t page, json_t *form)
{
	json_t *lib = NULL, *it;
	int64_t pages;
	enum cong_err err;
	size_t i;

	if ((err = media_list(req->db, ctx->site_id, q, page,
	    ADMIN_MEDIA_PER_PAGE, &lib)))
		return err;
	json_array_foreach(json_object_get(lib, "items"), i, it)
		decorate_item(it);
	pages = json_integer_value(json_object_get(lib, "pages"));
	if (page > 1)
		json_object_set_new(lib, "prev_url", page_url(q, page - 1));
	if (page < pages)
		json_object_set_new(lib, "next_url", page_url(q, page + 1));
	json_object_set_new(lib, "form", form ? json_incref(form) :
	    json_pack("{s:{}}", "errors"));
	json_object_set_new(lib, "upload_url",
	    json_string(ADMIN_MEDIA_UPLOAD_URL));
	json_object_set_new(lib, "max_mb", json_integer(LIMIT_UPLOAD_BODY >>
	    20));
	err = admin_render(req, resp, ctx, "admin/media", "Thư viện tệp", lib);
	json_decref(lib);
	return err;
}

enum cong_err
admin_media_library(struct http_req *req, struct http_resp *resp)
{
	struct admin_ctx ctx;
	struct buf q;
	const char *v;
	size_t len = 0;
	int64_t page;
	enum cong_err err;

	buf_init(&q, LIMIT_QUERY);
	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if (!auth_can(&ctx.user, AUTH_UPLOAD, 0)) {
		err = CONG_EPERM;
		goto out;
	}
	if ((err = http_params_int(&req->params, "trang", 1, MAX_PAGE, 1,
	    &page)))
		goto out;
	v = http_params_get(&req->params, "q", &len);
	if (v && vn_text_line(v, len, &q)) {
		err = CONG_EINVAL;
		goto out;
	}
	err = library_page(req, resp, &ctx, q.ptr, page, NULL);
out:
	buf_release(&q);
	admin_ctx_release(&ctx);
	return err;
}

/* ------------------------------------------------------------------ */
/* Upload                                                              */

static const struct http_part *
part_named(const struct http_multipart *mp, const char *name)
{
	size_t i;

	for (i = 0; i < mp->n; i++)
		if (!strcmp(mp->parts[i].name, name))
			return &mp->parts[i];
	return NULL;
}

/*
 * The Origin check, then the multipart body, then its csrf part. Any
 * failure is CONG_EPERM: a body we cannot read carries no valid token.
 */
static enum cong_err
check_upload_post(struct http_req *req, struct admin_ctx *ctx,
    struct http_multipart *mp)
{
	const char *origin, *site, *ct;
	const struct http_part *tok;
	size_t olen = 0, slen = 0, ctlen = 0;

	origin = http_req_header(req, "origin", &olen);
	site = http_req_header(req, "sec-fetch-site", &slen);
	if (!auth_origin_ok(req->host, req->host_len, origin, olen, site,
	    slen)) {
		log_info("admin: cross-site upload refused");
		return CONG_EPERM;
	}
	ct = http_req_header(req, "content-type", &ctlen);
	if (!ct || http_multipart_parse(ct, ctlen, req->body, req->body_len,
	    mp)) {
		log_info("admin: upload without a readable multipart body");
		return CONG_EPERM;
	}
	tok = part_named(mp, AUTH_CSRF_FIELD);
	if (!tok || tok->filename ||
	    !auth_csrf_check(&ctx->user, tok->data, tok->len)) {
		log_info("admin: upload without a valid csrf token");
		return CONG_EPERM;
	}
	return CONG_OK;
}

/* A text part as a NUL-terminated string; false when over cap bytes. */
static bool
part_text(const struct http_multipart *mp, const char *name, size_t cap,
    struct buf *out)
{
	const struct http_part *p = part_named(mp, name);

	if (!p || p->filename)
		return true;
	if (p->len > cap)
		return false;
	return buf_add(out, p->data, p->len) == CONG_OK;
}

static void
form_error(json_t *form, const char *field, const char *msg)
{
	json_object_set_new(json_object_get(form, "errors"), field,
	    json_string(msg));
}

/* Stores the upload; on a refusal, fills form's errors and returns OK. */
static enum cong_err
store_upload(struct http_req *req, struct admin_ctx *ctx,
    const struct http_multipart *mp, json_t *form, json_t **out)
{
	struct media_fail fail = MEDIA_FAIL_INIT;
	const struct http_part *file = part_named(mp, "file");
	struct buf alt, cap;
	struct media_in in;
	enum cong_err err = CONG_OK;

	buf_init(&alt, LIMIT_ALT * 4);
	buf_init(&cap, LIMIT_CAPTION * 4);
	if (!part_text(mp, "alt", LIMIT_ALT * 2, &alt))
		form_error(form, "alt", "Mô tả ảnh (alt) quá dài.");
	if (!part_text(mp, "caption", LIMIT_CAPTION * 2, &cap))
		form_error(form, "caption", "Chú thích quá dài.");
	/* keep what was typed, so the form comes back filled */
	if (vn_utf8_valid(alt.ptr, alt.len))
		json_object_set_new(form, "alt", json_stringn(alt.ptr,
		    alt.len));
	if (vn_utf8_valid(cap.ptr, cap.len))
		json_object_set_new(form, "caption", json_stringn(cap.ptr,
		    cap.len));
	if (!file || !file->filename || !file->len)
		form_error(form, "file", "Chưa chọn tệp để tải lên.");
	if (json_object_size(json_object_get(form, "errors")))
		goto out;
	in = (struct media_in){ (const unsigned char *)file->data, file->len,
	    file->filename, cap.ptr, alt.ptr, ctx->user.login };
	err = media_add(req->db, media_dir, ctx->site_id, &in, req->now, out,
	    &fail);
	if (err && fail.field && fail.msg.len) {
		form_error(form, fail.field, fail.msg.ptr);
		err = CONG_OK;
	}
out:
	media_fail_release(&fail);
	buf_release(&alt);
	buf_release(&cap);
	return err;
}

enum cong_err
admin_media_upload(struct http_req *req, struct http_resp *resp)
{
	struct http_multipart mp = HTTP_MULTIPART_INIT;
	struct admin_ctx ctx;
	struct buf msg = BUF_INIT, name = BUF_INIT;
	json_t *form = NULL, *out = NULL;
	enum cong_err err;

	if ((err = admin_begin(req, resp, &ctx)) || ctx.answered)
		goto out;
	if ((err = check_upload_post(req, &ctx, &mp)))
		goto out;
	if (!auth_can(&ctx.user, AUTH_UPLOAD, 0)) {
		err = CONG_EPERM;
		goto out;
	}
	form = json_pack("{s:{}}", "errors");
	if ((err = store_upload(req, &ctx, &mp, form, &out)))
		goto out;
	if (out) {
		const struct http_part *f = part_named(&mp, "file");

		media_display_name(f ? f->filename : NULL, &name);
		if (json_is_true(json_object_get(out, "existed")))
			buf_addf(&msg, "Tệp “%s” đã có trong thư viện; dùng "
			    "lại bản đã lưu.", name.ptr);
		else
			buf_addf(&msg, "Đã tải lên “%s”.", name.ptr);
		err = admin_redirect(req, resp, &ctx, ADMIN_MEDIA_URL,
		    msg.ptr);
		goto out;
	}
	resp->status = 422;
	err = library_page(req, resp, &ctx, "", 1, form);
out:
	http_multipart_release(&mp);
	json_decref(form);
	json_decref(out);
	buf_release(&msg);
	buf_release(&name);
	admin_ctx_release(&ctx);
	return err;
}
